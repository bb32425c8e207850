import type { TestHttpRequest, TestHttpResponse } from '../http-types';
import { stripeError } from './stripe-errors';
import type { ListQuery, StripeObject } from './stripe-object-list';

/** Parses Stripe list parameters (`limit`, `starting_after`, `ending_before`, `created[...]`); an error answer when invalid. */
export function parseListQuery(request: TestHttpRequest, match?: (o: StripeObject) => boolean): ListQuery | TestHttpResponse {
  const q = request.query;
  const limitText = q.get('limit');
  const limit = limitText === null ? 10 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    return stripeError(400, `Invalid limit: must be between 1 and 100`, { param: 'limit' });
  }
  const startingAfter = q.get('starting_after') ?? undefined;
  const endingBefore = q.get('ending_before') ?? undefined;
  if (startingAfter && endingBefore) return stripeError(400, 'You may only specify one of these parameters: starting_after, ending_before.', { param: 'ending_before' });
  let createdFrom: number | undefined;
  let createdTo: number | undefined;
  for (const [key, value] of q) {
    const m = /^created(?:\[(gte|gt|lte|lt)\])?$/.exec(key);
    if (!m) continue;
    const n = Number(value);
    if (!Number.isInteger(n)) return stripeError(400, `Invalid integer: ${value}`, { param: key });
    switch (m[1]) {
      case undefined:
        createdFrom = max(createdFrom, n);
        createdTo = min(createdTo, n);
        break;
      case 'gte':
        createdFrom = max(createdFrom, n);
        break;
      case 'gt':
        createdFrom = max(createdFrom, n + 1);
        break;
      case 'lte':
        createdTo = min(createdTo, n);
        break;
      case 'lt':
        createdTo = min(createdTo, n - 1);
        break;
    }
  }
  return { limit, startingAfter, endingBefore, createdFrom, createdTo, match };
}

function max(a: number | undefined, b: number): number {
  return a === undefined ? b : Math.max(a, b);
}

function min(a: number | undefined, b: number): number {
  return a === undefined ? b : Math.min(a, b);
}

/** Whether a value answered by {@link parseListQuery} is an error response. */
export function isResponse(value: ListQuery | TestHttpResponse): value is TestHttpResponse {
  return 'status' in value;
}
