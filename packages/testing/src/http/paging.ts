/** One page cut from a list, with what the next request needs. */
export interface CutPage<T> {
  readonly items: readonly T[];
  readonly hasMore: boolean;
}

/**
 * Cursor paging over an ordered list: the items after the one whose key is `after` (or before
 * `before`, for walking backwards), at most `limit` of them. An unknown cursor returns
 * `undefined`, so the fake can answer the API's "no such object" error.
 *
 * @example cursorPage(items, { limit: 100, after: req.query.get('starting_after') ?? undefined, key: (c) => c.id })
 */
export function cursorPage<T>(items: readonly T[], options: { limit: number; after?: string; before?: string; key: (item: T) => string }): CutPage<T> | undefined {
  const { limit, key } = options;
  if (options.before !== undefined) {
    const at = items.findIndex((i) => key(i) === options.before);
    if (at < 0) return undefined;
    const start = Math.max(0, at - limit);
    return { items: items.slice(start, at), hasMore: start > 0 };
  }
  let start = 0;
  if (options.after !== undefined) {
    const at = items.findIndex((i) => key(i) === options.after);
    if (at < 0) return undefined;
    start = at + 1;
  }
  return { items: items.slice(start, start + limit), hasMore: start + limit < items.length };
}

/** Offset paging: `limit` items from `offset`, and whether more follow. */
export function offsetPage<T>(items: readonly T[], offset: number, limit: number): CutPage<T> {
  return { items: items.slice(offset, offset + limit), hasMore: offset + limit < items.length };
}

/**
 * An RFC 8288 `Link` header with `rel="next"` (and `rel="previous"`) URLs built from `baseUrl`
 * and the query parameters given; `undefined` parameters leave that relation out.
 *
 * @example linkHeader('http://127.0.0.1:5555/admin/orders.json', { next: { page_info: 'abc', limit: '50' } })
 */
export function linkHeader(baseUrl: string, relations: { next?: Record<string, string>; previous?: Record<string, string> }): string | undefined {
  const parts: string[] = [];
  for (const [rel, params] of Object.entries(relations)) {
    if (!params) continue;
    const url = new URL(baseUrl);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    parts.push(`<${url.toString()}>; rel="${rel}"`);
  }
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** An opaque cursor token for link paging (base64url JSON), and its inverse {@link decodeCursor}. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Decodes an {@link encodeCursor} token; `undefined` when it is not one. */
export function decodeCursor<T>(token: string): T | undefined {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as T;
  } catch {
    return undefined;
  }
}
