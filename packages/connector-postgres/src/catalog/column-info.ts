/** One column as the catalog describes it, with domains resolved to their base type. */
export interface ColumnInfo {
  readonly name: string;
  /** OID of the (base) type on the wire. */
  readonly typeOid: number;
  /** Type modifier (precision/scale of numeric, length of varchar), -1 when none. */
  readonly typmod: number;
  /** `pg_type.typtype` of the base type: `b` base, `e` enum, `c` composite, `r` range, ... */
  readonly typtype: string;
  /** Element type OID for arrays, 0 otherwise. */
  readonly elemOid: number;
  /** `typtype` of the element type for arrays. */
  readonly elemTyptype: string;
  /** The declared type as PostgreSQL prints it (`numeric(38,10)`, `public.mood`). */
  readonly declaredType: string;
  /** The base type without modifier, usable in a cast (`numeric`, `character varying`). */
  readonly castType: string;
  readonly notNull: boolean;
}

/** A table or view with its columns and primary key. */
export interface RelationInfo {
  readonly schema: string;
  readonly name: string;
  /** `r` table, `p` partitioned table, `v` view, `m` materialized view, `f` foreign table. */
  readonly kind: string;
  readonly columns: readonly ColumnInfo[];
  readonly primaryKey: readonly string[];
}
