import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve as resolvePath } from 'node:path';
import { suggest } from '@sqlflow/core';
import type { ProfileConnection, Profile } from '../profile/profile';
import type { CreateTableStatement, ExportStatement, JsonNode, JsonObjectNode, Operand, PipelineProgram, SourceStatement, Statement, Template } from './ast';
import { evaluateCondition } from './condition-evaluator';
import { diagnosticAt, type PipelineDiagnostic } from './diagnostic';
import { orderDiagnostics, parseSourceFile } from './parse-pipeline';
import { isPipelineError, PipelineSyntaxError, PipelineValidationError } from './pipeline-errors';
import type { ResolvedExport, ResolvedPipeline, ResolvedSource, ResolvedStatement, VariableValue } from './resolved';
import { SourceFile, type Span } from './source-file';
import { VariableScope } from './variable-scope';

/** What resolving a pipeline needs from its caller. Library code never reads `process.env`. */
export interface ResolveOptions {
  /** Variables from the command line (`--vars`): they win over everything else. */
  readonly variables?: Readonly<Record<string, VariableValue>>;
  /** The profile: its variables (over SET), connections and secrets. */
  readonly profile?: Pick<Profile, 'variables' | 'connections' | 'secrets'>;
  /** The environment for `${env.NAME}`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Reads an included file (default: the file system, UTF-8). */
  readonly readFile?: (path: string) => string;
}

const EXPORT_TYPES: ReadonlyArray<[RegExp, string]> = [
  [/\.csv(\.gz)?$/i, 'csv'],
  [/\.(parquet|pq)$/i, 'parquet'],
  [/\.(json|jsonl|ndjson)(\.gz)?$/i, 'json'],
];
const JSON_LITERAL = /^-?(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Applies SET, IF and INCLUDE and substitutes every `${...}`: the result lists, in statement
 * order, the SOURCE / LOAD / CREATE TABLE / EXPORT statements that will run. Every problem
 * (undefined variable, INCLUDE cycle or unreadable file, unknown connection) is reported at once
 * in one {@link PipelineValidationError}; syntax errors in included files in one
 * {@link PipelineSyntaxError}.
 */
export function resolvePipeline(program: PipelineProgram, options: ResolveOptions = {}): ResolvedPipeline {
  return new Resolver(options).run(program.statements, program.source);
}

/**
 * Reads, parses and resolves a pipeline file in one step.
 *
 * @example
 * const pipeline = loadPipeline('pipelines/orders.sf', { variables: { run_date: '2024-05-01' }, env: process.env });
 */
export function loadPipeline(file: string, options: ResolveOptions = {}): ResolvedPipeline {
  const read = options.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  return resolvePipeline(parseSourceFile(new SourceFile(file, read(file))), options);
}

class Resolver {
  private readonly scope: VariableScope;
  private readonly out: ResolvedStatement[] = [];
  private readonly syntax: PipelineDiagnostic[] = [];
  private readonly problems: PipelineDiagnostic[] = [];
  private readonly sources = new Map<string, SourceFile>();
  private readonly includeStack: string[] = [];
  private readonly read: (path: string) => string;
  private readonly connections: Readonly<Record<string, ProfileConnection>>;

  constructor(private readonly options: ResolveOptions) {
    this.scope = new VariableScope(options.variables ?? {}, options.profile?.variables ?? {}, options.env ?? {});
    this.read = options.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
    this.connections = options.profile?.connections ?? {};
  }

  run(statements: readonly Statement[], source: SourceFile): ResolvedPipeline {
    this.sources.set(source.path, source);
    this.includeStack.push(resolvePath(source.path));
    this.statements(statements);
    if (this.syntax.length > 0) throw new PipelineSyntaxError(orderDiagnostics([...this.syntax, ...this.problems]));
    if (this.problems.length > 0) throw new PipelineValidationError(this.problems);
    const secrets = [...new Set([...(this.options.profile?.secrets ?? []), ...this.scope.secrets()])];
    return { file: source.path, statements: this.out, variables: this.scope.all(), secrets, sources: this.sources };
  }

  private problem(span: Span | undefined, message: string): void {
    this.problems.push(diagnosticAt(span ? this.sources.get(span.file) : undefined, span, message));
  }

  private statements(statements: readonly Statement[]): void {
    for (const s of statements) this.statement(s);
  }

  private statement(s: Statement): void {
    switch (s.kind) {
      case 'set': {
        if (this.scope.overridden(s.name)) return;
        const v = s.value;
        this.scope.set(s.name, v.kind === 'string' ? this.text(v.value) : v.value);
        return;
      }
      case 'if': {
        for (const branch of s.branches) {
          if (evaluateCondition(branch.condition, (o) => this.operand(o))) return this.statements(branch.body);
        }
        if (s.otherwise) this.statements(s.otherwise);
        return;
      }
      case 'include':
        return this.include(s.path, s.span);
      case 'source':
        return void this.out.push(this.source(s));
      case 'load':
        this.out.push({ kind: 'load', table: this.text(s.table), source: this.text(s.source), mode: s.mode, keys: s.keys.map((k) => this.text(k)), span: s.span });
        return;
      case 'create_table':
        return void this.out.push(this.createTable(s));
      case 'export': {
        const resolved = this.export(s);
        if (resolved) this.out.push(resolved);
        return;
      }
    }
  }

  /** The template with every variable substituted; problems are recorded, not thrown. */
  private text(t: Template): string {
    let out = '';
    for (const part of t.parts) {
      if (typeof part === 'string') out += part;
      else {
        const r = this.scope.lookup(part);
        if ('value' in r) out += String(r.value);
        else this.problem(part.span, r.message);
      }
    }
    return out;
  }

  private operand(o: Operand): VariableValue {
    switch (o.kind) {
      case 'string':
        return this.text(o.value);
      case 'number':
      case 'boolean':
        return o.value;
      case 'variable': {
        const r = this.scope.lookup(o.ref);
        if ('value' in r) return r.value;
        this.problem(o.ref.span, r.message);
        return '';
      }
    }
  }

  private json(node: JsonNode): unknown {
    switch (node.kind) {
      case 'object':
        return Object.fromEntries(node.entries.map((e) => [e.key, this.json(e.value)]));
      case 'array':
        return node.items.map((i) => this.json(i));
      case 'string':
        return this.text(node.value);
      case 'number':
      case 'boolean':
        return node.value;
      case 'null':
        return null;
      case 'variable': {
        const r = this.scope.lookup(node.ref);
        if (!('value' in r)) {
          this.problem(node.ref.span, r.message);
          return null;
        }
        const v = r.value;
        if (typeof v !== 'string') return v;
        if (JSON_LITERAL.test(v)) return Number(v);
        if (v === 'true' || v === 'false') return v === 'true';
        return v === 'null' ? null : v;
      }
    }
  }

  private object(node: JsonObjectNode | undefined): Record<string, unknown> {
    return node ? (this.json(node) as Record<string, unknown>) : {};
  }

  private connection(nameTemplate: Template): { name: string; connection: ProfileConnection | undefined } {
    const name = this.text(nameTemplate);
    const connection = Object.hasOwn(this.connections, name) ? this.connections[name] : undefined;
    if (!connection) {
      const known = Object.keys(this.connections);
      const hint = suggest(name, known);
      const list = known.length > 0 ? `the profile defines: ${known.join(', ')}` : 'the profile defines no connections';
      this.problem(nameTemplate.span, `unknown connection "${name}"${hint ? `; did you mean "${hint}"?` : ''} (${list})`);
    }
    return { name, connection };
  }

  private source(s: SourceStatement): ResolvedSource {
    const name = this.text(s.name);
    const spans = (node: JsonObjectNode | undefined): Record<string, Span> => Object.fromEntries((node?.entries ?? []).map((e) => [e.key, e.keySpan]));
    if (s.connector.kind === 'type') {
      const params = this.object(s.connector.params);
      return { kind: 'source', name, type: this.text(s.connector.type).toLowerCase(), params, connection: undefined, span: s.span, paramSpans: spans(s.connector.params) };
    }
    const { name: connectionName, connection } = this.connection(s.connector.connection);
    const params = { ...(connection?.params ?? {}), ...this.object(s.connector.options) };
    return { kind: 'source', name, type: connection?.type ?? '', params, connection: connectionName, span: s.span, paramSpans: spans(s.connector.options) };
  }

  private createTable(s: CreateTableStatement): ResolvedStatement {
    const m = s.mode;
    const mode = { kind: m.kind, keys: m.keys.map((k) => this.text(k)), by: m.by && this.text(m.by), lookback: m.lookback && this.text(m.lookback) };
    return { kind: 'create_table', table: this.text(s.table), orReplace: s.orReplace, mode, sql: this.text(s.query), span: s.span };
  }

  private export(s: ExportStatement): ResolvedExport | undefined {
    const sql = this.text(s.query);
    const options = this.object(s.options);
    if (s.destinationKind === 'connection') {
      const { name, connection } = this.connection(s.destination);
      if (!connection) return undefined;
      const type = s.type ? this.text(s.type).toLowerCase() : connection.type;
      return { kind: 'export', sql, destination: name, destinationKind: 'connection', type, options: { ...connection.params, ...options }, span: s.span };
    }
    const destination = this.text(s.destination);
    let type = s.type ? this.text(s.type).toLowerCase() : EXPORT_TYPES.find(([re]) => re.test(destination))?.[1];
    if (type === undefined) {
      this.problem(s.destination.span, `EXPORT needs a TYPE (CSV, PARQUET or JSON): none is given and "${destination}" has no known file extension`);
      type = '';
    }
    return { kind: 'export', sql, destination, destinationKind: 'uri', type, options, span: s.span };
  }

  private include(pathTemplate: Template, span: Span): void {
    const relative = this.text(pathTemplate);
    if (!relative) return;
    const from = span.file;
    const shown = isAbsolute(relative) ? relative : join(dirname(from), relative);
    const key = resolvePath(shown);
    const at = this.includeStack.indexOf(key);
    if (at >= 0) {
      const chain = [...this.includeStack.slice(at), key].map((p) => this.display(p));
      this.problem(pathTemplate.span, `INCLUDE cycle: ${chain.join(' -> ')}; remove one of these INCLUDEs`);
      return;
    }
    if (this.includeStack.length > 64) {
      this.problem(pathTemplate.span, 'INCLUDE nested deeper than 64 files');
      return;
    }
    let text: string;
    try {
      text = this.read(shown);
    } catch (error) {
      const reason = (error as { code?: string }).code === 'ENOENT' ? 'no such file' : (error as Error).message;
      this.problem(pathTemplate.span, `cannot read included file "${shown}" (${reason}); INCLUDE paths are relative to the including file`);
      return;
    }
    const source = new SourceFile(shown, text);
    this.sources.set(shown, source);
    let statements: readonly Statement[];
    try {
      statements = parseSourceFile(source).statements;
    } catch (error) {
      if (isPipelineError(error)) {
        this.syntax.push(...error.diagnostics);
        return;
      }
      throw error;
    }
    this.includeStack.push(key);
    try {
      this.statements(statements);
    } finally {
      this.includeStack.pop();
    }
  }

  private display(absolute: string): string {
    for (const shown of this.sources.keys()) if (resolvePath(shown) === absolute) return shown;
    return absolute;
  }
}
