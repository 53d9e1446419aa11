// Config discovery over fixture projects written the way real projects write them: the options
// are read statically (never executed), .env supplies process.env / ConfigService values.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { discoverDataSources, type DataSourceConfig } from '../../../src/core/config';
import { temporaryProjects, withoutEnvironment } from '../support/projects';

const fixtures = join(__dirname, 'fixtures');
const ENV_KEYS = ['DATABASE_HOST', 'DATABASE_PORT', 'DATABASE_USER', 'DATABASE_PASSWORD', 'DB_HOST', 'DB_PORT', 'DB_USER', 'DB_PASSWORD', 'DB_NAME', 'DB_SSL', 'DATABASE_URL', 'NODE_ENV'];

function defaults(root: string): DataSourceConfig {
  return {
    name: 'default',
    root,
    entityGlobs: ['**/*.entity.ts'],
    migrationGlobs: ['**/migrations/*.ts'],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'all',
    naming: 'default',
    schema: 'public',
  };
}

/** No data source found: TypeORM's defaults, entity classes found by their decorators. */
function noDataSource(root: string): DataSourceConfig {
  return { ...defaults(root), discovery: { method: 'scan', reason: 'no DataSource was found' } };
}

describe('config discovery', () => {
  // The project's .env is what these fixtures test; variables of the test process would win.
  withoutEnvironment(ENV_KEYS);

  it('reads new DataSource({...}) with .env values, __dirname and dist globs mapped to sources, and SnakeNamingStrategy', async () => {
    const root = join(fixtures, 'data-source-basic');
    const { dataSources, problems } = await discoverDataSources(root);
    assert.deepEqual(dataSources, [
      {
        name: 'AppDataSource',
        root,
        file: join(root, 'src/data-source.ts'),
        entityGlobs: ['src/entities/*.entity.ts'],
        migrationGlobs: ['src/migrations/*.ts'],
        migrationsTableName: 'schema_history',
        migrationsTransactionMode: 'each',
        naming: 'snake',
        schema: 'app',
        connection: { host: 'db.internal', port: 6543, user: 'app', password: 's3cret#not-a-comment', database: 'shop', ssl: true },
      },
    ]);
    assert.deepEqual(problems, []);
  });

  it('follows imports (relative, tsconfig paths, barrels, aliases) to entity classes, EntitySchemas and migration classes', async () => {
    const root = join(fixtures, 'class-references');
    const { dataSources, problems } = await discoverDataSources(root);
    assert.deepEqual(dataSources, [
      {
        ...defaults(root),
        file: join(root, 'src/data-source.ts'),
        entityGlobs: ['src/entities/user.ts', 'src/entities/post.ts', 'src/entities/tag.schema.ts'],
        migrationGlobs: ['src/db/migrations/1700000000000-CreateUsers.ts'],
        naming: { unknown: 'PrefixedNamingStrategy' },
        connection: { url: 'postgres://reader:pa55@pg.example.com:5433/catalogue' },
      },
    ]);
    assert.equal(problems.length, 1);
    const [problem] = problems;
    assert.equal(problem?.severity, 'warning');
    assert.match(problem?.message ?? '', /naming strategy PrefixedNamingStrategy is custom/);
    // Pointed at `new PrefixedNamingStrategy()` in the options file.
    assert.equal(problem?.span?.file, join(root, 'src/db/options.ts'));
    assert.equal(problem?.span?.start.line, 16);
  });

  it('reads NestJS forRootAsync factories (ConfigService from .env, get() fallbacks), forRoot (with an entityPrefix), and skips other databases', async () => {
    const root = join(fixtures, 'nest');
    const { dataSources, problems } = await discoverDataSources(root);
    const file = join(root, 'src/app.module.ts');
    assert.deepEqual(dataSources, [
      {
        ...defaults(root),
        file,
        // autoLoadEntities, and no forFeature list: found by their decorators.
        entityGlobs: [],
        discovery: { method: 'scan', reason: "data source 'default' loads its entities from TypeOrmModule.forFeature lists (autoLoadEntities), and none was found" },
        connection: { host: 'nest-db', port: 5434, user: 'nest', password: 'nest-password', database: 'nest_app' },
      },
      {
        ...defaults(root),
        name: 'analytics',
        file,
        entityGlobs: ['src/analytics/**/*.entity.ts'],
        migrationsTableName: 'analytics_migrations',
        entityPrefix: 'evt_',
        connection: { url: 'postgres://analyst@warehouse:5432/events' },
      },
    ]);
    assert.deepEqual(
      problems.map((p) => [p.severity, p.message, p.span?.start.line]),
      [
        ['info', "Data source 'legacy': type 'mysql' is not PostgreSQL; Schema Lens skips it.", 32],
        ['info', "Data source 'default': autoLoadEntities, but no TypeOrmModule.forFeature list names it: entity classes are found by their decorators.", undefined],
      ],
    );
  });

  it('reads Nest useClass services and registerAs config namespaces (config.get("database"), dotted keys with fallbacks)', async () => {
    const root = join(fixtures, 'nest-config');
    const { dataSources, problems } = await discoverDataSources(root);
    assert.deepEqual(dataSources, [
      {
        ...defaults(root),
        file: join(root, 'src/app.module.ts'),
        entityGlobs: ['src/**/*.entity.ts'],
        migrationGlobs: ['src/database/migrations/*.ts'],
        migrationsTableName: 'typeorm_migrations',
        naming: 'snake',
        schema: 'sales',
        connection: { host: 'config-db', port: 5432, user: 'nest', password: 'from-dotenv', database: 'orders' },
      },
    ]);
    assert.deepEqual(problems, []);
  });

  it('reads every entry of an ormconfig.json array', async () => {
    const root = join(fixtures, 'ormconfig-json');
    const { dataSources, problems } = await discoverDataSources(root);
    const file = join(root, 'ormconfig.json');
    assert.deepEqual(dataSources, [
      {
        ...defaults(root),
        file,
        entityGlobs: ['src/entity/**/*.ts'],
        migrationGlobs: ['src/migration/**/*.ts'],
        connection: { host: 'localhost', port: 5432, user: 'postgres', password: 'postgres', database: 'legacy' },
      },
      {
        ...defaults(root),
        name: 'reporting',
        file,
        entityGlobs: ['src/reporting/*.ts'],
        schema: 'reports',
        connection: { url: 'postgres://report@reports.internal/reporting?sslmode=require' },
      },
    ]);
    assert.deepEqual(problems, []);
  });

  it('reads a CommonJS ormconfig.js (require()d naming strategy, || fallback, template __dirname)', async () => {
    const root = join(fixtures, 'ormconfig-js');
    const { dataSources, problems } = await discoverDataSources(root);
    assert.deepEqual(dataSources, [
      {
        ...defaults(root),
        file: join(root, 'ormconfig.js'),
        entityGlobs: ['src/**/*.model.ts'],
        migrationGlobs: ['db/migrations/*.ts'],
        migrationsTransactionMode: 'none',
        naming: 'snake',
        connection: { url: 'postgres://dev@localhost/dev' },
      },
    ]);
    assert.deepEqual(problems, []);
  });

  it('counts options reached twice (data-source.ts and a Nest module) once', async () => {
    const root = join(fixtures, 'dedupe');
    const { dataSources } = await discoverDataSources(root);
    assert.deepEqual(dataSources, [
      {
        ...defaults(root),
        file: join(root, 'src/data-source.ts'),
        entityGlobs: ['src/**/*.entity.ts'],
        migrationGlobs: ['src/migrations/*.ts'],
        connection: { host: 'localhost', database: 'dedupe' },
      },
    ]);
  });

  it('gives TypeORM defaults when the project declares no data source, its entities found by their decorators', async () => {
    const root = join(fixtures, 'none');
    assert.deepEqual(await discoverDataSources(root), { dataSources: [noDataSource(root)], problems: [] });
  });

  it('lets overrides win over what the project says', async () => {
    const root = join(fixtures, 'data-source-basic');
    const { dataSources } = await discoverDataSources(root, {
      entities: ['lib/**/*.ts'],
      migrations: ['db/*.ts'],
      naming: 'default',
      schema: 'other',
      db: 'postgres://override@host/db',
    });
    assert.equal(dataSources.length, 1);
    const [config] = dataSources;
    assert.deepEqual(config?.entityGlobs, ['lib/**/*.ts']);
    assert.deepEqual(config?.migrationGlobs, ['db/*.ts']);
    assert.equal(config?.naming, 'default');
    assert.equal(config?.schema, 'other');
    assert.deepEqual(config?.connection, { url: 'postgres://override@host/db' });
    assert.equal(config?.migrationsTableName, 'schema_history');
  });

  it('lets variables set in the environment win over .env, as dotenv does', async () => {
    const root = join(fixtures, 'data-source-basic');
    process.env.DB_HOST = 'from-the-environment';
    try {
      const { dataSources } = await discoverDataSources(root);
      assert.equal(dataSources[0]?.connection?.host, 'from-the-environment');
    } finally {
      delete process.env.DB_HOST;
    }
  });

  describe('reader declarations', () => {
    const project = temporaryProjects('schema-lens-declarations-');

    it("schema-lens.json's decorators, env and values reach every data source, the settings' over the file's", async () => {
      const root = project.root();
      project.write('src/data-source.ts', "import { DataSource } from 'typeorm';\nexport const AppDataSource = new DataSource({ type: 'postgres', entities: ['src/entities/*.ts'] });\n");
      // Each kind alone: none may be dropped because another is absent.
      for (const declarations of [{ values: { 'db.ts#dbType': 'postgres' } }, { env: { DB_TYPE: 'postgres' } }, { decorators: { Id: { as: 'PrimaryColumn' } } }]) {
        project.write('schema-lens.json', JSON.stringify(declarations));
        const { dataSources } = await discoverDataSources(root);
        assert.deepEqual(dataSources[0]?.declarations, declarations);
      }
      const { dataSources } = await discoverDataSources(root, { declarations: { values: { 'db.ts#dbType': 'sqlite' }, env: { ORM: null } } });
      assert.deepEqual(dataSources[0]?.declarations, { decorators: { Id: { as: 'PrimaryColumn' } }, env: { ORM: null }, values: { 'db.ts#dbType': 'sqlite' } });
    });
  });

  describe('broken projects', () => {
    const project = temporaryProjects('schema-lens-config-');
    const write = project.write;
    let root: string;
    beforeEach(() => {
      root = project.root();
    });

    it('a half-typed data-source.ts gives what it can, problems with spans, and defaults for the rest', async () => {
      write(
        'src/data-source.ts',
        [
          "import { DataSource } from 'typeorm';",
          "import { loadEntities } from './registry';",
          '',
          'export const Broken = new DataSource({',
          "  type: 'postgres',",
          '  host: process.env.PGHOST_SCHEMA_LENS_TEST,',
          '  entities: loadEntities(),',
          '  namingStrategy: strategy,',
          '  migrations: [',
        ].join('\n'),
      );
      const { dataSources, problems } = await discoverDataSources(root);
      const [config] = dataSources;
      assert.deepEqual({ ...config, unread: undefined }, {
        ...defaults(root),
        name: 'Broken',
        file: join(root, 'src/data-source.ts'),
        naming: { unknown: 'strategy' },
        entityGlobs: [],
        migrationGlobs: [],
        discovery: { method: 'scan', reason: "an entry of `entities` of data source 'Broken' cannot be read statically" },
        unread: undefined,
      });
      assert.deepEqual(Object.keys(config?.unread ?? {}), ['entities', 'namingStrategy']);
      assert.equal(config?.unread?.entities?.reason, '`loadEntities()` cannot be read statically');
      assert.equal(config?.unread?.entities?.span?.start.line, 6);
      assert.deepEqual(
        problems.map((p) => [p.severity, p.message, p.span?.start.line]),
        [
          ['warning', "Data source 'Broken': an entry of `entities` cannot be read statically (`loadEntities()` cannot be read statically): entity classes are found by their decorators.", 6],
          ['warning', "Data source 'Broken': naming strategy `strategy` cannot be read statically; choose 'default' or 'snake' in the settings (--naming).", 7],
          ['info', 'The connection reads PGHOST_SCHEMA_LENS_TEST, not set in .env or the environment.', undefined],
        ],
      );
    });

    it('an ormconfig.json that is not JSON is an error problem, and defaults still come back', async () => {
      write('ormconfig.json', '{ "type": "postgres", "host": "localhost", }');
      const { dataSources, problems } = await discoverDataSources(root);
      assert.deepEqual(dataSources, [{ ...defaults(root), file: join(root, 'ormconfig.json') }]);
      assert.equal(problems.length, 1);
      assert.equal(problems[0]?.severity, 'error');
      assert.equal(problems[0]?.file, join(root, 'ormconfig.json'));
      assert.match(problems[0]?.message ?? '', /^Data source 'default': cannot be read: /);
    });

    it('survives circular consts and skips files too big to be configuration', async () => {
      write('src/data-source.ts', "import { DataSource } from 'typeorm';\nconst a = b;\nconst b = a;\nexport const Loop = new DataSource(a);\n");
      write('src/huge/data-source.ts', `import { DataSource } from 'typeorm';\nexport const Huge = new DataSource({ type: 'postgres' });\n// ${'x'.repeat(2 * 1024 * 1024)}\n`);
      const { dataSources, problems } = await discoverDataSources(root);
      assert.deepEqual({ ...dataSources[0], unread: undefined }, {
        ...defaults(root),
        name: 'Loop',
        file: join(root, 'src/data-source.ts'),
        discovery: { method: 'scan', reason: "the options of data source 'Loop' cannot be read statically" },
        unread: undefined,
      });
      assert.deepEqual(Object.keys(dataSources[0]?.unread ?? {}), ['entities', 'schema', 'namingStrategy', 'entityPrefix', 'uuidExtension']);
      assert.equal(problems.length, 1);
      assert.match(problems[0]?.message ?? '', /^Data source 'Loop': the options cannot be read statically \(too deeply nested\): TypeORM's defaults are assumed \(schema 'public', default naming, no prefix\); generated uuid defaults are unknown; its entity files are found by their decorators unless given/);
    });

    it('never reads node_modules, build output or tests', async () => {
      const dataSource = "import { DataSource } from 'typeorm';\nexport const Hidden = new DataSource({ type: 'postgres', host: 'x' });\n";
      write('node_modules/lib/data-source.ts', dataSource);
      write('dist/data-source.js', dataSource);
      write('test/data-source.ts', dataSource);
      assert.deepEqual(await discoverDataSources(root), { dataSources: [noDataSource(root)], problems: [] });
    });
  });
});
