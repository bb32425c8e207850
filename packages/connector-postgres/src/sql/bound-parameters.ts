/**
 * Parameters for statements that cannot take bind parameters (COPY). Each value is set
 * through a bound `set_config` call on the same connection before the statement runs, and the
 * statement reads it back with `current_setting(...)` cast to the column's type; values never
 * become SQL text.
 */
export class BoundParameters {
  private readonly values: string[] = [];

  /** Registers a value; returns the SQL expression that yields it as `castType`. */
  add(value: string, castType: string): string {
    this.values.push(value);
    return `current_setting('sqlflow.p${this.values.length}')::${castType}`;
  }

  /** The names and values to pass to `set_config`. */
  entries(): { names: string[]; values: string[] } {
    return { names: this.values.map((_, i) => `sqlflow.p${i + 1}`), values: [...this.values] };
  }

  get size(): number {
    return this.values.length;
  }
}

/** The SQL that applies {@link BoundParameters.entries} (two text[] parameters). */
export const SET_PARAMETERS_SQL = 'select count(set_config(k, v, false)) from unnest($1::text[], $2::text[]) as x(k, v)';

/** A PostgreSQL array literal (`{"a","b\\"c"}`) of the given values, every element quoted. */
export function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}
