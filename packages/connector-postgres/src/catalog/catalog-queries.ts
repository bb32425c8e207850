import type { Sql } from '../postgres-client';
import { arrayLiteral } from '../sql/bound-parameters';
import { stripQuery } from '../sql/read-query';
import type { ColumnInfo, RelationInfo } from './column-info';

/** The type facts both catalog queries return for a column. */
interface TypeFacts {
  type_oid: number;
  typmod: number;
  typtype: string;
  elem_oid: number;
  elem_typtype: string | null;
  declared_type: string;
  cast_type: string;
}

interface ColumnRow extends TypeFacts {
  schema: string;
  relname: string;
  relkind: string;
  name: string;
  not_null: boolean;
  pk: string | null;
}

// `cast_type` is the base type for casts; `character` alone means char(1) and would truncate, so it is `bpchar`.
// Columns of ordinary/partitioned tables, views, materialized views and foreign tables (not
// partitions), with domains resolved to their base type and the primary key in key order.
const COLUMNS_SQL = `
select n.nspname as schema, c.relname, c.relkind::text as relkind, a.attname as name,
  bt.oid::int as type_oid,
  case when t.typtype = 'd' then t.typtypmod else a.atttypmod end as typmod,
  bt.typtype::text as typtype, bt.typelem::int as elem_oid, et.typtype::text as elem_typtype,
  format_type(a.atttypid, a.atttypmod) as declared_type, regexp_replace(format_type(bt.oid, null), '^character(\\[\\])?$', 'bpchar\\1') as cast_type,
  a.attnotnull as not_null,
  (select to_json(array_agg(ka.attname::text order by k.ord))::text
     from pg_index i cross join lateral unnest(i.indkey) with ordinality as k(attnum, ord)
     join pg_attribute ka on ka.attrelid = i.indrelid and ka.attnum = k.attnum
    where i.indrelid = c.oid and i.indisprimary) as pk
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
join pg_type t on t.oid = a.atttypid
join pg_type bt on bt.oid = case when t.typtype = 'd' then t.typbasetype else t.oid end
left join pg_type et on et.oid = bt.typelem and bt.typcategory = 'A'
where c.relkind in ('r', 'p', 'v', 'm', 'f') and not c.relispartition
  and n.nspname = any($1::text[])
  and ($2::text is null or c.relname = $2::text)
  and has_table_privilege(c.oid, 'SELECT')
order by n.nspname, c.relname, a.attnum`;

/** A column of `name` from the type facts of either catalog query. */
function toColumn(name: string, r: TypeFacts, notNull: boolean): ColumnInfo {
  return {
    name,
    typeOid: r.type_oid,
    typmod: r.typmod,
    typtype: r.typtype,
    elemOid: r.elem_typtype === null ? 0 : r.elem_oid,
    elemTyptype: r.elem_typtype ?? '',
    declaredType: r.declared_type,
    castType: r.cast_type,
    notNull,
  };
}

/** Tables and views of `schemas` (only `table` when given) with columns and primary keys. */
export async function listRelations(sql: Sql, schemas: readonly string[], table?: string): Promise<RelationInfo[]> {
  const rows = await sql.unsafe<ColumnRow[]>(COLUMNS_SQL, [arrayLiteral(schemas), table ?? null]);
  const byName = new Map<string, { schema: string; name: string; kind: string; columns: ColumnInfo[]; primaryKey: string[] }>();
  for (const r of rows) {
    const key = `${r.schema}\u0000${r.relname}`;
    let rel = byName.get(key);
    if (!rel) {
      rel = { schema: r.schema, name: r.relname, kind: r.relkind, columns: [], primaryKey: r.pk ? (JSON.parse(r.pk) as string[]) : [] };
      byName.set(key, rel);
    }
    rel.columns.push(toColumn(r.name, r, r.not_null));
  }
  return [...byName.values()];
}

interface TypeRow extends TypeFacts {
  ord: string;
}

const TYPES_SQL = `
select x.ord::text as ord, bt.oid::int as type_oid,
  coalesce(case when t.typtype = 'd' then t.typtypmod end, a.atttypmod, -1) as typmod,
  bt.typtype::text as typtype, bt.typelem::int as elem_oid, et.typtype::text as elem_typtype,
  format_type(x.oid, coalesce(a.atttypmod, -1)) as declared_type, regexp_replace(format_type(bt.oid, null), '^character(\\[\\])?$', 'bpchar\\1') as cast_type
from unnest($1::oid[], $2::oid[], $3::int[]) with ordinality as x(oid, relid, attnum, ord)
join pg_type t on t.oid = x.oid
join pg_type bt on bt.oid = case when t.typtype = 'd' then t.typbasetype else t.oid end
left join pg_type et on et.oid = bt.typelem and bt.typcategory = 'A'
left join pg_attribute a on a.attrelid = x.relid and a.attnum = x.attnum and x.relid <> 0 and a.atttypid = x.oid
order by x.ord`;

/**
 * Columns of a custom query, from its row description; modifiers (numeric precision) are
 * recovered for columns that come straight from a table.
 */
export async function describeQuery(sql: Sql, query: string): Promise<ColumnInfo[]> {
  const statement = await sql.unsafe(`select * from (${stripQuery(query)}) as q limit 0`).describe();
  const cols = statement.columns;
  const rows = await sql.unsafe<TypeRow[]>(TYPES_SQL, [arrayLiteral(cols.map((c) => String(c.type))), arrayLiteral(cols.map((c) => String(c.table ?? 0))), arrayLiteral(cols.map((c) => String(c.number ?? 0)))]);
  return rows.map((r, i) => toColumn(cols[i]!.name, r, false));
}
