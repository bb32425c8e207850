import {
  BIGINT, BLOB, BOOLEAN, DATE, DECIMAL, DOUBLE, FLOAT, INTEGER, LIST, SMALLINT, STRUCT, TIME, TIMESTAMP, TIMESTAMPTZ, TINYINT,
  UBIGINT, UINTEGER, USMALLINT, UTINYINT, VARCHAR, type DuckDBType,
} from '@duckdb/node-api';
import {
  list_vector_get_child, list_vector_reserve, list_vector_set_size, struct_vector_get_child, type Vector,
} from '@duckdb/node-bindings';
import { logicalTypeOf, SchemaError } from '@sqlflow/core';
import { type Data, type DataType, type Field, TimeUnit, Type } from 'apache-arrow';
import { quoteIdent } from './sql-names';
import { writeBooleans, writeConverted, writeFixed, writeStrings, writeValidity, writeVarLength } from './vector-write';

/** How one Arrow column lands in DuckDB: its table type, its chunk type and its writer. */
export interface ColumnPlan {
  readonly name: string;
  /** The DuckDB column type of the target table (`TIMESTAMP WITH TIME ZONE`, `JSON`, `DECIMAL(12,2)`, ...). */
  readonly sqlType: string;
  /** The type of the data-chunk vector; the appender casts it to `sqlType` when they differ. */
  readonly chunkType: DuckDBType;
  /** Writes rows [start, start+count) of `data` into `vector` positions [0, count). */
  readonly write: (vector: Vector, data: Data, start: number, count: number) => void;
}

type Writer = ColumnPlan['write'];
type TypePlan = Omit<ColumnPlan, 'name'>;

const fixed = (sqlType: string, chunkType: DuckDBType, bytes: number): TypePlan => ({
  sqlType, chunkType, write: (v, d, s, n) => writeFixed(v, d, s, n, bytes),
});

const MICROS_PER: Record<TimeUnit, bigint> = {
  [TimeUnit.SECOND]: 1_000_000n, [TimeUnit.MILLISECOND]: 1000n, [TimeUnit.MICROSECOND]: 1n, [TimeUnit.NANOSECOND]: 1n,
};

/** Timestamps keep their 64-bit values; units other than microseconds are converted exactly (ns truncated to us). */
function timestampWriter(unit: TimeUnit): Writer {
  if (unit === TimeUnit.MICROSECOND) return (v, d, s, n) => writeFixed(v, d, s, n, 8);
  return (v, d, s, n) => {
    const src = (d.values as BigInt64Array).subarray(s, s + n);
    const out = new BigInt64Array(n);
    for (let i = 0; i < n; i++) out[i] = unit === TimeUnit.NANOSECOND ? src[i]! / 1000n : src[i]! * MICROS_PER[unit];
    writeConverted(v, d, s, n, out);
  };
}

function timePlan(unit: TimeUnit): TypePlan {
  return {
    sqlType: 'TIME',
    chunkType: TIME,
    write: (v, d, s, n) => {
      const out = new BigInt64Array(n);
      const src = d.values as Int32Array | BigInt64Array;
      for (let i = 0; i < n; i++) {
        const raw = BigInt(src[s + i]!);
        out[i] = unit === TimeUnit.NANOSECOND ? raw / 1000n : raw * MICROS_PER[unit];
      }
      writeConverted(v, d, s, n, out);
    },
  };
}

function utf8Plan(field: Field | undefined): TypePlan {
  const logical = field ? logicalTypeOf(field) : undefined;
  const write: Writer = (v, d, s, n) => writeVarLength(v, d, s, n, true);
  if (logical === 'json') return { sqlType: 'JSON', chunkType: VARCHAR, write };
  if (logical === 'uuid') return { sqlType: 'UUID', chunkType: VARCHAR, write };
  const decimal = logical ? /^decimal\((\d+),\s*(\d+)\)$/.exec(logical) : null;
  if (decimal && Number(decimal[1]) <= 38) return { sqlType: `DECIMAL(${decimal[1]},${decimal[2]})`, chunkType: VARCHAR, write };
  return { sqlType: 'VARCHAR', chunkType: VARCHAR, write };
}

function listPlan(child: TypePlan): TypePlan {
  return {
    sqlType: `${child.sqlType}[]`,
    chunkType: LIST(child.chunkType),
    write: (vector, data, start, count) => {
      const offsets = data.valueOffsets as Int32Array;
      const first = offsets[start]!;
      const total = offsets[start + count]! - first;
      const entries = new BigUint64Array(count * 2);
      for (let i = 0; i < count; i++) {
        entries[2 * i] = BigInt(offsets[start + i]! - first);
        entries[2 * i + 1] = BigInt(offsets[start + i + 1]! - offsets[start + i]!);
      }
      list_vector_reserve(vector, total);
      if (total > 0) child.write(list_vector_get_child(vector), data.children[0]!, first, total);
      list_vector_set_size(vector, total);
      writeConverted(vector, data, start, count, entries);
    },
  };
}

function structPlan(fields: readonly Field[]): TypePlan {
  const children = fields.map((f) => ({ name: f.name, plan: planForType(f.type, f) }));
  const entries: Record<string, DuckDBType> = {};
  for (const c of children) entries[c.name] = c.plan.chunkType;
  return {
    sqlType: `STRUCT(${children.map((c) => `${quoteIdent(c.name)} ${c.plan.sqlType}`).join(', ')})`,
    chunkType: STRUCT(entries),
    write: (vector, data, start, count) => {
      children.forEach((c, k) => c.plan.write(struct_vector_get_child(vector, k), data.children[k]!, start, count));
      writeValidity(vector, data, start, count);
    },
  };
}

/** The DuckDB plan for an Arrow type (see the README's mapping table). */
function planForType(type: DataType, field?: Field): TypePlan {
  switch (type.typeId) {
    case Type.Bool:
      return { sqlType: 'BOOLEAN', chunkType: BOOLEAN, write: writeBooleans };
    case Type.Int: {
      const t = type as DataType & { bitWidth: 8 | 16 | 32 | 64; isSigned: boolean };
      const signed = { 8: ['TINYINT', TINYINT], 16: ['SMALLINT', SMALLINT], 32: ['INTEGER', INTEGER], 64: ['BIGINT', BIGINT] } as const;
      const unsigned = { 8: ['UTINYINT', UTINYINT], 16: ['USMALLINT', USMALLINT], 32: ['UINTEGER', UINTEGER], 64: ['UBIGINT', UBIGINT] } as const;
      const [sql, chunk] = (t.isSigned ? signed : unsigned)[t.bitWidth];
      return fixed(sql, chunk, t.bitWidth / 8);
    }
    case Type.Float: {
      const precision = (type as DataType & { precision: number }).precision;
      if (precision === 1) return fixed('FLOAT', FLOAT, 4);
      if (precision === 2) return fixed('DOUBLE', DOUBLE, 8);
      break;
    }
    case Type.Utf8:
    case Type.LargeUtf8:
      return utf8Plan(field);
    case Type.Binary:
    case Type.LargeBinary:
      return { sqlType: 'BLOB', chunkType: BLOB, write: (v, d, s, n) => writeVarLength(v, d, s, n, false) };
    case Type.Date: {
      const unit = (type as DataType & { unit: number }).unit;
      if (unit === 0) return fixed('DATE', DATE, 4);
      return {
        sqlType: 'DATE',
        chunkType: DATE,
        write: (v, d, s, n) => {
          const src = d.values as BigInt64Array | Float64Array;
          const out = new Int32Array(n);
          for (let i = 0; i < n; i++) out[i] = Math.floor(Number(src[s + i]) / 86_400_000);
          writeConverted(v, d, s, n, out);
        },
      };
    }
    case Type.Timestamp: {
      const t = type as DataType & { unit: TimeUnit; timezone?: string | null };
      const zoned = t.timezone !== null && t.timezone !== undefined && t.timezone !== '';
      return { sqlType: zoned ? 'TIMESTAMP WITH TIME ZONE' : 'TIMESTAMP', chunkType: zoned ? TIMESTAMPTZ : TIMESTAMP, write: timestampWriter(t.unit) };
    }
    case Type.Time:
      return timePlan((type as DataType & { unit: TimeUnit }).unit);
    case Type.Decimal: {
      const t = type as DataType & { precision: number; scale: number; bitWidth: number };
      if (t.bitWidth !== 128 || t.precision > 38) break;
      // Arrow decimal128 and DuckDB's HUGEINT-backed DECIMAL(38, s) share the little-endian layout.
      return { sqlType: `DECIMAL(${t.precision},${t.scale})`, chunkType: DECIMAL(38, t.scale), write: (v, d, s, n) => writeFixed(v, d, s, n, 16) };
    }
    case Type.List:
      return listPlan(planForType((type as DataType & { children: Field[] }).children[0]!.type, (type as DataType & { children: Field[] }).children[0]));
    case Type.Struct:
      return structPlan((type as DataType & { children: Field[] }).children);
    case Type.Dictionary: {
      const valueType = (type as DataType & { dictionary: DataType }).dictionary;
      if (valueType.typeId !== Type.Utf8 && valueType.typeId !== Type.LargeUtf8) break;
      const base = utf8Plan(field);
      return {
        ...base,
        write: (v, d, s, n) => {
          const indices = d.values as ArrayLike<number | bigint>;
          writeStrings(v, d, s, n, (row) => String(d.dictionary!.get(Number(indices[row]))));
        },
      };
    }
    default:
      break;
  }
  throw new SchemaError(
    `${field ? `column \`${field.name}\`: ` : ''}Arrow type ${String(type)} cannot be loaded into DuckDB; ` +
      'cast it in the source to a supported type (integers, floats, bool, utf8, binary, date, timestamp, time, decimal128, list, struct)',
    { details: { column: field?.name, type: String(type) } },
  );
}

/** Plans every field of an Arrow schema. */
export function planColumns(fields: readonly Field[]): ColumnPlan[] {
  return fields.map((f) => ({ name: f.name, ...planForType(f.type, f) }));
}
