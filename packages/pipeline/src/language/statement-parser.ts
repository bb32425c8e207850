import { suggest } from '@sqlflow/core';
import type {
  CreateTableStatement,
  ExportStatement,
  IfStatement,
  IncludeStatement,
  JsonObjectNode,
  LoadMode,
  LoadStatement,
  SetStatement,
  SourceStatement,
  Statement,
  TableMode,
  Template,
} from './ast';
import { parseCondition } from './condition-parser';
import { parseJsonObject } from './json-parser';
import { recoveryPoint, scanSql, startsStatement, type SqlScan } from './sql-scanner';
import { templateSource } from './template';
import { describe, ParseStop, type TokenCursor } from './token-cursor';

const STATEMENTS = ['SOURCE', 'LOAD', 'CREATE', 'EXPORT', 'SET', 'INCLUDE', 'IF'];
const QUERY_START = new Set(['SELECT', 'WITH', 'VALUES', 'FROM', 'TABLE', 'SUMMARIZE', 'PIVOT', 'UNPIVOT', 'DESCRIBE']);

/** Parses statements of one file with a {@link TokenCursor}; `block` is the entry point. */
export class StatementParser {
  private depth = 0;

  constructor(private readonly c: TokenCursor) {}

  /** Statements up to the end of the file, or (inside IF) up to ELSE / END. Recovers after errors. */
  block(inIf: boolean): Statement[] {
    const c = this.c;
    const out: Statement[] = [];
    for (;;) {
      if (c.tok.kind === 'eof') return out;
      if (c.isPunct(';')) {
        c.advance();
        continue;
      }
      if (inIf && (c.is('ELSE') || c.is('END') || c.is('ELSEIF'))) return out;
      const start = c.tok.start;
      try {
        out.push(this.statement(inIf));
      } catch (error) {
        if (!(error instanceof ParseStop)) throw error;
        c.diagnostics.push(error.diagnostic);
        this.recover(start, error.resumeFrom);
      }
    }
  }

  private recover(statementStart: number, resumeFrom: number): void {
    const c = this.c;
    const next = recoveryOffset(c, statementStart, resumeFrom);
    c.seek(next);
  }

  private statement(inIf: boolean): Statement {
    const c = this.c;
    const t = c.tok;
    let statement: Statement;
    switch (t.kind === 'word' ? t.keyword : '') {
      case 'SOURCE':
        statement = this.source();
        break;
      case 'LOAD':
        statement = this.load();
        break;
      case 'CREATE':
        statement = this.createTable();
        break;
      case 'EXPORT':
        statement = this.export();
        break;
      case 'SET':
        statement = this.set();
        break;
      case 'INCLUDE':
        statement = this.include();
        break;
      case 'IF':
        statement = this.ifStatement();
        break;
      case 'ELSE':
      case 'ELSEIF':
        return c.fail(t.start, t.end, 'ELSE without a matching IF ... THEN');
      case 'END':
        return c.fail(t.start, t.end, 'END without a matching IF ... THEN');
      default: {
        if (t.kind === 'invalid') c.expected('a statement');
        const hint = t.kind === 'word' && t.keyword ? suggest(t.keyword, STATEMENTS) : undefined;
        const tail = hint ? `; did you mean ${hint}?` : '';
        return c.fail(t.start, t.end, `expected a statement (SOURCE, LOAD, CREATE TABLE, EXPORT, SET, INCLUDE or IF), found ${describeToken(c)}${tail}`);
      }
    }
    this.terminator(statement, inIf);
    return statement;
  }

  private terminator(statement: Statement, inIf: boolean): void {
    const c = this.c;
    if (c.isPunct(';')) {
      c.advance();
      return;
    }
    if (c.tok.kind === 'eof') return;
    if (inIf && (c.is('ELSE') || c.is('END') || c.is('ELSEIF'))) return;
    const what = statementLabel(statement);
    const onNewLine = c.source.text.slice(c.prevEnd, c.tok.start).includes('\n');
    if ((c.tok.kind === 'word' && STATEMENTS.includes(c.tok.keyword)) || onNewLine) {
      c.report(c.prevEnd, c.prevEnd + 1, `expected ";" to end the ${what} statement before ${describeToken(c)}`);
      return;
    }
    c.expected(`";" to end the ${what} statement`);
  }

  private source(): SourceStatement {
    const c = this.c;
    const start = c.advance().start;
    const name = c.name('a source name after SOURCE');
    if (c.is('TYPE')) {
      c.advance();
      if (c.tok.kind !== 'word') c.expected('a connector type after TYPE (for example CSV or POSTGRES)');
      const type = c.advance().template!;
      let params: JsonObjectNode | undefined;
      if (c.is('PARAMS')) {
        c.advance();
        params = this.json('PARAMS');
      } else if (c.isPunct('{')) c.expected(`PARAMS before the JSON parameters of SOURCE ${templateSource(name)}`);
      return { kind: 'source', name, connector: { kind: 'type', type, params }, span: c.source.span(start, c.prevEnd) };
    }
    if (c.is('FROM')) {
      c.advance();
      const t = c.tok;
      if (t.kind !== 'string' && t.kind !== 'word') c.expected('a connection name after FROM (a connection of the profile)');
      const connection = c.advance().template!;
      let options: JsonObjectNode | undefined;
      if (c.is('OPTIONS') || c.is('PARAMS')) {
        c.advance();
        options = this.json('OPTIONS');
      }
      return { kind: 'source', name, connector: { kind: 'connection', connection, options }, span: c.source.span(start, c.prevEnd) };
    }
    return c.expected(`TYPE or FROM after SOURCE ${templateSource(name)}`);
  }

  private json(after: string): JsonObjectNode {
    const c = this.c;
    if (!c.isPunct('{')) c.expected(`a JSON object {...} after ${after}`);
    const r = parseJsonObject(c.source, c.tok.start);
    for (const issue of r.issues) c.report(issue.span.offset, issue.span.offset + issue.span.length, issue.message);
    if (!r.ok) return c.fail(r.issue.span.offset, r.issue.span.offset + r.issue.span.length, r.issue.message);
    c.seek(r.end);
    return r.node;
  }

  private load(): LoadStatement {
    const c = this.c;
    const start = c.advance().start;
    const table = c.name('a table name after LOAD');
    c.keyword('FROM', `after LOAD ${templateSource(table)}`);
    const source = c.name(`a source name after LOAD ${templateSource(table)} FROM`);
    let mode: LoadMode = 'replace';
    let modeAt: { start: number; end: number } | undefined;
    let keys: Template[] = [];
    let keysAt: { start: number; end: number } | undefined;
    for (;;) {
      if (c.is('MODE') && !modeAt) {
        const m = c.advance();
        const t = c.tok;
        const word = t.kind === 'word' ? t.keyword : '';
        if (word === 'REPLACE' || word === 'APPEND') mode = word === 'REPLACE' ? 'replace' : 'append';
        else if (word === 'UPSERT' || word === 'MERGE') mode = 'upsert';
        else {
          const hint = word ? suggest(word, ['REPLACE', 'APPEND', 'UPSERT', 'MERGE']) : undefined;
          if (hint) c.fail(t.start, t.end, `expected REPLACE, APPEND or UPSERT after MODE, found ${describe(t)}; did you mean ${hint}?`);
          c.expected('REPLACE, APPEND or UPSERT after MODE');
        }
        c.advance();
        modeAt = { start: m.start, end: t.end };
      } else if (c.is('MERGE') && !modeAt) {
        const t = c.advance();
        mode = 'upsert';
        modeAt = { start: t.start, end: t.end };
      } else if ((c.is('KEY') || c.is('KEYS') || c.is('MERGE_KEYS')) && !keysAt) {
        const k = c.advance();
        keys = this.columnList(k.text.toUpperCase());
        keysAt = { start: k.start, end: c.prevEnd };
      } else break;
    }
    if (mode !== 'upsert' && keysAt) {
      c.fail(keysAt.start, keysAt.end, `KEY applies only to MODE UPSERT; remove it or write MODE UPSERT KEY (...)`);
    }
    return { kind: 'load', table, source, mode, keys, span: c.source.span(start, c.prevEnd) };
  }

  /** `(a, b)` or `a, b`. */
  private columnList(after: string): Template[] {
    const c = this.c;
    const paren = c.isPunct('(');
    if (paren) c.advance();
    const keys = [c.name(`a column name after ${after}`)];
    while (c.isPunct(',')) {
      c.advance();
      keys.push(c.name(`a column name after "," in ${after}`));
    }
    if (paren) c.punct(')', `to close the column list of ${after}`);
    return keys;
  }

  private createTable(): CreateTableStatement {
    const c = this.c;
    const start = c.advance().start;
    let orReplace = false;
    if (c.is('OR')) {
      c.advance();
      c.keyword('REPLACE', 'after CREATE OR');
      orReplace = true;
    }
    if (!c.is('TABLE')) c.expected(`TABLE after CREATE${orReplace ? ' OR REPLACE' : ''} (pipelines create tables with CREATE TABLE name AS SELECT ...)`);
    c.advance();
    const table = c.name('a table name after CREATE TABLE');
    const mode = this.tableMode();
    c.keyword('AS', `before the query of CREATE TABLE ${templateSource(table)}`);
    const scan = this.sql(false, `AS in CREATE TABLE ${templateSource(table)}`);
    return { kind: 'create_table', table, orReplace, mode, query: scan.template, span: c.source.span(start, scan.end) };
  }

  private tableMode(): TableMode {
    const c = this.c;
    const none: TableMode = { kind: 'replace', keys: [], by: undefined, lookback: undefined };
    if (!c.is('MODE')) return none;
    c.advance();
    const word = c.tok.kind === 'word' ? c.tok.keyword : '';
    if (!['REPLACE', 'APPEND', 'UPSERT', 'MERGE', 'INCREMENTAL'].includes(word)) c.expected('REPLACE, APPEND, UPSERT or INCREMENTAL after MODE');
    c.advance();
    const kind = word === 'MERGE' ? 'upsert' : (word.toLowerCase() as TableMode['kind']);
    let keys: Template[] = [];
    let by: Template | undefined;
    let lookback: Template | undefined;
    for (;;) {
      if (c.is('BY') && kind === 'incremental' && !by) {
        c.advance();
        by = c.name('a column name after BY');
      } else if (c.is('LOOKBACK') && kind === 'incremental' && !lookback) {
        c.advance();
        if (c.tok.kind !== 'string' && c.tok.kind !== 'word') c.expected("a duration after LOOKBACK (for example '1 day')");
        lookback = c.advance().template;
      } else if ((c.is('KEY') || c.is('KEYS') || c.is('MERGE_KEYS')) && keys.length === 0) {
        keys = this.columnList(c.advance().text.toUpperCase());
      } else break;
    }
    if (kind === 'incremental' && !by) c.expected('BY <time column> after MODE INCREMENTAL');
    return { kind, keys, by, lookback };
  }

  /** Reads a query raw from the current token. */
  private sql(stopAtTo: boolean, after: string): SqlScan {
    const c = this.c;
    const t = c.tok;
    if (t.kind === 'eof' || c.isPunct(';')) c.expected(`a query after ${after}`);
    if (!c.isPunct('(') && !(t.kind === 'word' && QUERY_START.has(t.keyword))) c.expected(`a query (SELECT, WITH, VALUES or FROM) after ${after}`);
    const scan = scanSql(c.source, t.start, stopAtTo);
    for (const issue of scan.issues) c.report(issue.span.offset, issue.span.offset + issue.span.length, issue.message);
    c.seek(scan.end);
    c.prevEnd = scan.template.span.offset + scan.template.span.length;
    return scan;
  }

  private export(): ExportStatement {
    const c = this.c;
    const start = c.advance().start;
    let query: Template;
    const t = c.tok;
    if (c.isPunct('(') || (t.kind === 'word' && QUERY_START.has(t.keyword))) {
      const scan = this.sql(true, 'EXPORT');
      if (scan.stop !== 'to') c.fail(c.prevEnd, c.prevEnd + 1, 'expected TO "destination" after the query of EXPORT');
      query = scan.template;
    } else {
      const table = c.name('a query or a table name after EXPORT');
      query = { parts: ['SELECT * FROM ', ...table.parts], span: table.span };
    }
    c.keyword('TO', 'after the query of EXPORT');
    const d = c.tok;
    if (d.kind !== 'string' && d.kind !== 'word') c.expected('a destination after TO (a quoted URI such as "output/file.csv", or a connection name)');
    c.advance();
    let type: Template | undefined;
    if (c.is('TYPE')) {
      c.advance();
      if (c.tok.kind !== 'word') c.expected('an export type after TYPE (CSV, PARQUET or JSON)');
      type = c.advance().template;
    }
    let options: JsonObjectNode | undefined;
    if (c.is('OPTIONS')) {
      c.advance();
      options = this.json('OPTIONS');
    }
    const destinationKind = d.kind === 'string' ? 'uri' : 'connection';
    return { kind: 'export', query, destination: d.template!, destinationKind, type, options, span: c.source.span(start, c.prevEnd) };
  }

  private set(): SetStatement {
    const c = this.c;
    const start = c.advance().start;
    const n = c.tok;
    if (n.kind !== 'word' || !n.keyword) c.expected('a variable name after SET');
    c.advance();
    c.punct('=', `after SET ${n.text}`);
    const v = c.tok;
    const span = (): ReturnType<typeof c.source.span> => c.source.span(start, c.prevEnd);
    if (v.kind === 'string') {
      c.advance();
      return { kind: 'set', name: n.text, value: { kind: 'string', value: v.template! }, span: span() };
    }
    if (v.kind === 'number' || c.isPunct('-')) {
      const negative = c.isPunct('-');
      if (negative) c.advance();
      if (c.tok.kind !== 'number') c.expected('a number after "-"');
      const value = c.advance().number! * (negative ? -1 : 1);
      return { kind: 'set', name: n.text, value: { kind: 'number', value }, span: span() };
    }
    if (v.kind === 'word') {
      c.advance();
      if (v.keyword === 'TRUE' || v.keyword === 'FALSE') return { kind: 'set', name: n.text, value: { kind: 'boolean', value: v.keyword === 'TRUE' }, span: span() };
      return { kind: 'set', name: n.text, value: { kind: 'string', value: v.template! }, span: span() };
    }
    return c.expected(`a value after SET ${n.text} = (a string, number or true/false)`);
  }

  private include(): IncludeStatement {
    const c = this.c;
    const start = c.advance().start;
    if (c.tok.kind !== 'string') c.expected('a quoted file path after INCLUDE');
    const path = c.advance().template!;
    return { kind: 'include', path, span: c.source.span(start, c.prevEnd) };
  }

  private ifStatement(): IfStatement {
    const c = this.c;
    const start = c.advance().start;
    if (this.depth >= 32) c.fail(start, start + 2, 'IF nested deeper than 32 levels');
    this.depth++;
    try {
      const branches: Array<IfStatement['branches'][number]> = [];
      let otherwise: Statement[] | undefined;
      let condition = parseCondition(c);
      for (;;) {
        c.keyword('THEN', 'after the condition of IF');
        branches.push({ condition, body: this.block(true) });
        if (c.is('ELSEIF') || (c.is('ELSE') && this.nextIsIf())) {
          if (c.advance().keyword === 'ELSE') c.advance();
          condition = parseCondition(c);
          continue;
        }
        if (c.is('ELSE')) {
          c.advance();
          otherwise = this.block(true);
        }
        break;
      }
      if (!c.is('END')) c.expected('END IF to close the IF that starts at line ' + c.source.position(start).line);
      c.advance();
      c.keyword('IF', 'after END');
      return { kind: 'if', branches, otherwise, span: c.source.span(start, c.prevEnd) };
    } finally {
      this.depth--;
    }
  }

  private nextIsIf(): boolean {
    const c = this.c;
    const saved = c.tok;
    const savedEnd = c.prevEnd;
    c.advance();
    const isIf = c.is('IF');
    c.tok = saved;
    c.prevEnd = savedEnd;
    return isIf;
  }
}

function describeToken(c: TokenCursor): string {
  return describe(c.tok);
}

function statementLabel(s: Statement): string {
  switch (s.kind) {
    case 'source':
      return `SOURCE ${templateSource(s.name)}`;
    case 'load':
      return `LOAD ${templateSource(s.table)}`;
    case 'create_table':
      return `CREATE TABLE ${templateSource(s.table)}`;
    case 'export':
      return 'EXPORT';
    case 'set':
      return `SET ${s.name}`;
    case 'include':
      return 'INCLUDE';
    case 'if':
      return 'IF';
  }
}

function recoveryOffset(c: TokenCursor, statementStart: number, resumeFrom: number): number {
  const next = Math.max(resumeFrom, statementStart + 1);
  if (resumeFrom > statementStart && startsStatement(c.source, resumeFrom)) return resumeFrom;
  return recoveryPoint(c.source, next);
}
