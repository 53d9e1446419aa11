// The flags every project command shares (--root, --db, --entities, --migrations, --naming,
// --schema, --timeout, --json, --help), parsed one way with node:util parseArgs, turned into the
// core's ConfigOverrides, and the one-line error convention (`schema-lens <cmd>: reason`, exit 2).
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { ConfigOverrides } from '../core/config';
import type { ReadProblem } from '../core/model';
import { EXIT_USAGE } from './command';
import { messageOf } from '../core/errors';
import { printedProblem } from '../core/report';

/** Bad arguments: the message is shown on one line and the command exits 2. */
export class UsageError extends Error {}

export const projectOptions = {
  root: { type: 'string' },
  db: { type: 'string' },
  entities: { type: 'string', multiple: true },
  migrations: { type: 'string', multiple: true },
  naming: { type: 'string' },
  schema: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/** Help lines for projectOptions, for a command's --help text. */
export const projectOptionsHelp = `  --root DIR                project root (default: current directory)
  --db URL                  postgres:// URL (default: from the project's DataSource and .env)
  --entities GLOB           entity files, relative to the root (repeatable)
  --migrations GLOB         migration files, relative to the root (repeatable)
  --naming default|snake    naming strategy (default: from the DataSource)
  --schema NAME             database schema (default: the DataSource's, else public)
  --timeout MS              connection and statement timeout (default: 10000)
  --json                    machine-readable output
`;

export interface ProjectArguments {
  /** Absolute project root. */
  root: string;
  overrides: ConfigOverrides;
  timeoutMs?: number;
  json: boolean;
  help: boolean;
}

export function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got '${value}')`);
  return value as T;
}

/**
 * Parses a command's arguments: the shared project flags plus the command's own `extra` options.
 * Throws UsageError (one line) on unknown flags, missing values and invalid values.
 */
export function parseProjectArguments<E extends NonNullable<ParseArgsConfig['options']>>(args: string[], extra: E = {} as E) {
  let parsed;
  try {
    parsed = parseArgs({ args, strict: true, allowPositionals: false, options: { ...projectOptions, ...extra } });
  } catch (error) {
    throw new UsageError(error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error));
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  const text = (name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const list = (name: string): string[] | undefined => (Array.isArray(values[name]) ? (values[name] as string[]) : undefined);

  const overrides: ConfigOverrides = {};
  const db = text('db');
  if (db !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(db)) throw new UsageError('--db expects a postgres:// URL');
    overrides.db = db;
  }
  const naming = oneOf('naming', text('naming'), ['default', 'snake'] as const);
  if (naming) overrides.naming = naming;
  const schema = text('schema');
  if (schema !== undefined) {
    if (!schema) throw new UsageError('--schema expects a schema name');
    overrides.schema = schema;
  }
  const entities = list('entities');
  if (entities) overrides.entities = entities;
  const migrations = list('migrations');
  if (migrations) overrides.migrations = migrations;

  let timeoutMs: number | undefined;
  const timeout = text('timeout');
  if (timeout !== undefined) {
    timeoutMs = Number(timeout);
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new UsageError(`--timeout expects milliseconds (got '${timeout}')`);
  }
  const project: ProjectArguments = {
    root: resolve(text('root') ?? '.'),
    overrides,
    timeoutMs,
    json: values.json === true,
    help: values.help === true,
  };
  return { project, values: parsed.values };
}

/** Writes `schema-lens <command>: <first line of the error>` to stderr and returns exit code 2. */
export function failUsage(command: string, error: unknown): number {
  const message = messageOf(error);
  process.stderr.write(`schema-lens ${command}: ${message.split('\n')[0]}\n`);
  return EXIT_USAGE;
}

/** Read problems on stderr, `file:line:col: message`, paths relative to the root (as JSON and SARIF print them). */
export function reportProblems(problems: readonly ReadProblem[], root: string): void {
  for (const problem of problems) {
    const { severity, message, file, line, column } = printedProblem(problem, root);
    process.stderr.write(`schema-lens: ${severity}: ${file ? `${file}${line ? `:${line}:${column}` : ''}: ` : ''}${message}\n`);
  }
}
