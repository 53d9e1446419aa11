// The project's DataSource as Schema Lens understands it: what the readers need (globs, naming,
// schema) and how to reach the database. Read statically from the project, never executed.
import type { SourceSpan, UnknownFact } from '../model/schema';

export interface ConnectionSettings {
  url?: string;
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  database?: string;
  ssl?: boolean;
}

export type NamingConfig = 'default' | 'snake' | { unknown: string };

/**
 * What a decorator the reader cannot follow stands for, as the user declares it (schema-lens.json
 * `decorators`, setting `schemaLens.decorators`): `"MyId": { "as": "PrimaryGeneratedColumn",
 * "options": { "type": "int" } }`.
 */
export interface DeclaredDecorator {
  /** The TypeORM decorator it applies, e.g. `Column`, `PrimaryGeneratedColumn`, `Entity`. */
  as: string;
  /** Fixed options merged over the options it is called with. */
  options?: Record<string, unknown>;
  /** A feature-flag wrapper: read it as applied (`on`) or not at all (`off`). */
  assume?: 'on' | 'off';
  /** How many leading arguments are the wrapper's own (a flag name), not the TypeORM decorator's. */
  skipArguments?: number;
}

export type DeclaredDecorators = Record<string, DeclaredDecorator>;

/** What the project declares for the entity reader, beyond its DataSource (schema-lens.json). */
export interface ReaderDeclarations {
  decorators?: DeclaredDecorators;
  /**
   * Values of environment variables the entities depend on (`process.env.DB_TYPE`): declared, they
   * are read; otherwise what depends on them is unknown.
   */
  env?: Record<string, string | null>;
  /**
   * Values of top-level variables the entities depend on whose value is decided at run time (a
   * `let` set from a config file), keyed `file#name` where `file` is the file's path or its end
   * (`db-aware-column.ts#dbType`); JSON values.
   */
  values?: Record<string, unknown>;
}

/**
 * The options that decide how entities map to tables. When one is written in a way that cannot be
 * read statically, DataSourceConfig.unread says so: TypeORM's default is still used where a value
 * is needed (and the output says it was assumed), and what depends on it is unknown where the
 * model can say so (uuidExtension: the defaults of generated uuid columns).
 */
export type MappingOption = 'entities' | 'schema' | 'namingStrategy' | 'entityPrefix' | 'uuidExtension';

/** Why an option could not be read, and where. */
export interface UnreadOption {
  reason: string;
  span?: SourceSpan;
  /** The file, when there is no span. */
  file?: string;
}

/**
 * How a data source's entity files are found:
 * - `data-source`: the globs and classes of its `entities` option;
 * - `forFeature`: NestJS `autoLoadEntities`, the classes of `TypeOrmModule.forFeature([...])` lists for it
 *   (and its own `entities`, if any);
 * - `scan`: its entities cannot be read statically (or no data source was found), so entity classes are
 *   found by their decorators under the project root (`reason` says why);
 * - `user`: globs given by the user (--entities, `schemaLens.entities`, schema-lens.json `entities`).
 */
export interface EntityDiscovery {
  method: 'data-source' | 'forFeature' | 'scan' | 'user';
  reason?: string;
}

export interface DataSourceConfig {
  /** 'default', or the exported variable name. */
  name: string;
  /** Absolute project root. */
  root: string;
  /** Absolute path of the DataSource / ormconfig / module file it came from. */
  file?: string;
  /** Relative to root; default ['**\/*.entity.ts'] (node_modules excluded). */
  entityGlobs: string[];
  /** Relative to root; default ['**\/migrations/*.ts']. */
  migrationGlobs: string[];
  /** Default 'migrations'. */
  migrationsTableName: string;
  migrationsTransactionMode: 'all' | 'each' | 'none';
  naming: NamingConfig;
  /** Default 'public'. */
  schema: string;
  /** Resolved from literals and .env (process.env.X); undefined when none. */
  connection?: ConnectionSettings;
  /** The DataSource's `uuidExtension` ('uuid-ossp' by default, or 'pgcrypto'): decides generated uuid defaults. */
  uuidExtension?: string;
  /** The DataSource's `entityPrefix`: TypeORM puts it before every table name it makes. */
  entityPrefix?: string;
  /** schema-lens.json and the settings: what the entity reader cannot read, declared. */
  declarations?: ReaderDeclarations;
  /** How its entity files are found (see EntityDiscovery); absent: its `entities` option (`data-source`). */
  discovery?: EntityDiscovery;
  /** Mapping options written in a way that cannot be read statically; absent when all were read. */
  unread?: Partial<Record<MappingOption, UnreadOption>>;
  /** With `--entities` (discovery `user`): the project's own entity globs, which still decide which data source a file belongs to. */
  ownEntityGlobs?: string[];
  /** Other names the same options go by (a Nest `name` for options also given to `new DataSource`), for forFeature lists. */
  aliases?: string[];
}

/** What depends on an unread mapping option is unknown: this fact says why, once for the data source (one SL001). */
export function unreadOptionFact(dataSource: DataSourceConfig, key: MappingOption): UnknownFact | undefined {
  const unread = dataSource.unread?.[key];
  if (!unread) return undefined;
  const consequence: Record<MappingOption, string> = {
    entities: 'which entities it loads is unknown',
    schema: 'the schema of its entities is unknown',
    namingStrategy: 'the names its naming strategy gives are unknown',
    entityPrefix: 'the prefix of its table names is unknown',
    uuidExtension: 'the default of its generated uuid columns (uuid_generate_v4() with uuid-ossp, gen_random_uuid() with pgcrypto) is unknown',
  };
  return {
    reason: `the \`${key}\` option of data source '${dataSource.name}' cannot be read statically (${unread.reason}), so ${consequence[key]}`,
    cause: `data-source-option:${dataSource.file ?? dataSource.root}#${dataSource.name}#${key}`,
    hint: key === 'entities' ? 'Give its entity globs under "entities" in schema-lens.json.' : `Declare it in schema-lens.json: "dataSources": { "${dataSource.name}": { "${key === 'namingStrategy' ? 'naming' : key}": ... } }.`,
    ...(unread.span ? { span: unread.span } : {}),
  };
}

/** Flags and settings; each one given wins over what the project says. */
export interface ConfigOverrides {
  entities?: string[];
  migrations?: string[];
  naming?: 'default' | 'snake';
  schema?: string;
  /** A postgres:// URL. */
  db?: string;
  /** Merged over schema-lens.json's, name by name. */
  declarations?: ReaderDeclarations;
}

export const DEFAULT_ENTITY_GLOBS = ['**/*.entity.ts'];
export const DEFAULT_MIGRATION_GLOBS = ['**/migrations/*.ts'];
export const DEFAULT_MIGRATIONS_TABLE = 'migrations';
export const DEFAULT_SCHEMA = 'public';

/** A data source as TypeORM's defaults make it: what is used where the project says nothing. */
export function defaultDataSource(root: string, name = 'default', file?: string): DataSourceConfig {
  return {
    name,
    root,
    ...(file !== undefined ? { file } : {}),
    entityGlobs: [...DEFAULT_ENTITY_GLOBS],
    migrationGlobs: [...DEFAULT_MIGRATION_GLOBS],
    migrationsTableName: DEFAULT_MIGRATIONS_TABLE,
    migrationsTransactionMode: 'all',
    naming: 'default',
    schema: DEFAULT_SCHEMA,
  };
}
