// One data source's options, as evaluated from source, -> DataSourceConfig, key by key: what can
// be read is read. What cannot be known statically becomes a ReadProblem pointing at the code;
// where a value is still needed, TypeORM's default is used, and the mapping options that were not
// read are listed in DataSourceConfig.unread (unknown, not absent): entities that cannot be read
// are found by a decorator scan instead.
import type { Node } from 'ts-morph';
import type { ReadProblem, SourceSpan } from '../model/schema';
import { fileGlob, packageFolder, sourceGlob } from './globs';
import { ModuleResolution, type ProjectLayout } from '../workspace';
import type { RawDataSource } from './sources';
import { ClassReference, Instance, Unresolved, UnsetVariable, describeStatic, isPlainObject, unknownSpread, type StaticValue } from './static-value';
import {
  defaultDataSource,
  DEFAULT_MIGRATION_GLOBS,
  DEFAULT_MIGRATIONS_TABLE,
  DEFAULT_SCHEMA,
  type ConnectionSettings,
  type DataSourceConfig,
  type MappingOption,
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

/** What each mapping option's default means when it cannot be read. */
const ASSUMED: Record<Exclude<MappingOption, 'entities' | 'namingStrategy'>, string> = {
  schema: `assuming '${DEFAULT_SCHEMA}'`,
  entityPrefix: 'assuming no prefix',
  uuidExtension: 'the defaults of generated uuid columns are unknown',
};

/** One data source read: its configuration, and whether NestJS loads its entities from forFeature lists. */
export interface ReadOptions {
  config?: DataSourceConfig;
  problems: ReadProblem[];
  /** `autoLoadEntities: true`: the classes of forFeature lists naming this data source are its entities too. */
  autoLoadEntities?: boolean;
}

class OptionsReader {
  readonly problems: ReadProblem[] = [];
  autoLoadEntities = false;
  /** Where relative globs are read from (the package of the DataSource file), and its tsconfig. */
  private readonly base: string;
  private readonly baseLayout: ProjectLayout;

  constructor(
    private readonly raw: RawDataSource,
    private readonly root: string,
    layout: ProjectLayout,
    /** Mapping options schema-lens.json declares for this data source: not reported as unread. */
    private readonly declared: ReadonlySet<MappingOption> = new Set(),
  ) {
    this.base = packageFolder(raw.file, root);
    this.baseLayout = this.base === root ? layout : new ModuleResolution({ root: this.base }).layout();
  }

  problem(severity: ReadProblem['severity'], message: string, node?: Node): void {
    const where = node ? { span: spanOf(node) } : { file: this.raw.file };
    this.problems.push({ severity, message: `Data source '${this.raw.name}': ${message}`, ...where });
  }

  /** A value that must be of one kind; Unresolved or the wrong kind is reported and ignored. */
  pick<T>(options: Record<string, StaticValue>, key: string, accept: (value: StaticValue) => value is T & StaticValue, severity: ReadProblem['severity'] = 'warning'): T | undefined {
    const value = options[key];
    // An unset variable leaves the setting unconfigured; discovery lists such variables once.
    if (value === undefined || value instanceof UnsetVariable) return undefined;
    if (value instanceof Unresolved) {
      this.problem(severity, `\`${key}\` cannot be read statically (${value.reason}).`, value.node);
      return undefined;
    }
    if (accept(value)) return value;
    this.problem(severity, `\`${key}\` has an unexpected value.`, this.raw.node);
    return undefined;
  }

  /** Records a mapping option that cannot be read, and says what is assumed instead. */
  private unread(config: DataSourceConfig, key: MappingOption, value: { reason: string; node?: Node }, consequence?: string): void {
    (config.unread ??= {})[key] = { reason: value.reason, ...(value.node ? { span: spanOf(value.node) } : { file: this.raw.file }) };
    if (consequence && !this.declared.has(key)) this.problem('warning', `\`${key}\` cannot be read statically (${value.reason}); ${consequence}.`, value.node);
  }

  read(): DataSourceConfig | undefined {
    const { raw } = this;
    const config = defaultDataSource(this.root, raw.name, raw.file);
    if (raw.error !== undefined) {
      this.problem('error', `cannot be read: ${raw.error}`);
      return config;
    }
    if (!(raw.options instanceof Unresolved) && !isPlainObject(raw.options)) {
      this.problem('warning', "the options are not an object; using TypeORM's defaults.", raw.node);
      return config;
    }
    if (raw.options instanceof Unresolved) {
      const unknown = raw.options;
      const assumed = [
        ...(this.declared.has('schema') ? [] : [`schema '${DEFAULT_SCHEMA}'`]),
        ...(this.declared.has('namingStrategy') ? [] : ['default naming']),
        ...(this.declared.has('entityPrefix') ? [] : ['no prefix']),
      ];
      const consequences = [
        ...(assumed.length ? [`TypeORM's defaults are assumed (${assumed.join(', ')})`] : []),
        ...(this.declared.has('uuidExtension') ? [] : ['generated uuid defaults are unknown']),
        'its entity files are found by their decorators unless given (--entities, "entities" in schema-lens.json)',
      ];
      this.problem('warning', `the options cannot be read statically (${unknown.reason}): ${consequences.join('; ')}.`, unknown.node);
      for (const key of ['entities', 'schema', 'namingStrategy', 'entityPrefix', 'uuidExtension'] as const) this.unread(config, key, unknown);
      config.discovery = { method: 'scan', reason: `the options of data source '${raw.name}' cannot be read statically` };
      return config;
    }
    const options = raw.options;
    // A spread that cannot be read may set any option: the mapping options it may set are unknown.
    const spread = unknownSpread(options);
    if (spread) this.problem('warning', `the options include a spread that cannot be read statically (${spread.reason}); the options it may set are unknown.`, spread.node);
    const mapping = (key: MappingOption): StaticValue => (Object.hasOwn(options, key) ? options[key] : spread);
    const type = this.pick(options, 'type', isString, 'info');
    if (type !== undefined && !POSTGRES_DRIVERS.has(type)) {
      this.problem('info', `type '${type}' is not PostgreSQL; Schema Lens skips it.`, raw.node);
      return undefined;
    }
    this.autoLoadEntities = options.autoLoadEntities === true;
    const entities = mapping('entities');
    if (entities instanceof Unresolved && !Object.hasOwn(options, 'entities')) {
      this.unread(config, 'entities', entities);
      config.discovery = { method: 'scan', reason: `the entities of data source '${raw.name}' may be set by a spread that cannot be read statically` };
    } else {
      const read = this.locations(options, 'entities');
      if (read) config.entityGlobs = read.globs;
      if (read?.unreadable) {
        this.unread(config, 'entities', read.unreadable);
        config.discovery = { method: 'scan', reason: `an entry of \`entities\` of data source '${raw.name}' cannot be read statically` };
      } else if (this.autoLoadEntities) {
        // The forFeature lists complete it (discover.ts).
        config.discovery = { method: 'forFeature' };
        if (!read) config.entityGlobs = [];
      }
    }
    const migrations = this.locations(options, 'migrations');
    if (migrations) config.migrationGlobs = migrations.globs.length > 0 || !migrations.unreadable ? migrations.globs : [...DEFAULT_MIGRATION_GLOBS];
    if (migrations?.unreadable && migrations.globs.length === 0) this.problem('info', `using ${DEFAULT_MIGRATION_GLOBS.join(', ')} for \`migrations\` instead.`);
    config.migrationsTableName = this.pick(options, 'migrationsTableName', isString) ?? DEFAULT_MIGRATIONS_TABLE;
    const mode = this.pick(options, 'migrationsTransactionMode', isString);
    if (mode !== undefined) {
      if (TRANSACTION_MODES.has(mode)) config.migrationsTransactionMode = mode as DataSourceConfig['migrationsTransactionMode'];
      else this.problem('warning', `migrationsTransactionMode '${mode}' is not all, each or none; using 'all'.`, raw.node);
    }
    const schema = mapping('schema');
    if (schema instanceof Unresolved) this.unread(config, 'schema', schema, ASSUMED.schema);
    else config.schema = this.pick(options, 'schema', isString) || DEFAULT_SCHEMA;
    const naming = mapping('namingStrategy');
    if (naming instanceof Unresolved) this.unread(config, 'namingStrategy', naming);
    config.naming = this.naming(naming);
    const uuidExtension = mapping('uuidExtension');
    if (uuidExtension instanceof Unresolved) this.unread(config, 'uuidExtension', uuidExtension, ASSUMED.uuidExtension);
    else {
      const value = this.pick(options, 'uuidExtension', isString);
      if (value !== undefined) config.uuidExtension = value;
    }
    const entityPrefix = mapping('entityPrefix');
    if (entityPrefix instanceof Unresolved) this.unread(config, 'entityPrefix', entityPrefix, ASSUMED.entityPrefix);
    else {
      const value = this.pick(options, 'entityPrefix', isString);
      if (value) config.entityPrefix = value;
    }
    const connection = this.connection(options);
    if (connection) config.connection = connection;
    return config;
  }

  /**
   * `entities` / `migrations`: globs, classes, EntitySchemas; undefined = not given. `unreadable`:
   * the first entry that cannot be read, when one cannot.
   */
  private locations(options: Record<string, StaticValue>, key: 'entities' | 'migrations'): { globs: string[]; unreadable?: { reason: string; node?: Node } } | undefined {
    let value = options[key];
    if (value === undefined) return undefined;
    if (isPlainObject(value)) value = Object.values(value);
    const items = Array.isArray(value) ? value : [value];
    const globs: string[] = [];
    let unreadable: { reason: string; node?: Node } | undefined;
    for (const item of items) {
      if (typeof item === 'string') globs.push(sourceGlob(item, this.root, this.baseLayout, this.base));
      else if (item instanceof ClassReference) globs.push(fileGlob(item.file, this.root));
      else if (item instanceof Instance && item.className === 'EntitySchema') globs.push(fileGlob(item.file, this.root));
      else {
        const node = item instanceof Unresolved ? item.node : this.raw.node;
        unreadable ??= item instanceof Unresolved ? item : { reason: 'not a glob, a class or an EntitySchema', node };
        const consequence = key === 'entities' ? ': entity classes are found by their decorators' : '';
        this.problem('warning', `an entry of \`${key}\` cannot be read statically${item instanceof Unresolved ? ` (${item.reason})` : ''}${consequence}.`, node);
      }
    }
    return { globs: [...new Set(globs)], unreadable };
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
    if (ssl instanceof UnsetVariable) {
      // Not configured: listed with the other unset variables.
    } else if (ssl instanceof Unresolved) this.problem('info', `\`ssl\` cannot be read statically (${ssl.reason}).`, ssl.node);
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

/** config undefined when the data source is not PostgreSQL (reported as info). */
export function readDataSourceOptions(raw: RawDataSource, root: string, layout: ProjectLayout, declared?: ReadonlySet<MappingOption>): ReadOptions {
  const reader = new OptionsReader(raw, root, layout, declared);
  const config = reader.read();
  return { config, problems: reader.problems, ...(reader.autoLoadEntities ? { autoLoadEntities: true } : {}) };
}
