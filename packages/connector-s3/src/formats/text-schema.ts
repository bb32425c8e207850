import { Field } from 'apache-arrow';
import { inferType, logicalField } from '@sqlflow/core';
import { unknownField } from '../schema/arrow-types';
import type { TextRow } from './text-rows';

/**
 * The columns of sampled rows, in order of first appearance (or the header's order): each
 * typed by core's `inferType`; a column whose sampled values are all null gets the Null type,
 * to be settled by other files or as text.
 */
export function inferTextFields(rows: readonly TextRow[], header: readonly string[] | undefined): Field[] {
  const names = header ? [...header] : [];
  const seen = new Set(names);
  for (const row of rows) {
    for (const k of Object.keys(row)) {
      if (!seen.has(k)) {
        seen.add(k);
        names.push(k);
      }
    }
  }
  return names.map((name) => {
    const values = rows.map((r) => r[name]).filter((v) => v !== null && v !== undefined && v !== '');
    if (values.length === 0) return unknownField(name);
    const { type, json } = inferType(values);
    return json ? logicalField(name, type, 'json') : new Field(name, type, true);
  });
}
