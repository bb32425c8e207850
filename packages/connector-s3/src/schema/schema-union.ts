import { type Field, Schema } from 'apache-arrow';
import { SchemaError } from '@sqlflow/core';
import { widenType } from './arrow-types';

/** The data columns of one file, as probed. */
export interface FileColumns {
  /** `s3://bucket/key`, for messages. */
  readonly location: string;
  readonly fields: readonly Field[];
}

/**
 * The union of the files' columns in order of first appearance; a column missing from a file
 * reads as null there. Types widen where lossless (see `widenType`); any other difference
 * throws `SchemaError` naming the column, both types and both files.
 */
export function unionColumns(files: readonly FileColumns[]): Field[] {
  const out = new Map<string, { field: Field; location: string }>();
  for (const file of files) {
    for (const field of file.fields) {
      const seen = out.get(field.name);
      if (!seen) {
        out.set(field.name, { field, location: file.location });
        continue;
      }
      const wide = widenType(seen.field, field);
      if (!wide) {
        throw new SchemaError(
          `s3: column \`${field.name}\` is ${String(seen.field.type)} in ${seen.location} but ${String(field.type)} in ${file.location}; ` +
            'rewrite the files with one type for it, or narrow `path_pattern`/`partition_filter` to files that agree',
          { details: { column: field.name, types: [String(seen.field.type), String(field.type)], files: [seen.location, file.location] } },
        );
      }
      out.set(field.name, { field: wide, location: seen.location });
    }
  }
  return [...out.values()].map((v) => v.field);
}

/** A schema from fields (convenience for callers that build field lists). */
export function schemaOf(fields: readonly Field[]): Schema {
  return new Schema([...fields]);
}
