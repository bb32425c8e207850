/** A Stripe API object as the fake stores it: plain JSON with `id`, `object` and `created` (seconds). */
export type StripeObject = { id: string; object: string; created: number } & Record<string, unknown>;

/** Filters of one list request, already parsed. */
export interface ListQuery {
  readonly limit: number;
  readonly startingAfter?: string;
  readonly endingBefore?: string;
  /** Inclusive bounds on `created`, in seconds. */
  readonly createdFrom?: number;
  readonly createdTo?: number;
  readonly match?: (object: StripeObject) => boolean;
}

/** The answer to a list request, or the id of an unknown cursor. */
export type ListResult = { readonly data: StripeObject[]; readonly hasMore: boolean } | { readonly unknownCursor: string };

/**
 * One resource's objects in Stripe's list order (newest first by `created`, then newest
 * inserted first). Deleted objects stay as tombstones so cursors on them keep working; they are
 * left out of lists.
 */
export class StripeObjectList {
  private readonly ids: string[] = [];
  private readonly created: number[] = [];
  private readonly position = new Map<string, number>();
  private readonly objects = new Map<string, StripeObject>();
  private readonly deleted = new Set<string>();

  /** Live (not deleted) objects. */
  get size(): number {
    return this.objects.size - this.deleted.size;
  }

  /** Adds a new object; kept in `created` order. */
  insert(object: StripeObject): void {
    if (this.objects.has(object.id)) throw new Error(`duplicate id ${object.id}`);
    this.objects.set(object.id, object);
    const n = this.ids.length;
    if (n === 0 || this.created[n - 1]! <= object.created) {
      this.ids.push(object.id);
      this.created.push(object.created);
      this.position.set(object.id, n);
      return;
    }
    const at = upperBound(this.created, object.created);
    this.ids.splice(at, 0, object.id);
    this.created.splice(at, 0, object.created);
    for (let i = at; i < this.ids.length; i++) this.position.set(this.ids[i]!, i);
  }

  /** The current state of an object (deleted ones included), or undefined. */
  get(id: string): StripeObject | undefined {
    return this.objects.get(id);
  }

  /** Replaces an object's state. */
  replace(object: StripeObject): void {
    if (!this.objects.has(object.id)) throw new Error(`unknown id ${object.id}`);
    this.objects.set(object.id, object);
  }

  /** Marks an object deleted (left out of lists from now on). */
  markDeleted(id: string): void {
    this.deleted.add(id);
  }

  /** Whether an object was deleted. */
  isDeleted(id: string): boolean {
    return this.deleted.has(id);
  }

  /** Every object, deleted ones included, oldest first. */
  *all(): IterableIterator<StripeObject> {
    for (const id of this.ids) yield this.objects.get(id)!;
  }

  /** One page in Stripe's order, honouring `starting_after`, `ending_before` and `created` bounds. */
  list(query: ListQuery): ListResult {
    let lo = query.createdFrom === undefined ? 0 : lowerBound(this.created, query.createdFrom);
    let hi = query.createdTo === undefined ? this.ids.length : upperBound(this.created, query.createdTo);
    const ok = (i: number): boolean => {
      const id = this.ids[i]!;
      return !this.deleted.has(id) && (!query.match || query.match(this.objects.get(id)!));
    };
    if (query.endingBefore !== undefined) {
      const p = this.position.get(query.endingBefore);
      if (p === undefined) return { unknownCursor: query.endingBefore };
      lo = Math.max(lo, p + 1);
      const picked: number[] = [];
      let i = lo;
      for (; i < hi && picked.length < query.limit; i++) if (ok(i)) picked.push(i);
      let more = false;
      for (; i < hi && !more; i++) more = ok(i);
      return { data: picked.reverse().map((j) => this.objects.get(this.ids[j]!)!), hasMore: more };
    }
    if (query.startingAfter !== undefined) {
      const p = this.position.get(query.startingAfter);
      if (p === undefined) return { unknownCursor: query.startingAfter };
      hi = Math.min(hi, p);
    }
    const data: StripeObject[] = [];
    let i = hi - 1;
    for (; i >= lo && data.length < query.limit; i--) if (ok(i)) data.push(this.objects.get(this.ids[i]!)!);
    let more = false;
    for (; i >= lo && !more; i--) more = ok(i);
    return { data, hasMore: more };
  }
}

function lowerBound(values: readonly number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(values: readonly number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
