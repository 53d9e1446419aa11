// DataSource options built by code, read statically: workspace functions run on their arguments
// (ToolJet's ormconfig), forFeature lists (NestJS autoLoadEntities), two DataSources with their
// own schemas and globs (twenty). What cannot be read is unknown, listed in `unread`, never a
// default presented as read.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { discoverDataSources, type DataSourceConfig } from '../../../src/core/config';
import { temporaryProjects, withoutEnvironment } from '../support/projects';

const fixtures = join(__dirname, 'fixtures');
const ENV_KEYS = ['NODE_ENV', 'DATABASE_URL', 'PG_DATABASE_URL', 'SL_TEST_MODE'];

describe('config discovery: options built by code', () => {
  withoutEnvironment(ENV_KEYS);

  it('runs the functions that build the options (ToolJet): what they return is read key by key, the rest is unknown', async () => {
    const root = join(fixtures, 'function-built');
    const { dataSources, problems } = await discoverDataSources(root);
    assert.equal(dataSources.length, 1, 'the Nest forRoot(ormconfig) and the ormconfig.ts default export are one data source');
    const [config] = dataSources;
    assert.equal(config?.uuidExtension, 'pgcrypto');
    assert.equal(config?.schema, 'public');
    assert.deepEqual(config?.migrationGlobs, ['migrations/**/*.ts']);
    // autoLoadEntities: the classes of the forFeature lists.
    assert.deepEqual(config?.discovery, { method: 'forFeature' });
    assert.deepEqual(config?.entityGlobs, ['src/users/user.ts', 'src/users/organization.ts']);
    // `entityPrefix: data.TABLE_PREFIX` where `data` depends on fs.existsSync(), and `schema`, which
    // depends on NODE_ENV (set neither in .env nor in the environment): unknown, with their place.
    assert.deepEqual(Object.keys(config?.unread ?? {}), ['schema', 'entityPrefix']);
    assert.match(config?.unread?.entityPrefix?.reason ?? '', /fs\.existsSync\(filePath\)/);
    assert.equal(config?.unread?.entityPrefix?.span?.file, join(root, 'ormconfig.ts'));
    assert.match(config?.unread?.schema?.reason ?? '', /`NODE_ENV` is not set in \.env or the environment/);
    assert.equal(config?.entityPrefix, undefined);
    const warnings = problems.filter((p) => p.severity === 'warning').map((p) => p.message);
    assert.equal(warnings.length, 2, 'each problem once, though two places reach the same options');
    assert.match(warnings[0]!, /^Data source 'default': `schema` cannot be read statically \(.*\); assuming 'public'\.$/);
    assert.match(warnings[1]!, /^Data source 'default': `entityPrefix` cannot be read statically \(.*\); assuming no prefix\.$/);
  });

  it('reads each of two DataSources with its schema, and its globs from its package into its build output (twenty)', async () => {
    const root = join(fixtures, 'two-data-sources');
    const { dataSources, problems } = await discoverDataSources(root);
    const server = join(root, 'packages/server/src/database');
    assert.deepEqual(
      dataSources.map((d: DataSourceConfig) => [d.name, d.file, d.schema, d.entityGlobs, d.migrationGlobs, d.aliases]),
      [
        ['connectionSource', join(server, 'core/core.datasource.ts'), 'core', ['packages/server/src/core/**/*.entity.ts'], ['packages/server/src/database/core/migrations/*.ts'], ['core']],
        [
          'connectionSource-2',
          join(server, 'metadata/metadata.datasource.ts'),
          'metadata',
          ['packages/server/src/metadata/**/*.entity.ts'],
          ['packages/server/src/database/metadata/migrations/*.ts'],
          ['connectionSource', 'metadata'],
        ],
      ],
    );
    assert.deepEqual(problems.map((p) => p.message), ['The connection reads PG_DATABASE_URL, not set in .env or the environment.']);
  });

  describe('constructs', () => {
    const project = temporaryProjects('schema-lens-options-');
    const write = project.write;
    let root: string;
    beforeEach(() => {
      root = project.root();
    });
    const read = async (options: string, helpers = ''): Promise<{ config: DataSourceConfig; messages: string[] }> => {
      write('src/data-source.ts', `import { DataSource } from 'typeorm';\nimport * as fs from 'fs';\n${helpers}\nexport const AppDataSource = new DataSource(${options});\n`);
      const { dataSources, problems } = await discoverDataSources(root);
      return { config: dataSources[0]!, messages: problems.map((p) => p.message) };
    };

    it('binds arguments to parameters (defaults and destructuring), runs switch on a known value, and Object.assign', async () => {
      const { config, messages } = await read(
        'build({ env: "staging" })',
        [
          'function schemaFor(env: string): string {',
          '  switch (env) {',
          "    case 'production': return 'prod';",
          "    case 'staging':",
          "    case 'qa': return 'stage';",
          "    default: return 'dev';",
          '  }',
          '}',
          "function build({ env, prefix = 'app_' }: { env: string; prefix?: string }) {",
          "  const options: any = { type: 'postgres', schema: schemaFor(env) };",
          '  Object.assign(options, { entityPrefix: prefix });',
          "  options.uuidExtension = 'pgcrypto';",
          '  let entities = [];',
          "  entities = [...entities, 'src/**/*.model.ts'];",
          '  options.entities = entities;',
          '  return options;',
          '}',
        ].join('\n'),
      );
      assert.deepEqual(messages, []);
      assert.equal(config.schema, 'stage');
      assert.equal(config.entityPrefix, 'app_');
      assert.equal(config.uuidExtension, 'pgcrypto');
      assert.deepEqual(config.entityGlobs, ['src/**/*.model.ts']);
      assert.equal(config.unread, undefined);
    });

    it('a branch on what cannot be read: what both ways agree on is read, the rest is unknown (never the default)', async () => {
      const { config, messages } = await read(
        'options()',
        [
          'function options() {',
          "  const base = { type: 'postgres', uuidExtension: 'pgcrypto', entities: ['src/**/*.entity.ts'] };",
          "  if (fs.existsSync('/etc/app.json')) {",
          "    return { ...base, schema: 'tenant' };",
          '  }',
          "  return { ...base, schema: 'public' };",
          '}',
        ].join('\n'),
      );
      assert.equal(config.uuidExtension, 'pgcrypto');
      assert.deepEqual(config.entityGlobs, ['src/**/*.entity.ts']);
      assert.equal(config.discovery, undefined);
      assert.deepEqual(Object.keys(config.unread ?? {}), ['schema']);
      assert.equal(config.schema, 'public');
      assert.equal(messages.length, 1);
      assert.match(messages[0]!, /`schema` cannot be read statically \(it depends on `fs\.existsSync\('\/etc\/app\.json'\)`.*\); assuming 'public'\./);
    });

    it('a spread that cannot be read makes every option it may set unknown, and its entities are found by their decorators', async () => {
      const { config, messages } = await read("{ uuidExtension: 'pgcrypto', ...loadFromVault(), type: 'postgres' }");
      assert.deepEqual(Object.keys(config.unread ?? {}).sort(), ['entities', 'entityPrefix', 'namingStrategy', 'schema', 'uuidExtension']);
      assert.equal(config.uuidExtension, undefined, 'written before the spread: the spread may replace it');
      assert.equal(config.discovery?.method, 'scan');
      assert.ok(messages.some((m) => /the options include a spread that cannot be read statically/.test(m)));
    });

    it('a loop, a try block and a call given an object make what they may change unknown; logging changes nothing', async () => {
      const { config } = await read(
        'options()',
        [
          'function options() {',
          "  let schema = 'a';",
          "  for (const name of fs.readdirSync('.')) schema = name;",
          "  let entityPrefix = 'p_';",
          '  try {',
          "    entityPrefix = fs.readFileSync('prefix', 'utf8');",
          '  } catch {',
          "    entityPrefix = 'p_';",
          '  }',
          "  const result: any = { type: 'postgres', schema, entityPrefix, uuidExtension: 'pgcrypto' };",
          '  console.log(result);',
          '  return result;',
          '}',
        ].join('\n'),
      );
      assert.deepEqual(Object.keys(config.unread ?? {}).sort(), ['entityPrefix', 'schema']);
      assert.equal(config.uuidExtension, 'pgcrypto');
      const mutated = await read('options()', "function options() { const o: any = { type: 'postgres', schema: 'x' }; tweak(o); return o; }");
      assert.deepEqual(Object.keys(mutated.config.unread ?? {}).sort(), ['entities', 'entityPrefix', 'namingStrategy', 'schema', 'uuidExtension']);
    });

    it('a path that throws gives no options: the other path is what counts; recursion is bounded', async () => {
      const { config } = await read(
        'options(process.env.SL_TEST_MODE)',
        [
          'function options(mode?: string) {',
          "  if (!fs.existsSync('/etc/app.json')) throw new Error('not configured');",
          "  return { type: 'postgres', schema: mode ?? 'main' };",
          '}',
        ].join('\n'),
      );
      assert.equal(config.schema, 'main');
      assert.equal(config.unread, undefined);
      const looped = await read('forever(0)', 'function forever(n: number): any { return forever(n + 1); }');
      assert.equal(looped.config.discovery?.method, 'scan');
      assert.match(looped.messages[0] ?? '', /the options cannot be read statically \(`forever\(n \+ 1\)` calls functions too deeply to follow\)/);
    });

    it('forFeature lists: named data sources get their own lists; an unreadable list makes the entities unknown', async () => {
      write(
        'src/app.module.ts',
        [
          "import { TypeOrmModule } from '@nestjs/typeorm';",
          "import { User } from './user.entity';",
          "import { Event } from './event.entity';",
          'export const imports = [',
          "  TypeOrmModule.forRoot({ type: 'postgres', autoLoadEntities: true }),",
          "  TypeOrmModule.forRoot({ name: 'analytics', type: 'postgres', schema: 'stats', autoLoadEntities: true }),",
          '  TypeOrmModule.forFeature([User]),',
          "  TypeOrmModule.forFeature([Event], 'analytics'),",
          '];',
        ].join('\n'),
      );
      write('src/user.entity.ts', "import { Entity } from 'typeorm';\n@Entity() export class User {}\n");
      write('src/event.entity.ts', "import { Entity } from 'typeorm';\n@Entity() export class Event {}\n");
      let found = await discoverDataSources(root);
      assert.deepEqual(
        found.dataSources.map((d) => [d.name, d.schema, d.entityGlobs, d.discovery]),
        [
          ['default', 'public', ['src/user.entity.ts'], { method: 'forFeature' }],
          ['analytics', 'stats', ['src/event.entity.ts'], { method: 'forFeature' }],
        ],
      );
      write('src/more.module.ts', "import { TypeOrmModule } from '@nestjs/typeorm';\nimport { ENTITIES } from '@company/entities';\nexport const m = TypeOrmModule.forFeature([...ENTITIES], 'analytics');\n");
      found = await discoverDataSources(root);
      assert.equal(found.dataSources[0]?.discovery?.method, 'forFeature');
      assert.equal(found.dataSources[1]?.discovery?.method, 'scan');
      assert.match(found.dataSources[1]?.unread?.entities?.reason ?? '', /an entry of a forFeature list cannot be read statically/);
    });

    it('schema-lens.json `env` decides variables the options read (null: declared not set, so absent rather than unknown)', async () => {
      write('schema-lens.json', JSON.stringify({ env: { SL_TEST_MODE: 'tenant', NODE_ENV: null } }));
      const { config } = await read("{ type: 'postgres', schema: process.env.SL_TEST_MODE, entityPrefix: process.env.NODE_ENV, uuidExtension: process.env.SL_UNDECLARED_UUID }");
      assert.equal(config.schema, 'tenant');
      assert.equal(config.entityPrefix, undefined);
      assert.deepEqual(Object.keys(config.unread ?? {}), ['uuidExtension']);
    });

    it('schema-lens.json `dataSources` declares the options of a data source that cannot be read: read, not reported unread', async () => {
      write('schema-lens.json', JSON.stringify({ dataSources: { AppDataSource: { uuidExtension: 'pgcrypto', schema: 'app', naming: 'snake' } } }));
      const { config, messages } = await read('configService.getConfigValue("db")');
      assert.equal(config.uuidExtension, 'pgcrypto');
      assert.equal(config.schema, 'app');
      assert.equal(config.naming, 'snake');
      assert.deepEqual(Object.keys(config.unread ?? {}).sort(), ['entities', 'entityPrefix']);
      assert.match(messages[0] ?? '', /the options cannot be read statically .*: TypeORM's defaults are assumed \(no prefix\); its entity files are found by their decorators unless given/);
    });

    it('the user\'s globs win, and the project\'s own globs are kept to tell data sources apart', async () => {
      write('src/data-source.ts', "import { DataSource } from 'typeorm';\nexport const A = new DataSource({ type: 'postgres', entities: ['src/a/*.ts'] });\n");
      const { dataSources } = await discoverDataSources(root, { entities: ['src/**/*.ts'] });
      assert.deepEqual([dataSources[0]?.entityGlobs, dataSources[0]?.ownEntityGlobs, dataSources[0]?.discovery], [['src/**/*.ts'], ['src/a/*.ts'], { method: 'user' }]);
    });
  });
});
