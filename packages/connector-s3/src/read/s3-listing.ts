import picomatch from 'picomatch';
import { throwIfAborted } from '@sqlflow/core';
import type { S3Calls, S3Object } from '../s3-client';
import { type PartitionValue, partitionsOf, partitionsOfFolders } from '../partitions/partition-path';

/** A listed object with its path under `path_prefix` and its partition values. */
export interface ListedFile extends S3Object {
  /** The key without `path_prefix` (and without a leading `/`). */
  readonly relative: string;
  readonly partitions: readonly PartitionValue[];
}

/** What to list and what to leave out. */
export interface ListingOptions {
  readonly prefix: string;
  readonly patterns: readonly string[];
  /**
   * Whether the partition values of a key, or of a prefix met while listing level by level,
   * may hold wanted files; false skips the key, or the whole prefix without listing it.
   */
  readonly keep: (parts: readonly PartitionValue[], complete: boolean) => boolean;
  /** List folder by folder (`Delimiter: '/'`) so that `keep` can skip prefixes unlisted. */
  readonly hierarchical: boolean;
  readonly concurrency: number;
  readonly signal?: AbortSignal;
}

function relativeOf(key: string, prefix: string): string {
  return key.slice(prefix.length).replace(/^\/+/, '');
}

/** A matcher for `path_pattern`; without patterns, every object but `_`/`.`-named markers. */
export function keyMatcher(patterns: readonly string[]): (relative: string) => boolean {
  if (patterns.length === 0) {
    return (relative) => {
      const name = relative.slice(relative.lastIndexOf('/') + 1);
      return name !== '' && !name.startsWith('_') && !name.startsWith('.');
    };
  }
  const match = picomatch([...patterns], { dot: true });
  return (relative) => !relative.endsWith('/') && match(relative);
}

/**
 * Lists the objects under `prefix` that match the patterns and the `keep` test. Flat listing
 * pages through ListObjectsV2 with continuation tokens; hierarchical listing walks folders
 * with `Delimiter: '/'` and never lists a prefix whose partition values `keep` rejects.
 */
export async function listFiles(calls: S3Calls, o: ListingOptions): Promise<ListedFile[]> {
  const matches = keyMatcher(o.patterns);
  const out: ListedFile[] = [];
  const accept = (obj: S3Object): void => {
    const relative = relativeOf(obj.key, o.prefix);
    if (!matches(relative)) return;
    const partitions = partitionsOf(relative);
    if (o.keep(partitions, true)) out.push({ ...obj, relative, partitions });
  };
  if (!o.hierarchical) {
    let token: string | undefined;
    do {
      throwIfAborted(o.signal);
      const page = await calls.listPage(o.prefix, { token, signal: o.signal });
      page.objects.forEach(accept);
      token = page.next;
    } while (token);
  } else {
    let level = [o.prefix];
    while (level.length > 0) {
      const next: string[] = [];
      await forEachLimited(level, o.concurrency, async (prefix) => {
        let token: string | undefined;
        do {
          throwIfAborted(o.signal);
          const page = await calls.listPage(prefix, { delimiter: '/', token, signal: o.signal });
          page.objects.forEach(accept);
          for (const p of page.prefixes) {
            const folders = relativeOf(p, o.prefix).split('/').filter(Boolean);
            if (o.keep(partitionsOfFolders(folders, false), false)) next.push(p);
          }
          token = page.next;
        } while (token);
      });
      level = next.sort();
    }
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let index = 0;
  const worker = async (): Promise<void> => {
    while (index < items.length) await fn(items[index++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** A stable number in [0, 1) for a key (FNV-1a), so `dev_sampling` picks the same files each run. */
export function keyFraction(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h / 2 ** 32;
}
