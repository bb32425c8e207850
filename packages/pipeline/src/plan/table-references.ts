/** A token of the light SQL tokenizer (comments and whitespace dropped). */
interface SqlToken {
  readonly kind: 'word' | 'quoted' | 'string' | 'number' | 'punct';
  /** Words: upper-cased; quoted identifiers: their name; others: their text. */
  readonly text: string;
  /** The identifier as written (words) or unquoted (quoted identifiers). */
  readonly name: string;
}

// A parenthesis right after one of these opens a group (a subquery, a list), not a call.
const GROUP_AFTER = new Set([
  'SELECT', 'FROM', 'JOIN', 'IN', 'EXISTS', 'AS', 'ON', 'WHERE', 'AND', 'OR', 'NOT', 'UNION', 'ALL', 'ANY', 'SOME', 'LATERAL', 'USING',
  'VALUES', 'WITH', 'THEN', 'ELSE', 'WHEN', 'CASE', 'IS', 'BY', 'HAVING', 'INTERSECT', 'EXCEPT', 'RECURSIVE', 'MATERIALIZED', 'DISTINCT',
  'RETURNING', 'INTO', 'TABLE', 'QUALIFY', 'LIMIT', 'OFFSET',
]);
// Words that end a table reference instead of being its alias.
const NOT_AN_ALIAS = new Set([
  'WHERE', 'JOIN', 'ON', 'USING', 'GROUP', 'ORDER', 'LIMIT', 'OFFSET', 'LEFT', 'RIGHT', 'INNER', 'OUTER', 'FULL', 'CROSS', 'NATURAL',
  'UNION', 'EXCEPT', 'INTERSECT', 'HAVING', 'WINDOW', 'QUALIFY', 'POSITIONAL', 'ASOF', 'ANTI', 'SEMI', 'LATERAL', 'TABLESAMPLE',
  'SAMPLE', 'PIVOT', 'UNPIVOT', 'FETCH', 'FOR', 'RETURNING', 'SELECT', 'FROM', 'WITH', 'AS', 'VALUES', 'SET', 'INTO',
]);
const NOT_A_TABLE = new Set(['SELECT', 'VALUES', 'LATERAL', 'WITH', 'UNNEST', 'TABLE']);

function tokenize(sql: string): SqlToken[] {
  const out: SqlToken[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (/\s/.test(c)) i++;
    else if (sql.startsWith('--', i)) {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl + 1;
    } else if (sql.startsWith('/*', i)) {
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? sql.length : close + 2;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      let text = '';
      while (j < sql.length) {
        if (sql[j] === c && sql[j + 1] === c) {
          text += c;
          j += 2;
        } else if (sql[j] === c) break;
        else if (c === "'" && sql[j] === '\\' && /[eE]/.test(sql[i - 1] ?? '')) {
          text += sql[j + 1] ?? '';
          j += 2;
        } else text += sql[j++];
      }
      out.push(c === '"' ? { kind: 'quoted', text, name: text } : { kind: 'string', text, name: '' });
      i = j + 1;
    } else if (c === '$' && /^\$([A-Za-z_]\w*)?\$/.test(sql.slice(i, i + 64))) {
      const tag = /^\$([A-Za-z_]\w*)?\$/.exec(sql.slice(i, i + 64))![0];
      const close = sql.indexOf(tag, i + tag.length);
      out.push({ kind: 'string', text: '', name: '' });
      i = close < 0 ? sql.length : close + tag.length;
    } else if (/[\p{L}_]/u.test(c)) {
      const m = /^[\p{L}\p{N}_$]+/u.exec(sql.slice(i, i + 256))![0];
      out.push({ kind: 'word', text: m.toUpperCase(), name: m });
      i += m.length;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9][\w.]*/.exec(sql.slice(i, i + 64))![0];
      out.push({ kind: 'number', text: m, name: '' });
      i += m.length;
    } else {
      out.push({ kind: 'punct', text: c, name: '' });
      i++;
    }
  }
  return out;
}

function isName(t: SqlToken | undefined): t is SqlToken {
  return t !== undefined && (t.kind === 'word' || t.kind === 'quoted');
}

function skipGroup(tokens: readonly SqlToken[], open: number): number {
  let depth = 0;
  for (let j = open; j < tokens.length; j++) {
    if (tokens[j]!.text === '(' && tokens[j]!.kind === 'punct') depth++;
    else if (tokens[j]!.text === ')' && tokens[j]!.kind === 'punct' && --depth === 0) return j + 1;
  }
  return tokens.length;
}

function isPunct(t: SqlToken | undefined, p: string): boolean {
  return t !== undefined && t.kind === 'punct' && t.text === p;
}

/** Names defined by `WITH name [(cols)] AS (...)` anywhere in the statement. */
function cteNames(tokens: readonly SqlToken[]): Set<string> {
  const names = new Set<string>();
  tokens.forEach((t, i) => {
    if (t.kind !== 'word' || t.text !== 'WITH') return;
    let j = i + 1;
    if (tokens[j]?.kind === 'word' && tokens[j]!.text === 'RECURSIVE') j++;
    for (;;) {
      const name = tokens[j];
      if (!isName(name)) return;
      let k = j + 1;
      if (isPunct(tokens[k], '(')) k = skipGroup(tokens, k);
      if (!(tokens[k]?.kind === 'word' && tokens[k]!.text === 'AS')) return;
      names.add(name.name.toLowerCase());
      k++;
      while (tokens[k]?.kind === 'word' && (tokens[k]!.text === 'NOT' || tokens[k]!.text === 'MATERIALIZED')) k++;
      if (!isPunct(tokens[k], '(')) return;
      k = skipGroup(tokens, k);
      if (!isPunct(tokens[k], ',')) return;
      j = k + 1;
    }
  });
  return names;
}

/**
 * The tables a query reads: identifiers after FROM and JOIN (and comma joins), qualified names
 * kept (`schema.table`), lower-cased, in order of appearance, without duplicates. CTE names of
 * the statement, table functions (`read_csv(...)`), file paths in quotes, subqueries and the
 * FROM inside function calls such as `extract(year FROM ts)` are not tables.
 *
 * @example tableReferences('WITH x AS (SELECT * FROM a) SELECT * FROM x JOIN b ON true') // ['a', 'b']
 */
export function tableReferences(sql: string): string[] {
  const tokens = tokenize(sql);
  const ctes = cteNames(tokens);
  const found: string[] = [];
  const frames: Array<{ call: boolean; sawSelect: boolean }> = [{ call: false, sawSelect: false }];

  const reference = (start: number, commaJoins: boolean): void => {
    let j = start;
    for (;;) {
      const t = tokens[j];
      if (!t) return;
      if (t.kind === 'string') j++;
      else if (isName(t) && !(t.kind === 'word' && NOT_A_TABLE.has(t.text))) {
        const parts = [t.name];
        j++;
        while (isPunct(tokens[j], '.') && isName(tokens[j + 1])) {
          parts.push(tokens[j + 1]!.name);
          j += 2;
        }
        if (isPunct(tokens[j], '(')) return; // a table function
        const name = parts.join('.').toLowerCase();
        if (!(parts.length === 1 && ctes.has(name)) && !found.includes(name)) found.push(name);
      } else return;
      if (tokens[j]?.kind === 'word' && tokens[j]!.text === 'AS') j++;
      const alias = tokens[j];
      if (alias && (alias.kind === 'quoted' || (alias.kind === 'word' && !NOT_AN_ALIAS.has(alias.text)))) {
        j++;
        if (isPunct(tokens[j], '(')) j = skipGroup(tokens, j);
      }
      if (!commaJoins || !isPunct(tokens[j], ',')) return;
      j++;
    }
  };

  tokens.forEach((t, i) => {
    const frame = frames[frames.length - 1]!;
    if (t.kind === 'punct' && t.text === '(') {
      const prev = tokens[i - 1];
      const call = prev !== undefined && (prev.kind === 'quoted' || (prev.kind === 'word' && !GROUP_AFTER.has(prev.text)));
      frames.push({ call, sawSelect: false });
    } else if (t.kind === 'punct' && t.text === ')') {
      if (frames.length > 1) frames.pop();
    } else if (t.kind === 'word') {
      if (t.text === 'SELECT') frame.sawSelect = true;
      else if (t.text === 'FROM' && (!frame.call || frame.sawSelect)) reference(i + 1, true);
      else if (t.text === 'JOIN') reference(i + 1, false);
    }
  });
  return found;
}
