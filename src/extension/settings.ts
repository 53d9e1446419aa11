// The one place that knows the extension's settings: names, defaults, validation, and how they
// become the core's overrides. Everything else asks readSettings(); package.json declares the
// same keys (a unit test keeps the two in step). Pure: takes anything shaped like a
// vscode.WorkspaceConfiguration for the `schemaLens` section.
import { checkDeclarations, checkHealthThresholds, type ConfigOverrides, type HealthThresholds, type ReaderDeclarations } from '../core/config/index';
import type { Severity } from '../core/rules';
import { LINT_SCOPES, type LintScope } from './lintScope';

export interface ConfigurationLike {
  get<T>(section: string): T | undefined;
}

export type SeverityOverride = Severity | 'off';

export interface SchemaLensSettings {
  /** Entity globs relative to the folder; empty = from the DataSource. */
  entities: string[];
  /** Migration globs relative to the folder; empty = from the DataSource. */
  migrations: string[];
  naming: 'auto' | 'default' | 'snake';
  /** Database schema; empty = from the DataSource (usually `public`). */
  schema: string;
  /** Per-code severity overrides, e.g. { "SL301": "error", "SL502": "off" }. */
  severity: Record<string, SeverityOverride>;
  /** Connection URL without a password (the password lives in SecretStorage). Empty = discovered. */
  databaseUrl: string;
  connectTimeoutMs: number;
  /** Replay the migrations into an embedded PostgreSQL when no database is configured. */
  shadowEnabled: boolean;
  debounceMs: number;
  codeLensEnabled: boolean;
  /** Where the migrations feature writes backups before data-losing changes; relative to the folder. */
  backupsFolder: string;
  /** Decorators, environment values and run-time variables declared for the entity reader (over schema-lens.json's). */
  declarations: ReaderDeclarations;
  /** Health thresholds over schema-lens.json's "health", key by key. */
  health: Partial<HealthThresholds>;
  /** Migration lint: from how many rows or bytes a lock held while a table is read or rewritten is an error. */
  lintThresholds: { errorRows: number; errorBytes: number };
  /** Which migration files are linted besides the open ones: none, those the database has not run, or all. */
  lintMigrations: LintScope;
}

/** Every key, relative to `schemaLens.`, with its default. package.json must declare exactly these. */
export const settingDefaults = {
  entities: [] as string[],
  migrations: [] as string[],
  naming: 'auto',
  schema: '',
  severity: {} as Record<string, string>,
  'database.url': '',
  'database.connectTimeoutMs': 5000,
  'shadow.enabled': true,
  'diagnostics.debounceMs': 50,
  'codeLens.enabled': true,
  backupsFolder: '.schema-lens/backups',
  decorators: {} as Record<string, unknown>,
  env: {} as Record<string, string>,
  values: {} as Record<string, unknown>,
  health: {} as Record<string, number>,
  'lint.bigTableRows': 1_000_000,
  'lint.bigTableBytes': 1024 ** 3,
  'lint.migrations': 'pending',
} as const;

type Key = keyof typeof settingDefaults;

const severityValues = new Set(['error', 'warning', 'info', 'off']);

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '') : [];
}

function number(value: unknown, fallback: number, min: number, max: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

export function readSettings(configuration: ConfigurationLike): SchemaLensSettings {
  const get = (key: Key): unknown => configuration.get(key) ?? settingDefaults[key];
  const naming = get('naming');
  const severity: Record<string, SeverityOverride> = {};
  const rawSeverity = get('severity');
  if (rawSeverity && typeof rawSeverity === 'object') {
    for (const [code, value] of Object.entries(rawSeverity)) {
      if (typeof value === 'string' && severityValues.has(value)) severity[code.toUpperCase()] = value as SeverityOverride;
    }
  }
  return {
    entities: stringList(get('entities')),
    migrations: stringList(get('migrations')),
    naming: naming === 'default' || naming === 'snake' ? naming : 'auto',
    schema: typeof get('schema') === 'string' ? (get('schema') as string).trim() : '',
    severity,
    databaseUrl: typeof get('database.url') === 'string' ? (get('database.url') as string).trim() : '',
    connectTimeoutMs: number(get('database.connectTimeoutMs'), settingDefaults['database.connectTimeoutMs'], 500, 120_000),
    shadowEnabled: get('shadow.enabled') !== false,
    debounceMs: number(get('diagnostics.debounceMs'), settingDefaults['diagnostics.debounceMs'], 0, 5000),
    codeLensEnabled: get('codeLens.enabled') !== false,
    backupsFolder: typeof get('backupsFolder') === 'string' && (get('backupsFolder') as string).trim() ? (get('backupsFolder') as string).trim() : settingDefaults.backupsFolder,
    // Malformed entries are left out; the same checks as for schema-lens.json.
    declarations: checkDeclarations({ decorators: get('decorators'), env: get('env'), values: get('values') }, 'schemaLens settings', []),
    health: checkHealthThresholds(get('health'), 'schemaLens settings', []),
    lintThresholds: {
      errorRows: number(get('lint.bigTableRows'), settingDefaults['lint.bigTableRows'], 0, Number.MAX_SAFE_INTEGER),
      errorBytes: number(get('lint.bigTableBytes'), settingDefaults['lint.bigTableBytes'], 0, Number.MAX_SAFE_INTEGER),
    },
    lintMigrations: LINT_SCOPES.find((scope) => scope === get('lint.migrations')) ?? settingDefaults['lint.migrations'],
  };
}

/** The settings that change what the core discovers, as its ConfigOverrides. */
export function toOverrides(settings: SchemaLensSettings): ConfigOverrides {
  const overrides: ConfigOverrides = {};
  if (settings.entities.length) overrides.entities = settings.entities;
  if (settings.migrations.length) overrides.migrations = settings.migrations;
  if (settings.naming !== 'auto') overrides.naming = settings.naming;
  if (settings.schema) overrides.schema = settings.schema;
  if (Object.values(settings.declarations).some((declared) => Object.keys(declared).length > 0)) overrides.declarations = settings.declarations;
  return overrides;
}

/** Settings whose change means re-discovering the project (as opposed to re-analysing). */
export const discoveryKeys: readonly Key[] = ['entities', 'migrations', 'naming', 'schema', 'database.url', 'database.connectTimeoutMs', 'shadow.enabled', 'decorators', 'env', 'values'];
