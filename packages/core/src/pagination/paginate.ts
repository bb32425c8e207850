import type { CallPolicy } from '../connector/context';
import { throwIfAborted } from '../util/abort';

/** One fetched page: its items and the position of the next page (undefined at the end). */
export interface Page<TItem, TNext> {
  readonly items: readonly TItem[];
  readonly next: TNext | undefined;
}

/** How to walk a paginated endpoint. */
export interface PaginateOptions<TItem, TNext> {
  /** Position of the first page (undefined: the endpoint's default). */
  readonly start?: TNext;
  /** Fetches one page; runs inside `policy` so each page is retried on its own. */
  fetchPage(position: TNext | undefined, signal: AbortSignal): Promise<Page<TItem, TNext>>;
  readonly policy?: CallPolicy;
  readonly signal?: AbortSignal;
  /** Stop after this many pages (a safety net against endless cursors). */
  readonly maxPages?: number;
}

/**
 * The one paginator: yields each page's items until `next` is undefined. Cursor, link-header
 * and offset styles differ only in how `fetchPage` computes `next` (see `nextLink` and
 * `nextOffset`). A repeated position is treated as the end, so a buggy API cannot loop forever.
 *
 * @example
 * for await (const items of paginate({ fetchPage: (cursor, signal) => api.list({ cursor, signal }) })) { ... }
 */
export async function* paginate<TItem, TNext>(options: PaginateOptions<TItem, TNext>): AsyncGenerator<readonly TItem[], void, undefined> {
  const seen = new Set<string>();
  let position = options.start;
  let pages = 0;
  const maxPages = options.maxPages ?? Number.POSITIVE_INFINITY;
  const run = (p: TNext | undefined): Promise<Page<TItem, TNext>> => {
    const fallback = options.signal ?? new AbortController().signal;
    return options.policy
      ? options.policy.execute(({ signal }) => options.fetchPage(p, signal), options.signal)
      : options.fetchPage(p, fallback);
  };
  while (pages < maxPages) {
    throwIfAborted(options.signal);
    const page = await run(position);
    pages++;
    if (page.items.length > 0) yield page.items;
    if (page.next === undefined || page.next === null) return;
    const key = JSON.stringify(page.next);
    if (seen.has(key)) return;
    seen.add(key);
    position = page.next;
  }
}

/**
 * The `rel="next"` URL of an RFC 8288 `Link` header, if any.
 *
 * @example nextLink('<https://x/api?page=2>; rel="next", <https://x/api?page=9>; rel="last"') // 'https://x/api?page=2'
 */
export function nextLink(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
    if (m && /(^|;)\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(m[2]!)) return m[1];
  }
  return undefined;
}

/** The next offset for offset pagination: undefined once a page comes back short. */
export function nextOffset(offset: number, pageSize: number, received: number): number | undefined {
  return received < pageSize ? undefined : offset + received;
}
