import { join } from 'node:path';
import { runCli } from './run-cli';
import { duckRows, parseReport, scratchPostgres, type ScratchPostgres, scratchProject } from './postgres-support';

// Acceptance: "A table with every type round-trips PG -> DuckDB -> PG (EXPORT) with equal values."
// `sqlflow run` loads the table into DuckDB and EXPORTs it back to a new table (TYPE POSTGRES,
// write_mode overwrite); the two tables are then compared value by value IN PostgreSQL.
//
// Declared types that legitimately change on the way (the values do not), each undone by a cast
// in the comparison below:
//   numeric (unconstrained) -> text      (exact digits; DuckDB holds it as VARCHAR)
//   varchar(20), char(5)    -> text      (char(n) keeps its padding)
//   interval                -> text      (ISO 8601 text; casts back to the same interval)
//   json                    -> jsonb     (json has no equality; compared as jsonb)
//   enum mood               -> text
// (time, integer[] and text[] keep their types.)

const COLUMNS = `
  id integer PRIMARY KEY,
  c_smallint smallint, c_integer integer, c_bigint bigint,
  c_numeric numeric(12,2), c_numeric_38 numeric(38,10), c_numeric_free numeric,
  c_real real, c_double double precision, c_bool boolean,
  c_text text, c_varchar varchar(20), c_char char(5), c_uuid uuid,
  c_date date, c_time time, c_timestamp timestamp, c_timestamptz timestamptz,
  c_interval interval, c_json json, c_jsonb jsonb, c_bytea bytea,
  c_int_array integer[], c_text_array text[], c_enum mood`;

const ROWS = `
 (1, -32768, -2147483648, -9223372036854775808, -1234567890.12, -1234567890123456789012345678.0123456789,
  -123456789012345678901234567890.123456789012345678901234567890, -3.4e38, -1.7976931348623157e308, false,
  'hello ''quoted'' "x"', 'varchar', 'ab', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '0001-01-01', '00:00:00',
  '1970-01-01 00:00:00.000001', '1969-12-31 23:59:59.999999+00', '-1 year -2 mons +3 days -04:05:06.789',
  '{"a": [1, 2, {"b": null}]}', '{"z": 1, "a": "x"}', '\\x00ff10', '{1,NULL,-3}', '{"a","b,c",NULL,"d\\"e"}', 'sad'),
 (2, 32767, 2147483647, 9223372036854775807, 9999999999.99, 9999999999999999999999999999.9999999999,
  0.000000000000000000000000000001, 1.5, 2.5e-300, true, E'tab\\there\\nnewline \\\\ backslash', '', 'abcde',
  '00000000-0000-0000-0000-000000000000', '9999-12-31', '23:59:59.999999', '2262-04-11 23:47:16.854775',
  '2024-02-29 12:34:56.123456+05:30', 'P1Y2M3DT4H5M6.000007S', '[]', '{}', '\\x', '{}', '{}', 'happy'),
 (3, 0, 0, 0, 0, -0.0000000001, -42, 0, 0, NULL, 'üñí©ødé 😀', 'x', 'x', 'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '2000-02-29', '12:00:00', '2000-01-01 00:00:00', '2000-01-01 00:00:00+00', '0 seconds', 'null', '"str"',
  '\\xdeadbeef', '{2147483647,-2147483648}', '{""}', 'ok'),
 (4, -1, -1, -1, -0.01, -9999999999999999999999999999.9999999999, -0.5, -0.0, 1e-320, true, ' ', 'a b', '  a',
  '123e4567-e89b-12d3-a456-426614174000', '1900-03-01', '06:07:08.000009', '1899-12-31 23:59:59.999999',
  '2038-01-19 03:14:08.999999-08', '-178000000 years', '{"n": 1.50, "big": 12345678901234567890}',
  '{"n": 1.50, "nested": {"k": [true, false]}}', '\\x5c00', '{-1}', '{"null","NULL"}', 'sad'),
 (5, -2, -2, -9223372036854775807, -99999999.99, -1, 1e-10, 3.4e38, -0.0, false, 'x', 'y', 'z',
  'deadbeef-0000-4000-8000-000000000001', '1970-01-01', '00:00:00.000001', '2024-06-30 12:00:00',
  '2024-06-30 12:00:00.5+14', '1 day -1 microsecond', '{}', '[1, "two", null]', '\\x00', '{NULL}', '{NULL}', 'happy'),
 (6, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL)`;

// Both sides in one comparable shape: the source's declared types, with json and enums compared
// as jsonb and text (and arrays as jsonb against a table whose array columns are jsonb).
const sourceSide = (arrays: (column: string) => string): string => `SELECT id, c_smallint, c_integer, c_bigint, c_numeric,
  c_numeric_38, c_numeric_free, c_real, c_double, c_bool, c_text, c_varchar, c_char, c_uuid, c_date, c_time, c_timestamp,
  c_timestamptz, c_interval, c_json::jsonb AS c_json, c_jsonb, c_bytea, ${arrays('c_int_array')}, ${arrays('c_text_array')},
  c_enum::text AS c_enum FROM all_types`;
const SOURCE_SIDE = sourceSide((c) => c);
const TARGET_SIDE = `SELECT id, c_smallint, c_integer, c_bigint, c_numeric, c_numeric_38, c_numeric_free::numeric, c_real, c_double,
  c_bool, c_text, c_varchar::varchar(20), c_char::char(5), c_uuid, c_date, c_time::time, c_timestamp, c_timestamptz,
  c_interval::interval, c_json, c_jsonb, c_bytea, c_int_array, c_text_array, c_enum
  FROM all_types_copy`;

let pg: ScratchPostgres;
let project: ReturnType<typeof scratchProject>;

beforeAll(async () => {
  pg = await scratchPostgres('sqlflow_rt');
  await pg.sql.unsafe(`CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy'); CREATE TABLE all_types (${COLUMNS}); INSERT INTO all_types VALUES ${ROWS};`);
  // A target created beforehand keeps its declared types: the source's, with the arrays as jsonb
  // (as exports before lists were exported as lists created them; lists then go in as JSON).
  await pg.sql.unsafe(`CREATE TABLE all_types_like (LIKE all_types);
    ALTER TABLE all_types_like ALTER c_int_array TYPE jsonb USING NULL, ALTER c_text_array TYPE jsonb USING NULL;`);
  project = scratchProject({
    'pipelines/roundtrip.sf': `
SOURCE src TYPE POSTGRES PARAMS { "connection": "\${pg_url}", "table": "all_types" };
LOAD all_types FROM src MODE REPLACE;
EXPORT SELECT * FROM all_types TO "all_types_copy" TYPE POSTGRES OPTIONS { "connection": "\${pg_url}", "write_mode": "overwrite" };
EXPORT SELECT * FROM all_types TO "all_types_like" TYPE POSTGRES OPTIONS { "connection": "\${pg_url}", "write_mode": "overwrite" };
`,
  });
});

afterAll(async () => {
  project?.remove();
  await pg?.drop();
});

describe('PostgreSQL -> DuckDB -> PostgreSQL round trip (sqlflow run)', () => {
  it('loads every type into DuckDB with its DuckDB type', async () => {
    const r = await runCli(['run', 'pipelines/roundtrip.sf', '--json', '--vars', JSON.stringify({ pg_url: pg.url })], { cwd: project.dir });
    expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
    const report = parseReport(r.stdout);
    expect(report.status).toBe('succeeded');
    expect(report.step('load:all_types').rows).toBe(6);
    expect(report.step('export:all_types_copy').rows).toBe(6);
    expect(report.step('export:all_types_like').rows).toBe(6);

    const types = await duckRows(
      join(project.dir, 'target', 'warehouse.duckdb'),
      "SELECT column_name AS c, data_type AS t FROM information_schema.columns WHERE table_name = 'all_types' ORDER BY ordinal_position",
    );
    expect(Object.fromEntries(types.map((row) => [row.c, row.t]))).toEqual({
      id: 'INTEGER', c_smallint: 'SMALLINT', c_integer: 'INTEGER', c_bigint: 'BIGINT',
      c_numeric: 'DECIMAL(12,2)', c_numeric_38: 'DECIMAL(38,10)', c_numeric_free: 'VARCHAR',
      c_real: 'FLOAT', c_double: 'DOUBLE', c_bool: 'BOOLEAN', c_text: 'VARCHAR', c_varchar: 'VARCHAR', c_char: 'VARCHAR',
      c_uuid: 'UUID', c_date: 'DATE', c_time: 'TIME', c_timestamp: 'TIMESTAMP', c_timestamptz: 'TIMESTAMP WITH TIME ZONE',
      c_interval: 'VARCHAR', c_json: 'JSON', c_jsonb: 'JSON', c_bytea: 'BLOB', c_int_array: 'INTEGER[]', c_text_array: 'VARCHAR[]',
      c_enum: 'VARCHAR',
    });
    // Spot checks inside DuckDB: exact extremes, negative decimals, UTC microseconds.
    const [row1] = await duckRows(
      join(project.dir, 'target', 'warehouse.duckdb'),
      "SELECT c_bigint::VARCHAR AS b, c_numeric_38::VARCHAR AS d, strftime(c_timestamptz AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S.%f') AS ts FROM all_types WHERE id = 1",
    );
    expect(row1).toEqual({ b: '-9223372036854775808', d: '-1234567890123456789012345678.0123456789', ts: '1969-12-31 23:59:59.999999' });
  });

  it('exports to a new table whose rows equal the source, value by value (EXCEPT ALL both ways)', async () => {
    const columns = await pg.sql<{ column_name: string; data_type: string }[]>`
      SELECT attname AS column_name, format_type(atttypid, atttypmod) AS data_type FROM pg_attribute
      WHERE attrelid = 'all_types_copy'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`;
    expect(Object.fromEntries(columns.map((c) => [c.column_name, c.data_type]))).toEqual({
      id: 'integer', c_smallint: 'smallint', c_integer: 'integer', c_bigint: 'bigint',
      c_numeric: 'numeric(12,2)', c_numeric_38: 'numeric(38,10)', c_numeric_free: 'text',
      c_real: 'real', c_double: 'double precision', c_bool: 'boolean', c_text: 'text', c_varchar: 'text', c_char: 'text',
      c_uuid: 'uuid', c_date: 'date', c_time: 'time without time zone', c_timestamp: 'timestamp without time zone',
      c_timestamptz: 'timestamp with time zone', c_interval: 'text', c_json: 'jsonb', c_jsonb: 'jsonb', c_bytea: 'bytea',
      c_int_array: 'integer[]', c_text_array: 'text[]', c_enum: 'text',
    });
    const [{ n }] = await pg.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM all_types_copy`;
    expect(n).toBe(6);
    expect(await pg.sql.unsafe(`${SOURCE_SIDE} EXCEPT ALL ${TARGET_SIDE}`)).toEqual([]);
    expect(await pg.sql.unsafe(`${TARGET_SIDE} EXCEPT ALL ${SOURCE_SIDE}`)).toEqual([]);
  });

  it('into an existing table with the source types (arrays as jsonb), rows equal the source', async () => {
    const like = `SELECT id, c_smallint, c_integer, c_bigint, c_numeric, c_numeric_38, c_numeric_free, c_real, c_double, c_bool, c_text,
      c_varchar, c_char, c_uuid, c_date, c_time, c_timestamp, c_timestamptz, c_interval, c_json::jsonb AS c_json, c_jsonb, c_bytea,
      c_int_array, c_text_array, c_enum::text AS c_enum FROM all_types_like`;
    const jsonArrays = sourceSide((c) => `to_jsonb(${c}) AS ${c}`);
    expect(await pg.sql.unsafe(`${jsonArrays} EXCEPT ALL ${like}`)).toEqual([]);
    expect(await pg.sql.unsafe(`${like} EXCEPT ALL ${jsonArrays}`)).toEqual([]);
    const chars = await pg.sql<{ c_char: string | null }[]>`SELECT c_char FROM all_types_like ORDER BY id`;
    expect(chars.map((r) => r.c_char)).toEqual(['ab   ', 'abcde', 'x    ', '  a  ', 'z    ', null]);
  });

  it('keeps numeric digits, interval text and enum labels exactly', async () => {
    // Text equality is stricter than numeric equality: 1.50 and 1.5 are equal numbers but not equal text.
    const diff = await pg.sql.unsafe(`
      SELECT a.id FROM all_types a JOIN all_types_copy b USING (id)
      WHERE a.c_numeric::text IS DISTINCT FROM (b.c_numeric)::text
         OR a.c_numeric_38::text IS DISTINCT FROM (b.c_numeric_38)::text
         OR a.c_numeric_free::text IS DISTINCT FROM b.c_numeric_free
         OR a.c_enum::text IS DISTINCT FROM b.c_enum
         OR a.c_char::text IS DISTINCT FROM rtrim(b.c_char)
         OR length(a.c_char::varchar) IS DISTINCT FROM length(rtrim(b.c_char))
         OR a.c_interval IS DISTINCT FROM b.c_interval::interval`);
    expect(diff).toEqual([]);
    const padded = await pg.sql<{ c_char: string }[]>`SELECT c_char FROM all_types_copy WHERE id = 1`;
    expect(padded[0]!.c_char).toBe('ab   ');
    // Every column is NULL in row 6 after the round trip.
    const [nulls] = await pg.sql.unsafe(
      `SELECT (SELECT count(*) FROM jsonb_each(to_jsonb(t) - 'id') WHERE value = 'null'::jsonb)::int AS n FROM all_types_copy t WHERE id = 6`,
    );
    expect(nulls).toEqual({ n: 24 });
  });
});
