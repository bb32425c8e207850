import { logicalField } from '@sqlflow/core';
import { Bool, Field, Float64, Int64, Schema, Timestamp, TimeUnit, Utf8 } from 'apache-arrow';
import type { StripeRecord } from '../stripe-client';

/** One column of a stream: its Arrow field and how to take its value from a Stripe object. */
export interface StripeColumn {
  readonly field: Field;
  readonly value: (object: StripeRecord) => unknown;
}

type Getter = string | ((o: StripeRecord) => unknown);

const TIMESTAMP = new Timestamp(TimeUnit.MICROSECOND, 'UTC');

function getter(g: Getter): (o: StripeRecord) => unknown {
  if (typeof g === 'function') return g;
  const path = g.split('.');
  return (o) => {
    let v: unknown = o;
    for (const p of path) v = v === null || v === undefined ? undefined : (v as Record<string, unknown>)[p];
    return v;
  };
}

/** A text column. */
export function text(name: string, from: Getter = name): StripeColumn {
  return { field: new Field(name, new Utf8(), true), value: getter(from) };
}

/** An id reference: Stripe sends an id, or the object when expanded; the column holds the id. */
export function ref(name: string, from: Getter = name): StripeColumn {
  const get = getter(from);
  return {
    field: new Field(name, new Utf8(), true),
    value: (o) => {
      const v = get(o);
      return v !== null && typeof v === 'object' ? (v as { id?: unknown }).id : v;
    },
  };
}

/** An integer column (amounts are integers in the currency's minor unit). */
export function int(name: string, from: Getter = name): StripeColumn {
  return { field: new Field(name, new Int64(), true), value: getter(from) };
}

/** A floating-point column (exchange rates). */
export function float(name: string, from: Getter = name): StripeColumn {
  return { field: new Field(name, new Float64(), true), value: getter(from) };
}

/** A boolean column. */
export function bool(name: string, from: Getter = name): StripeColumn {
  return { field: new Field(name, new Bool(), true), value: getter(from) };
}

/** A UTC timestamp from Stripe's Unix seconds. */
export function time(name: string, from: Getter = name): StripeColumn {
  const get = getter(from);
  return {
    field: new Field(name, TIMESTAMP, true),
    value: (o) => {
      const v = get(o);
      return typeof v === 'number' ? v * 1000 : null;
    },
  };
}

/** A JSON column (DuckDB JSON): nested objects, lists, metadata. */
export function json(name: string, from: Getter = name): StripeColumn {
  return { field: logicalField(name, new Utf8(), 'json'), value: getter(from) };
}

/** The cursor column of every stream. */
export const SYNC_POSITION = 'sync_position';

/** The schema of a stream: `id`, `created`, its own columns, then `livemode`, `metadata`, `deleted`, `sync_position`. */
export function streamSchema(columns: readonly StripeColumn[]): Schema {
  return new Schema([
    new Field('id', new Utf8(), false),
    new Field('created', TIMESTAMP, true),
    ...columns.map((c) => c.field),
    new Field('livemode', new Bool(), true),
    logicalField('metadata', new Utf8(), 'json'),
    new Field('deleted', new Bool(), false),
    new Field(SYNC_POSITION, TIMESTAMP, false),
  ]);
}

/** Items of an embedded Stripe list (`{ object: 'list', data: [...] }`), or []. */
export function listItems(value: unknown): Array<Record<string, unknown>> {
  const data = (value as { data?: unknown } | null | undefined)?.data;
  return Array.isArray(data) ? (data as Array<Record<string, unknown>>) : [];
}
