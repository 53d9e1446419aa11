// One data source's options, as evaluated from source, -> DataSourceConfig. What cannot be known
// statically falls back to TypeORM's default and becomes a ReadProblem pointing at the code.
import type { Node } from 'ts-morph';
import type { ReadProblem, SourceSpan } from '../model/schema';
import { fileGlob, sourceGlob } from './globs';
import type { ProjectLayout } from '../workspace';
import type { RawDataSource } from './sources';
import { ClassReference, Instance, Unresolved, describeStatic, isPlainObject, type StaticValue } from './static-value';
import {
  defaultDataSource,
  DEFAULT_ENTITY_GLOBS,
  DEFAULT_MIGRATION_GLOBS,
  DEFAULT_MIGRATIONS_TABLE,
  DEFAULT_SCHEMA,
  type ConnectionSettings,
  type DataSourceConfig,
  type NamingConfig,
} from './types';

const POSTGRES_DRIVERS = new Set(['postgres', 'aurora-postgres']);
const TRANSACTION_MODES = new Set(['all', 'each', 'none']);

export function spanOf(node: Node): SourceSpan {
  const source = node.getSourceFile();
  const startOffset = node.getStart();
  const endOffset = node.getEnd();
  const start = source.getLineAndColumnAtPos(startOffset);
  const end = source.getLineAndColumnAtPos(endOffset);
  return {
    file: source.getFilePath(),
    start: { line: start.line - 1, character: start.column - 1 },
    end: { line: end.line - 1, character: end.column - 1 },
    startOffset,
    endOffset,
  };
}

class OptionsReader {
  readonly problems: ReadProblem[] = [];

  constructor(
    private readonly raw: RawDataSource,
    private readonly root: string,
    private readonly layout: ProjectLayout,
  ) {}

  problem(severity: ReadProblem['severity'], message: string, node?: Node): void {
    const where = node ? { span: spanOf(node) } : { file: this.raw.file };
    this.problems.push({ severity, message: `Data source '${this.raw.name}': ${message}`, ...where });
  }

  /** A value that must be of one kind; Unresolved or the wrong kind is reported and ignored. */
  pick<T>(options: Record<string, StaticValue>, key: string, accept: (value: StaticValue) => value is T & StaticValue, severity: ReadProblem['severity'] = 'warning'): T | undefined {
    const value = options[key];
    if (value === undefined) return undefined;
    if (value instanceof Unresolved) {
      this.problem(severity, `\`${key}\` cannot be read statically (${value.reason}).`, value.node);
      return undefined;
    }
    if (accept(value)) return value;
    this.problem(severity, `\`${key}\` has an unexpected value.`, this.raw.node);
    return undefined;
  }

  read(): DataSourceConfig | undefined {
    const { raw } = this;
    const config = defaultDataSource(this.root, raw.name, raw.file);
    if (raw.error !== undefined) {
      this.problem('error', `cannot be read: ${raw.error}`);
      return config;
    }
    if (raw.options instanceof Unresolved) {
      this.problem('warning', `the options cannot be read statically (${raw.options.reason}); using TypeORM's defaults.`, raw.options.node);
      return config;
    }
    if (!isPlainObject(raw.options)) {
      this.problem('warning', "the options are not an object; using TypeORM's defaults.", raw.node);
      return config;
    }
    const options = raw.options;
    const type = this.pick(options, 'type', isString, 'info');
    if (type !== undefined && !POSTGRES_DRIVERS.has(type)) {
      this.problem('info', `type '${type}' is not PostgreSQL; Schema Lens skips it.`, raw.node);
      return undefined;
    }
    const entities = this.locations(options, 'entities');
    if (entities) config.entityGlobs = entities;
    else if (options.autoLoadEntities === true && options.entities === undefined) config.entityGlobs = [...DEFAULT_ENTITY_GLOBS];
    const migrations = this.locations(options, 'migrations');
    if (migrations) config.migrationGlobs = migrations;
    config.migrationsTableName = this.pick(options, 'migrationsTableName', isString) ?? DEFAULT_MIGRATIONS_TABLE;
    const mode = this.pick(options, 'migrationsTransactionMode', isString);
    if (mode !== undefined) {
      if (TRANSACTION_MODES.has(mode)) config.migrationsTransactionMode = mode as DataSourceConfig['migrationsTransactionMode'];
      else this.problem('warning', `migrationsTransactionMode '${mode}' is not all, each or none; using 'all'.`, raw.node);
    }
    config.schema = this.pick(options, 'schema', isString) || DEFAULT_SCHEMA;
    config.naming = this.naming(options.namingStrategy);
    const uuidExtension = this.pick(options, 'uuidExtension', isString);
    if (uuidExtension !== undefined) config.uuidExtension = uuidExtension;
    const entityPrefix = this.pick(options, 'entityPrefix', isString);
    if (entityPrefix) config.entityPrefix = entityPrefix;
    const connection = this.connection(options);
    if (connection) config.connection = connection;
    return config;
  }

  /** `entities` / `migrations`: globs, classes, EntitySchemas; undefined = not given or unreadable. */
  private locations(options: Record<string, StaticValue>, key: 'entities' | 'migrations'): string[] | undefined {
    let value = options[key];
    if (value === undefined) return undefined;
    if (isPlainObject(value)) value = Object.values(value);
    const items = Array.isArray(value) ? value : [value];
    const globs: string[] = [];
    let unreadable = 0;
    for (const item of items) {
      if (typeof item === 'string') globs.push(sourceGlob(item, this.root, this.layout));
      else if (item instanceof ClassReference) globs.push(fileGlob(item.file, this.root));
      else if (item instanceof Instance && item.className === 'EntitySchema') globs.push(fileGlob(item.file, this.root));
      else {
        unreadable++;
        const node = item instanceof Unresolved ? item.node : this.raw.node;
        this.problem('warning', `an entry of \`${key}\` cannot be read statically${item instanceof Unresolved ? ` (${item.reason})` : ''}.`, node);
      }
    }
    const unique = [...new Set(globs)];
    if (unique.length > 0) return unique;
    if (unreadable > 0) {
      const fallback = key === 'entities' ? DEFAULT_ENTITY_GLOBS : DEFAULT_MIGRATION_GLOBS;
      this.problem('info', `using ${fallback.join(', ')} for \`${key}\` instead.`);
      return [...fallback];
    }
    return [];
  }

  private naming(value: StaticValue): NamingConfig {
    if (value === undefined) return 'default';
    if (value instanceof Instance) {
      if (value.className === 'SnakeNamingStrategy' && value.moduleSpecifier === 'typeorm-naming-strategies') return 'snake';
      if (value.className === 'DefaultNamingStrategy' && (value.moduleSpecifier === 'typeorm' || value.moduleSpecifier === undefined)) return 'default';
      this.problem('warning', `naming strategy ${value.className} is custom: Schema Lens cannot apply it; choose 'default' or 'snake' in the settings (--naming).`, value.node);
      return { unknown: value.className };
    }
    const name = describeStatic(value);
    this.problem('warning', `naming strategy \`${name}\` cannot be read statically; choose 'default' or 'snake' in the settings (--naming).`, value instanceof Unresolved ? value.node : this.raw.node);
    return { unknown: name };
  }

  /** url or host/port/username/password/database/ssl; a `replication` setup's master. */
  private connection(options: Record<string, StaticValue>): ConnectionSettings | undefined {
    const replication = options.replication;
    const source = isPlainObject(replication) && isPlainObject(replication.master) ? { ...options, ...replication.master } : options;
    const settings: ConnectionSettings = {};
    const url = this.pick(source, 'url', isString, 'info');
    if (url) settings.url = url;
    const host = this.pick(source, 'host', isString, 'info');
    if (host) settings.host = host;
    const port = this.pick(source, 'port', isPortLike, 'info');
    if (port !== undefined && port !== '' && Number.isInteger(Number(port))) settings.port = Number(port);
    const user = this.pick(source, 'username', isString, 'info');
    if (user) settings.user = user;
    const password = this.pick(source, 'password', isString, 'info');
    if (password !== undefined) settings.password = password;
    const database = this.pick(source, 'database', isString, 'info');
    if (database) settings.database = database;
    const ssl = source.ssl;
    if (ssl instanceof Unresolved) this.problem('info', `\`ssl\` cannot be read statically (${ssl.reason}).`, ssl.node);
    else if (typeof ssl === 'boolean') settings.ssl = ssl;
    else if (typeof ssl === 'string') settings.ssl = ssl === 'true';
    else if (isPlainObject(ssl)) settings.ssl = true;
    return Object.keys(settings).length > 0 ? settings : undefined;
  }
}

function isString(value: StaticValue): value is string {
  return typeof value === 'string';
}

function isPortLike(value: StaticValue): value is string | number {
  return typeof value === 'number' || typeof value === 'string';
}

/** undefined when the data source is not PostgreSQL (reported as info). */
export function readDataSourceOptions(raw: RawDataSource, root: string, layout: ProjectLayout): { config?: DataSourceConfig; problems: ReadProblem[] } {
  const reader = new OptionsReader(raw, root, layout);
  const config = reader.read();
  return { config, problems: reader.problems };
}
