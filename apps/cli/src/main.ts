import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRedactor } from '@sqlflow/core';
import { Command, CommanderError, Option } from 'commander';
import { type CliIo, processIo } from './cli-io';
import { LOG_LEVELS } from './cli-logger';
import type * as CompileCommand from './commands/compile-command';
import type { PrepareFlags } from './commands/compile-command';
import type * as ConnectorsCommand from './commands/connectors-command';
import type { ConnectorParamFlags } from './commands/connectors-command';
import type * as InitCommand from './commands/init-command';
import type * as ListCommand from './commands/list-command';
import type * as RunCommand from './commands/run-command';
import type { RunFlags } from './commands/run-command';
import type * as StateCommand from './commands/state-command';
import type * as WebhooksCommand from './commands/webhooks-command';
import type { StripeWebhookFlags } from './commands/webhooks-command';
import type { StateFlags } from './commands/state-command';
import { EXIT, exitCodeFor, UsageError } from './exit-codes';
import { formatError } from './format-error';

/* eslint-disable @typescript-eslint/no-require-imports -- a command's module (and what it needs: DuckDB, connectors) loads only when that command runs */
const commands = {
  CompileCommand: () => require('./commands/compile-command') as typeof CompileCommand,
  ConnectorsCommand: () => require('./commands/connectors-command') as typeof ConnectorsCommand,
  InitCommand: () => require('./commands/init-command') as typeof InitCommand,
  ListCommand: () => require('./commands/list-command') as typeof ListCommand,
  RunCommand: () => require('./commands/run-command') as typeof RunCommand,
  StateCommand: () => require('./commands/state-command') as typeof StateCommand,
  WebhooksCommand: () => require('./commands/webhooks-command') as typeof WebhooksCommand,
};
/* eslint-enable @typescript-eslint/no-require-imports */

function version(): string {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function buildProgram(io: CliIo, setCode: (code: number) => void): Command {
  const program = new Command('sqlflow')
    .description('Move data into DuckDB, transform it with SQL, export it again.')
    .version(version(), '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(run with --help for usage)');
  const act =
    <A extends unknown[]>(fn: (...args: A) => Promise<number>) =>
    async (...args: A): Promise<void> =>
      setCode(await fn(...args));
  const vars = (): Option => new Option('--vars <vars>', 'variables: JSON or k=v[,k=v] (repeatable); win over profile and SET').argParser(collect).default([]);

  program
    .command('init')
    .description('create a runnable project with sample data, a pipeline and a profile')
    .argument('<dir>', 'directory to create')
    .option('--force', 'write into a non-empty directory')
    .action(act((dir: string, flags: { force?: boolean }) => commands.InitCommand().initCommand(dir, flags, io)));

  program
    .command('run')
    .description('run a pipeline: read sources, load DuckDB with exactly-once checkpoints, run SQL, export')
    .argument('<pipeline>', 'the .sf file')
    .option('--profile <name>', 'profile in profiles/<name>.yml (default dev)')
    .addOption(vars())
    .option('--full-refresh', 'ignore stored watermarks and replace every loaded table')
    .option('--no-pushdown', 'read every source through its connector, even files DuckDB could read itself')
    .option('--dry-run', 'validate and print the plan; read and write nothing')
    .option('--json', 'print the run report as JSON on stdout')
    .option('--trace <file>', 'write a JSON trace of every operation with timings (and EXPLAIN of SQL)')
    .option('--concurrency <n>', 'steps run at once at most (default 4)')
    .option('--database <path>', 'use this DuckDB file instead of the profile\'s')
    .addOption(new Option('--log-level <level>', 'log verbosity').choices([...LOG_LEVELS]))
    .action(act((file: string, flags: RunFlags) => commands.RunCommand().runCommand(file, flags, io)));

  program
    .command('validate')
    .description('check a pipeline (syntax, variables, every SOURCE\'s parameters) without running it')
    .argument('<pipeline>', 'the .sf file')
    .option('--profile <name>', 'profile name')
    .addOption(vars())
    .option('--json', 'machine-readable output')
    .action(act((file: string, flags: PrepareFlags) => commands.CompileCommand().validateCommand(file, flags, io)));

  program
    .command('compile')
    .description('print the execution plan (the DAG of steps) as JSON')
    .argument('<pipeline>', 'the .sf file')
    .option('--profile <name>', 'profile name')
    .addOption(vars())
    .action(act((file: string, flags: PrepareFlags) => commands.CompileCommand().compileCommand(file, flags, io)));

  program
    .command('list')
    .description('list the pipelines of a project')
    .argument('[dir]', 'project directory (default: current)')
    .option('--json', 'machine-readable output')
    .action(act((dir: string | undefined, flags: { json?: boolean }) => commands.ListCommand().listCommand(dir, flags, io)));

  const connectors = program.command('connectors').description('inspect connectors');
  connectors
    .command('list')
    .description('the available connectors')
    .option('--json', 'machine-readable output')
    .action(act((flags: { json?: boolean }) => commands.ConnectorsCommand().connectorsList(flags, io)));
  connectors
    .command('spec')
    .description("a connector's parameters, from its JSON Schema")
    .argument('<type>', 'connector type, e.g. csv')
    .option('--json', 'print the JSON Schema')
    .action(act((type: string, flags: { json?: boolean }) => commands.ConnectorsCommand().connectorsSpec(type, flags, io)));
  for (const [name, description, fn] of [
    ['check', 'connect with the given parameters and report health', 'connectorsCheck'],
    ['discover', 'list the streams with their columns and types', 'connectorsDiscover'],
  ] as const) {
    connectors
      .command(name)
      .description(description)
      .argument('<type>', 'connector type')
      .option('--params <json>', "parameters as JSON, or @file.json")
      .option('-p, --param <key=value>', 'one parameter (repeatable)', collect, [])
      .option('--json', 'machine-readable output')
      .action(act((type: string, flags: ConnectorParamFlags) => commands.ConnectorsCommand()[fn](type, flags, io)));
  }

  const state = program.command('state').description('watermarks and run history of a pipeline');
  const stateOptions = (c: Command): Command =>
    c.argument('<pipeline>', 'the .sf file').option('--profile <name>', 'profile name').option('--database <path>', 'DuckDB file').option('--json', 'machine-readable output');
  stateOptions(state.command('show').description('committed watermarks')).action(act((file: string, flags: StateFlags) => commands.StateCommand().stateShow(file, flags, io)));
  stateOptions(state.command('history').description('recent runs and their streams'))
    .option('--limit <n>', 'runs to show (default 20)')
    .action(act((file: string, flags: StateFlags & { limit?: string }) => commands.StateCommand().stateHistory(file, flags, io)));
  stateOptions(state.command('reset').description('forget watermarks so the next run reads from the start'))
    .option('--source <name>', 'only this SOURCE')
    .option('--stream <name>', 'only this stream')
    .option('--table <name>', 'only this target table')
    .action(act((file: string, flags: StateFlags & { source?: string; stream?: string; table?: string }) => commands.StateCommand().stateReset(file, flags, io)));

  program
    .command('webhooks')
    .description('serve webhook endpoints that store verified events in DuckDB')
    .command('stripe')
    .description('verify Stripe-Signature and append each event to DuckDB exactly once (by event id), until stopped')
    .requiredOption('--database <path>', 'DuckDB file to store events in')
    .option('--port <n>', 'port to listen on (0: any free port)', '4242')
    .option('--host <host>', 'interface to listen on (default 127.0.0.1; 0.0.0.0 behind a proxy)')
    .option('--path <path>', 'endpoint path (default /stripe/webhooks)')
    .option('--table <name>', 'table for the events (default stripe_webhook_events)')
    .option('--secret-env <name>', 'environment variable holding the signing secret (whsec_...)', 'STRIPE_WEBHOOK_SECRET')
    .action(act((flags: StripeWebhookFlags) => commands.WebhooksCommand().stripeWebhooksCommand(flags, io)));

  return program;
}

/**
 * Runs the `sqlflow` command line with `argv` (without `node` and the script) and returns the
 * exit code: 0 ok, 1 the run failed, 2 invalid input. Never calls `process.exit`.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.invalid;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
      return EXIT.invalid;
    }
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}\n`);
      return EXIT.invalid;
    }
    const secrets = Object.entries(io.env)
      .filter(([k, v]) => v && /pass|secret|token|key/i.test(k))
      .map(([, v]) => v!);
    io.err(formatError(error, createRedactor(secrets)));
    return exitCodeFor(error);
  }
}
