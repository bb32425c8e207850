import { readFileSync } from 'node:fs';
import { ConfigError, redactUrlPasswords } from '@sqlflow/core';
import type { PostgresConfig, SslMode } from '../postgres-config';

/** Where and how to connect, resolved from explicit parameters over the `connection` string. */
export interface ConnectionSettings {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly username: string;
  readonly password: string | undefined;
  readonly sslmode: SslMode;
  readonly sslrootcert: string | undefined;
  readonly connectTimeout: number;
  readonly applicationName: string;
}

interface ConnectionParts {
  host?: string;
  port?: number;
  database?: string;
  username?: string;
  password?: string;
  sslmode?: string;
  sslrootcert?: string;
}

/**
 * Parses `postgres://user:pass@host:port/db?sslmode=...` or a libpq keyword/value string
 * (`host=h port=5432 dbname=db user=u password='p w'`). Throws `ConfigError` naming `connection`
 * (with any password redacted) when it is neither.
 */
export function parseConnectionString(text: string): ConnectionParts {
  const trimmed = text.trim();
  if (/^postgres(ql)?:\/\//i.test(trimmed)) return parseUrl(trimmed);
  if (/^\s*[a-z_]+\s*=/i.test(trimmed)) return parseKeywordValue(trimmed);
  throw new ConfigError(`postgres: \`connection\` "${redactUrlPasswords(trimmed)}" is neither a postgres:// URL nor a keyword=value string`, {
    connector: 'postgres',
    parameter: 'connection',
  });
}

function parseUrl(text: string): ConnectionParts {
  let url: URL;
  try {
    url = new URL(text);
  } catch (cause) {
    throw new ConfigError(`postgres: \`connection\` "${redactUrlPasswords(text)}" is not a valid URL`, { connector: 'postgres', parameter: 'connection', cause });
  }
  const q = url.searchParams;
  const parts: ConnectionParts = {};
  if (url.hostname) parts.host = decodeURIComponent(url.hostname.replace(/^\[|\]$/g, ''));
  if (url.port) parts.port = Number(url.port);
  const db = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (db) parts.database = db;
  if (url.username) parts.username = decodeURIComponent(url.username);
  if (url.password) parts.password = decodeURIComponent(url.password);
  for (const key of ['sslmode', 'sslrootcert'] as const) {
    const v = q.get(key);
    if (v) parts[key] = v;
  }
  if (q.get('host')) parts.host = q.get('host')!;
  if (q.get('port')) parts.port = Number(q.get('port'));
  if (q.get('dbname')) parts.database = q.get('dbname')!;
  if (q.get('user')) parts.username = q.get('user')!;
  return parts;
}

function parseKeywordValue(text: string): ConnectionParts {
  const parts: ConnectionParts = {};
  const re = /([a-z_]+)\s*=\s*('((?:\\.|[^'\\])*)'|\S+)/gi;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const key = m[1]!.toLowerCase();
    const value = m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : m[2]!;
    if (key === 'host' || key === 'hostaddr') parts.host = value;
    else if (key === 'port') parts.port = Number(value);
    else if (key === 'dbname') parts.database = value;
    else if (key === 'user') parts.username = value;
    else if (key === 'password') parts.password = value;
    else if (key === 'sslmode') parts.sslmode = value;
    else if (key === 'sslrootcert') parts.sslrootcert = value;
  }
  return parts;
}

const SSL_MODE_SET = new Set<string>(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full']);

/** Resolves the connection settings: explicit parameters win over the parts of `connection`. */
export function resolveConnectionSettings(config: PostgresConfig): ConnectionSettings {
  const fromString = config.connection ? parseConnectionString(config.connection) : {};
  const sslmode = config.sslmode ?? fromString.sslmode ?? 'prefer';
  if (!SSL_MODE_SET.has(sslmode)) {
    throw new ConfigError(`postgres: sslmode "${sslmode}" in \`connection\` is not one of disable, prefer, require, verify-ca, verify-full`, { connector: 'postgres', parameter: 'connection' });
  }
  const database = config.database ?? fromString.database;
  if (!database) {
    throw new ConfigError('postgres: no database given; set `database` or put it in the `connection` URL (postgres://user@host:5432/db)', { connector: 'postgres', parameter: 'database' });
  }
  const sslrootcert = config.sslrootcert ?? fromString.sslrootcert;
  if ((sslmode === 'verify-ca' || sslmode === 'verify-full') && !sslrootcert) {
    throw new ConfigError(`postgres: sslmode \`${sslmode}\` needs \`sslrootcert\` (the CA certificate file)`, { connector: 'postgres', parameter: 'sslrootcert' });
  }
  return {
    host: config.host ?? fromString.host ?? 'localhost',
    port: config.port ?? fromString.port ?? 5432,
    database,
    username: config.username ?? fromString.username ?? 'postgres',
    password: config.password ?? fromString.password,
    sslmode: sslmode as SslMode,
    sslrootcert,
    connectTimeout: config.connect_timeout,
    applicationName: config.application_name,
  };
}

/** The `ssl` option of the `postgres` client for a mode (reads the CA file for verify modes). */
export function sslOption(settings: ConnectionSettings): boolean | 'prefer' | 'require' | Record<string, unknown> {
  switch (settings.sslmode) {
    case 'disable':
      return false;
    case 'allow':
    case 'prefer':
      return 'prefer';
    case 'require':
      return 'require';
    case 'verify-ca':
    case 'verify-full': {
      let ca: Buffer;
      try {
        ca = readFileSync(settings.sslrootcert!);
      } catch (cause) {
        throw new ConfigError(`postgres: cannot read \`sslrootcert\` "${settings.sslrootcert}"; give the path of a PEM CA certificate`, { connector: 'postgres', parameter: 'sslrootcert', cause });
      }
      return settings.sslmode === 'verify-full'
        ? { ca, rejectUnauthorized: true }
        : { ca, rejectUnauthorized: true, checkServerIdentity: () => undefined };
    }
  }
}

/** `host:port` for messages. */
export function endpointOf(settings: ConnectionSettings): string {
  return `${settings.host}:${settings.port}`;
}
