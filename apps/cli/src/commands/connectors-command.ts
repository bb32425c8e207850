import { configTable, createContext, createRedactor, openConnector, secretValues, type StreamDescriptor } from '@sqlflow/core';
import type { AnyConnectorDefinition } from '@sqlflow/pipeline';
import { createCliRegistry } from '../builtin-connectors';
import type { CliIo } from '../cli-io';
import { createCliLogger } from '../cli-logger';
import { parseCliParams } from '../cli-params';
import { EXIT } from '../exit-codes';

/** Flags of `sqlflow connectors check|discover`. */
export interface ConnectorParamFlags {
  readonly params?: string;
  readonly param: string[];
  readonly json?: boolean;
}

function resolveType(type: string, io: CliIo): AnyConnectorDefinition {
  return createCliRegistry().resolve(type, io.cwd);
}

/** `sqlflow connectors list`. */
export async function connectorsList(flags: { json?: boolean }, io: CliIo): Promise<number> {
  const list = createCliRegistry().list();
  if (flags.json) {
    io.out(JSON.stringify(list.map((d) => ({ name: d.name, kind: d.kind, version: d.version, description: d.description ?? '' })), null, 2) + '\n');
  } else {
    for (const d of list) io.out(`${d.name.padEnd(12)} ${d.kind.padEnd(12)} ${d.version.padEnd(8)} ${d.description ?? ''}\n`);
    io.out('\nThird-party connectors: npm install sqlflow-connector-<name>, then use TYPE <name>.\n');
  }
  return EXIT.ok;
}

/** `sqlflow connectors spec <type>`: the parameters, from the connector's JSON Schema. */
export async function connectorsSpec(type: string, flags: { json?: boolean }, io: CliIo): Promise<number> {
  const d = resolveType(type, io);
  if (flags.json) io.out(JSON.stringify(d.spec.schema, null, 2) + '\n');
  else io.out(`# ${d.name} (${d.kind}, ${d.version})\n\n${d.description ?? ''}\n\n${configTable(d.spec)}\n`);
  return EXIT.ok;
}

function describeStreams(streams: readonly StreamDescriptor[]): string {
  return streams
    .map((s) => {
      const cols = s.schema.fields.map((f) => `    ${f.name}: ${String(f.type)}${f.nullable ? '' : ' NOT NULL'}`).join('\n');
      const pk = s.primaryKey.length ? ` primary key (${s.primaryKey.join(', ')})` : '';
      const cursor = s.defaultCursorField ? ` cursor ${s.defaultCursorField}` : '';
      return `${s.name}:${pk}${cursor} modes ${s.supportedSyncModes.join(', ')}\n${cols}`;
    })
    .join('\n');
}

async function withSession<T>(type: string, flags: ConnectorParamFlags, io: CliIo, work: (session: Awaited<ReturnType<typeof openConnector>>) => Promise<T>): Promise<T> {
  const d = resolveType(type, io);
  const params = parseCliParams(io.cwd, flags.params, flags.param);
  const redact = createRedactor(secretValues(d.spec, params));
  const logger = createCliLogger(io.err, 'warn', redact);
  const session = await openConnector(d, params, createContext({ logger }));
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}

/** `sqlflow connectors check <type>`: connects with the parameters and reports health. */
export async function connectorsCheck(type: string, flags: ConnectorParamFlags, io: CliIo): Promise<number> {
  return withSession(type, flags, io, async (session) => {
    const started = Date.now();
    await session.check();
    const health = session.health ? await session.health() : undefined;
    const latencyMs = Date.now() - started;
    if (flags.json) io.out(JSON.stringify({ ok: true, latencyMs, health }, null, 2) + '\n');
    else {
      io.out(`ok: ${type} connection works (${latencyMs} ms)\n`);
      if (health) {
        io.out(`status: ${health.status}${health.latencyMs !== undefined ? `, latency ${health.latencyMs} ms` : ''}\n`);
        for (const [k, v] of Object.entries(health.metrics)) io.out(`  ${k}: ${v}\n`);
      }
    }
    return EXIT.ok;
  });
}

/** `sqlflow connectors discover <type>`: the streams with their Arrow schemas. */
export async function connectorsDiscover(type: string, flags: ConnectorParamFlags, io: CliIo): Promise<number> {
  return withSession(type, flags, io, async (session) => {
    const streams = await session.discover();
    if (flags.json) {
      io.out(
        JSON.stringify(
          streams.map((s) => ({
            name: s.name,
            primaryKey: s.primaryKey,
            defaultCursorField: s.defaultCursorField,
            supportedSyncModes: s.supportedSyncModes,
            columns: s.schema.fields.map((f) => ({ name: f.name, type: String(f.type), nullable: f.nullable })),
          })),
          null,
          2,
        ) + '\n',
      );
    } else io.out(describeStreams(streams) + '\n');
    return EXIT.ok;
  });
}
