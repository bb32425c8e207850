import type { StripeLister } from '../stripe-client';
import type { StripeColumn } from './stream-columns';

/** How the connector reads one Stripe resource. */
export interface StripeStreamDefinition {
  readonly name: string;
  readonly description: string;
  /** The `object` value of this stream's objects (`charge`). */
  readonly objectType: string;
  /** Columns besides `id`, `created`, `livemode`, `metadata`, `deleted`, `sync_position`. */
  readonly columns: readonly StripeColumn[];
  /** The SDK list call. */
  readonly list: StripeLister;
  /**
   * Event types whose `data.object` is an object of this stream. Absent for streams Stripe
   * sends no events for (balance transactions), which are re-read by `created` instead.
   */
  readonly eventTypes?: readonly string[];
  /** Event types after which the object no longer exists in Stripe (kept with `deleted = true`). */
  readonly deleteEvents?: readonly string[];
}
