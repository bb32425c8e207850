/** One partition value found in a key's folders (`year=2024/`, or `2024/` of a date path). */
export interface PartitionValue {
  readonly column: string;
  /** The text as written in the key (URL-decoded); null for Hive's default partition. */
  readonly value: string | null;
}

const HIVE = /^([^=/]+)=(.*)$/;
const YEAR = /^\d{4}$/;
const MONTH = /^(0[1-9]|1[0-2])$/;
const DAY = /^(0[1-9]|[12]\d|3[01])$/;
const HIVE_NULL = '__HIVE_DEFAULT_PARTITION__';

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The partition values of a key path relative to `path_prefix`: Hive-style folders
 * (`year=2024/month=01/`) by their names, and date paths (`2024/01/15/`, or `2024/01/`) as
 * `year`, `month` and `day`. Other folders carry no partition.
 *
 * @example partitionsOf('year=2024/month=01/part-0.parquet') // [{column:'year',value:'2024'},{column:'month',value:'01'}]
 */
export function partitionsOf(relativeKey: string): PartitionValue[] {
  const folders = relativeKey.split('/').slice(0, -1);
  return partitionsOfFolders(folders, true);
}

/**
 * The partition values of folder names in order. `complete` says the list holds every folder
 * of a key; when false (a prefix met while listing level by level), a trailing 4-digit folder
 * is taken as a year of a date path that has not been seen whole yet.
 */
export function partitionsOfFolders(folders: readonly string[], complete: boolean): PartitionValue[] {
  const out: PartitionValue[] = [];
  for (let i = 0; i < folders.length; i++) {
    const folder = folders[i]!;
    const hive = HIVE.exec(folder);
    if (hive) {
      const value = decode(hive[2]!);
      out.push({ column: decode(hive[1]!), value: value === HIVE_NULL ? null : value });
      continue;
    }
    if (!YEAR.test(folder)) continue;
    const month = folders[i + 1];
    if (month === undefined && !complete) {
      out.push({ column: 'year', value: folder });
      continue;
    }
    if (month === undefined || !MONTH.test(month)) continue;
    out.push({ column: 'year', value: folder }, { column: 'month', value: month });
    i++;
    const day = folders[i + 1];
    if (day !== undefined && DAY.test(day)) {
      out.push({ column: 'day', value: day });
      i++;
    }
  }
  return out;
}
