import {
  type DuckDBArrayType, type DuckDBDataChunk, type DuckDBListType, type DuckDBListValue, DuckDBTypeId, type DuckDBResult, type DuckDBType,
  type DuckDBValue, JSDuckDBValueConverter,
} from '@duckdb/node-api';
import { BatchBuilder, logicalField, type LogicalType } from '@sqlflow/core';
import {
  Binary, Bool, type DataType, DateDay, Field, Float32, Float64, Int16, Int32, Int64, Int8, List, type RecordBatch, Schema,
  TimeMicrosecond, TimestampMicrosecond, Uint16, Uint32, Uint64, Uint8, Utf8,
} from 'apache-arrow';
import { jsonText } from './json-text';

type Convert = (value: DuckDBValue) => unknown;

interface ColumnExport {
  readonly field: Field;
  readonly convert: Convert;
}

const same: Convert = (v) => v;
const text: Convert = (v) => String(v);

function column(name: string, type: DataType, convert: Convert, logical?: LogicalType): ColumnExport {
  return { field: logical ? logicalField(name, type, logical) : new Field(name, type, true), convert };
}

/** How a DuckDB result column becomes an Arrow field (see README, "Exports"). */
function exportColumn(name: string, type: DuckDBType): ColumnExport {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN: return column(name, new Bool(), same);
    case DuckDBTypeId.TINYINT: return column(name, new Int8(), same);
    case DuckDBTypeId.SMALLINT: return column(name, new Int16(), same);
    case DuckDBTypeId.INTEGER: return column(name, new Int32(), same);
    case DuckDBTypeId.BIGINT: return column(name, new Int64(), same);
    case DuckDBTypeId.UTINYINT: return column(name, new Uint8(), same);
    case DuckDBTypeId.USMALLINT: return column(name, new Uint16(), same);
    case DuckDBTypeId.UINTEGER: return column(name, new Uint32(), same);
    case DuckDBTypeId.UBIGINT: return column(name, new Uint64(), same);
    case DuckDBTypeId.FLOAT: return column(name, new Float32(), same);
    case DuckDBTypeId.DOUBLE: return column(name, new Float64(), same);
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return column(name, new Utf8(), text, 'decimal(38,0)');
    case DuckDBTypeId.DECIMAL: {
      const t = type as DuckDBType & { width: number; scale: number };
      return column(name, new Utf8(), text, `decimal(${t.width},${t.scale})`);
    }
    case DuckDBTypeId.VARCHAR:
      return column(name, new Utf8(), same, type.alias?.toUpperCase() === 'JSON' ? 'json' : undefined);
    case DuckDBTypeId.UUID: return column(name, new Utf8(), text, 'uuid');
    case DuckDBTypeId.INTERVAL: return column(name, new Utf8(), text, 'interval');
    case DuckDBTypeId.ENUM: return column(name, new Utf8(), text, 'enum');
    case DuckDBTypeId.BLOB: return column(name, new Binary(), (v) => (v as { bytes: Uint8Array }).bytes);
    case DuckDBTypeId.DATE: return column(name, new DateDay(), (v) => (v as { days: number }).days * 86_400_000);
    case DuckDBTypeId.TIMESTAMP: return column(name, new TimestampMicrosecond(), (v) => (v as { micros: bigint }).micros);
    case DuckDBTypeId.TIMESTAMP_TZ: return column(name, new TimestampMicrosecond('UTC'), (v) => (v as { micros: bigint }).micros);
    case DuckDBTypeId.TIMESTAMP_S: return column(name, new TimestampMicrosecond(), (v) => (v as { seconds: bigint }).seconds * 1_000_000n);
    case DuckDBTypeId.TIMESTAMP_MS: return column(name, new TimestampMicrosecond(), (v) => (v as { millis: bigint }).millis * 1000n);
    case DuckDBTypeId.TIMESTAMP_NS: return column(name, new TimestampMicrosecond(), (v) => (v as { nanos: bigint }).nanos / 1000n);
    case DuckDBTypeId.TIME: return column(name, new TimeMicrosecond(), (v) => (v as { micros: bigint }).micros);
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY: {
      const list = listColumn(name, (type as DuckDBListType | DuckDBArrayType).valueType);
      if (list) return list;
      return column(name, new Utf8(), (v) => jsonText(JSDuckDBValueConverter(v, type, JSDuckDBValueConverter)), 'json');
    }
    case DuckDBTypeId.STRUCT:
    case DuckDBTypeId.MAP:
    case DuckDBTypeId.UNION:
      return column(name, new Utf8(), (v) => jsonText(JSDuckDBValueConverter(v, type, JSDuckDBValueConverter)), 'json');
    default:
      return column(name, new Utf8(), text);
  }
}

/**
 * A list of plain values (numbers, booleans, text, dates, timestamps, times, bytes) as an Arrow
 * List; undefined for lists of values that export as tagged or JSON text (decimals, UUIDs,
 * JSON, structs) and for lists of lists, which stay JSON text as a whole.
 */
function listColumn(name: string, valueType: DuckDBType): ColumnExport | undefined {
  // Nested lists stay JSON: a destination's arrays (PostgreSQL's) need not be ragged.
  if (valueType.typeId === DuckDBTypeId.LIST || valueType.typeId === DuckDBTypeId.ARRAY) return undefined;
  const item = exportColumn('item', valueType);
  if (item.field.metadata.size > 0 || (DuckDBTypeId.VARCHAR !== valueType.typeId && item.field.type instanceof Utf8)) return undefined;
  const convert: Convert = (v) => (v as DuckDBListValue).items.map((x) => (x === null || x === undefined ? null : item.convert(x)));
  return column(name, new List(item.field), convert);
}

/** The Arrow schema of a DuckDB result, and converters from DuckDB values to builder values. */
export function exportPlan(result: DuckDBResult): { schema: Schema; converters: Convert[] } {
  const names = result.deduplicatedColumnNames();
  const columns = result.columnTypes().map((type, i) => exportColumn(names[i]!, type));
  return { schema: new Schema(columns.map((c) => c.field)), converters: columns.map((c) => c.convert) };
}

/**
 * Streams a DuckDB result as Arrow record batches of at most `batchRows` rows, holding one
 * DuckDB chunk and one batch in memory at a time.
 */
export async function* resultBatches(result: DuckDBResult, schema: Schema, converters: readonly Convert[], batchRows: number): AsyncGenerator<RecordBatch> {
  const builder = new BatchBuilder(schema, { maxRows: batchRows });
  const values = new Array<unknown>(converters.length);
  for (;;) {
    const chunk: DuckDBDataChunk | null = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    for (const row of chunk.getRows()) {
      for (let i = 0; i < converters.length; i++) {
        const v = row[i];
        values[i] = v === null || v === undefined ? null : converters[i]!(v);
      }
      const full = builder.addValues(values);
      if (full) yield full;
    }
  }
  const rest = builder.flush();
  if (rest) yield rest;
}
