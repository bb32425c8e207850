import { Bool, type DataType, DateDay, Field, Float64, Int64, Schema, TimestampMicrosecond, Utf8 } from 'apache-arrow';
import { logicalField } from './logical-types';

const INT = /^[+-]?\d{1,18}$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const BOOL = /^(true|false)$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?$/i;
const ZONED = /(Z|[+-]\d{2}(:?\d{2})?)$/i;

type Kind = 'null' | 'int' | 'float' | 'bool' | 'date' | 'timestamp' | 'timestamptz' | 'json' | 'string';

function kindOf(value: unknown): Kind {
  if (value === null || value === undefined || value === '') return 'null';
  switch (typeof value) {
    case 'bigint':
      return 'int';
    case 'number':
      return Number.isInteger(value) ? 'int' : 'float';
    case 'boolean':
      return 'bool';
    case 'object':
      return value instanceof Date ? 'timestamptz' : 'json';
    case 'string': {
      const t = value.trim();
      if (INT.test(t)) return 'int';
      if (FLOAT.test(t)) return 'float';
      if (BOOL.test(t)) return 'bool';
      if (DATE.test(t) && !Number.isNaN(Date.parse(t))) return 'date';
      if (TIMESTAMP.test(t)) return ZONED.test(t) ? 'timestamptz' : 'timestamp';
      return 'string';
    }
    default:
      return 'string';
  }
}

function widen(a: Kind, b: Kind): Kind {
  if (a === b || b === 'null') return a;
  if (a === 'null') return b;
  const pair = new Set([a, b]);
  if (pair.has('int') && pair.has('float')) return 'float';
  if (pair.has('date') && (pair.has('timestamp') || pair.has('timestamptz'))) return pair.has('timestamptz') ? 'timestamptz' : 'timestamp';
  if (pair.has('timestamp') && pair.has('timestamptz')) return 'timestamptz';
  return 'string';
}

/**
 * The narrowest Arrow type that holds every sample value. Rules, in order: all empty -> Utf8;
 * integers up to 18 digits -> Int64; integers mixed with decimals -> Float64; `true`/`false`
 * -> Bool; `YYYY-MM-DD` -> Date32; ISO timestamps -> Timestamp(us), with zone "UTC" when any
 * value carries an offset (and converted to UTC); objects/arrays -> Utf8 tagged `json`;
 * anything else, or a mix of the above, -> Utf8. Empty strings count as null.
 */
export function inferType(values: Iterable<unknown>): { type: DataType; json: boolean } {
  let kind: Kind = 'null';
  for (const v of values) {
    kind = widen(kind, kindOf(v));
    if (kind === 'string') break;
  }
  switch (kind) {
    case 'int':
      return { type: new Int64(), json: false };
    case 'float':
      return { type: new Float64(), json: false };
    case 'bool':
      return { type: new Bool(), json: false };
    case 'date':
      return { type: new DateDay(), json: false };
    case 'timestamp':
      return { type: new TimestampMicrosecond(), json: false };
    case 'timestamptz':
      return { type: new TimestampMicrosecond('UTC'), json: false };
    case 'json':
      return { type: new Utf8(), json: true };
    default:
      return { type: new Utf8(), json: false };
  }
}

/**
 * Infers a schema from sample rows (objects keyed by column). Column order follows first
 * appearance, or `columns` when given. Every inferred field is nullable. See {@link inferType}.
 */
export function inferSchema(rows: ReadonlyArray<Readonly<Record<string, unknown>>>, columns?: readonly string[]): Schema {
  const names = columns ? [...columns] : [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const fields = names.map((name) => {
    const { type, json } = inferType(rows.map((r) => r[name]));
    return json ? logicalField(name, type, 'json') : new Field(name, type, true);
  });
  return new Schema(fields);
}

