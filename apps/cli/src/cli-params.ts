import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from './exit-codes';

/**
 * Connector parameters from the command line: `--params '{"path":"a.csv"}'`,
 * `--params @params.json`, and repeated `-p key=value` (values parsed as JSON when they can be).
 */
export function parseCliParams(cwd: string, json: string | undefined, pairs: readonly string[] = []): Record<string, unknown> {
  let params: Record<string, unknown> = {};
  if (json !== undefined) {
    const text = json.startsWith('@') ? readFileSync(resolve(cwd, json.slice(1)), 'utf8') : json;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new UsageError(`--params must be a JSON object or @file.json: ${(e as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UsageError('--params must be a JSON object');
    params = parsed as Record<string, unknown>;
  }
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`-p expects key=value, got "${pair}"`);
    const key = pair.slice(0, eq);
    const raw = pair.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      value = raw;
    }
    params[key] = value;
  }
  return params;
}

/** Pipeline variables from `--vars '{"a":1}'` or `--vars a=1,b=2` (repeatable). */
export function parseCliVars(values: readonly string[]): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const v of values) {
    const text = v.trim();
    if (text.startsWith('{')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        throw new UsageError(`--vars JSON is invalid: ${(e as Error).message}`);
      }
      for (const [k, x] of Object.entries(parsed as Record<string, unknown>)) vars[k] = typeof x === 'string' ? x : JSON.stringify(x);
      continue;
    }
    for (const pair of text.split(',')) {
      if (!pair.trim()) continue;
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new UsageError(`--vars expects JSON or k=v[,k=v], got "${pair}"`);
      vars[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
    }
  }
  return vars;
}
