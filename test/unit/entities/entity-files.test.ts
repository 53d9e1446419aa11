// Which files hold each data source's entities: its globs, the user's globs (each file to the data
// source whose own globs match), or a decorator scan confirmed by the entity reader, bounded and
// never in node_modules, build output or tests.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { discoverDataSources, type DataSourceConfig } from '../../../src/core/config';
import { temporaryProjects } from '../support/projects';
import { findEntityFiles, mayDeclareEntities, readEntityGroups, scanEntityFiles } from '../../../src/core/entities/entity-files';

const ENTITY = (name: string, table = name.toLowerCase()) =>
  `import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';\n@Entity('${table}')\nexport class ${name} {\n  @PrimaryGeneratedColumn('uuid') id: string;\n  @Column() name: string;\n}\n`;

describe('entity files', () => {
  const project = temporaryProjects('schema-lens-entity-files-');
  const write = project.write;
  let root: string;
  beforeEach(() => {
    root = project.root();
  });

  it('the text test keeps files that may declare entities and drops framework-only ones', () => {
    assert.ok(mayDeclareEntities(ENTITY('User')));
    assert.ok(mayDeclareEntities("import { Model } from '../core/decorators';\n@Model('tag')\nexport class Tag {}\n"), 'a project wrapper');
    assert.ok(mayDeclareEntities("import { MultiORMEntity } from '@gauzy/core';\n@MultiORMEntity('tag')\nexport class Tag {}\n"), 'a workspace package');
    assert.ok(mayDeclareEntities("import { EntitySchema } from 'typeorm';\nexport const Photo = new EntitySchema({ name: 'photo', columns: {} });\n"));
    assert.ok(!mayDeclareEntities("import { Injectable } from '@nestjs/common';\n@Injectable()\nexport class UsersService {}\n"));
    assert.ok(!mayDeclareEntities("import { IsString } from 'class-validator';\nexport class Dto {\n  @IsString() name: string;\n}\n"));
    assert.ok(!mayDeclareEntities("import { Column, PrimaryGeneratedColumn } from 'typeorm';\nexport abstract class Base {\n  @PrimaryGeneratedColumn() id: number;\n}\n"), 'a base class: read through the entities that extend it');
    assert.ok(!mayDeclareEntities('export const x = 1; // @Entity()\n'));
  });

  it('a decorator scan finds entity classes in any file under the root, and nowhere it should not look', async () => {
    write('src/models/user.ts', ENTITY('User'));
    write('src/billing/invoice.model.ts', ENTITY('Invoice'));
    write('src/models/base.ts', "import { PrimaryGeneratedColumn } from 'typeorm';\nexport abstract class Base {\n  @PrimaryGeneratedColumn() id: number;\n}\n");
    write('src/users/users.service.ts', "import { Injectable } from '@nestjs/common';\n@Injectable()\nexport class UsersService {}\n");
    write('src/auth/current-user.ts', "import { createParamDecorator } from './params';\n@Thing()\nexport class NotAnEntity {}\n");
    write('node_modules/lib/user.entity.ts', ENTITY('Hidden'));
    write('dist/user.entity.ts', ENTITY('Built'));
    write('test/fixture.entity.ts', ENTITY('Fixture'));
    write('src/migrations/1-init.ts', ENTITY('Migrated'));
    const scan = await scanEntityFiles(root, { root, naming: 'default' });
    assert.deepEqual(scan.files, [join(root, 'src/billing/invoice.model.ts'), join(root, 'src/models/user.ts')]);
    assert.deepEqual(scan.problems, []);
    // The reader it hands back holds those files, parsed.
    assert.deepEqual(scan.reader.read().model.tables.map((t) => t.name).sort(), ['invoice', 'user']);
  });

  it('the scan is bounded, and says so', async () => {
    write('src/a.ts', ENTITY('A'));
    write('src/b.ts', ENTITY('B'));
    const scan = await scanEntityFiles(root, { root, naming: 'default' }, { maxCandidates: 1 });
    assert.deepEqual(scan.files, [join(root, 'src/a.ts')]);
    assert.equal(scan.problems.length, 1);
    assert.match(scan.problems[0]!.message, /found 2 files with decorators and read the first 1; give the entity files with --entities/);
  });

  it('no data source found: the scan, reported as such', async () => {
    write('src/user.ts', ENTITY('User'));
    const { dataSources } = await discoverDataSources(root);
    const found = await findEntityFiles(dataSources);
    assert.deepEqual(found.groups.map((g) => g.files), [[join(root, 'src/user.ts')]]);
    assert.deepEqual(found.discovery, [{ dataSource: 'default', method: 'scan', reason: 'no DataSource was found', files: 1, schema: 'public' }]);
  });

  it('two data sources: each file to the one whose globs match, read with its schema; the user\'s globs keep that assignment', async () => {
    const dataSource = (name: string, schema: string) =>
      `import { DataSource } from 'typeorm';\nexport const ${name} = new DataSource({ type: 'postgres', schema: '${schema}', entities: ['src/${schema}/*.entity.ts'] });\n`;
    write('src/core.data-source.ts', dataSource('Core', 'core'));
    write('src/metadata.data-source.ts', dataSource('Metadata', 'metadata'));
    write('src/core/user.entity.ts', ENTITY('User'));
    write('src/metadata/object.entity.ts', ENTITY('ObjectMetadata', 'objectMetadata'));
    for (const overrides of [{}, { entities: ['src/**/*.entity.ts'] }]) {
      const { dataSources } = await discoverDataSources(root, overrides);
      const found = await findEntityFiles(dataSources);
      assert.deepEqual(
        found.groups.map((g: { dataSource: DataSourceConfig; files: string[] }) => [g.dataSource.name, g.files]),
        [
          ['Core', [join(root, 'src/core/user.entity.ts')]],
          ['Metadata', [join(root, 'src/metadata/object.entity.ts')]],
        ],
      );
      const read = await readEntityGroups(found);
      assert.deepEqual(read.model.tables.map((t) => `${t.schema}.${t.name}`), ['core.user', 'metadata.objectMetadata']);
    }
  });

  it('a data source whose entities cannot be read gets the scan\'s files that no other data source claims', async () => {
    write(
      'src/data-sources.ts',
      [
        "import { DataSource } from 'typeorm';",
        "import { loadEntities } from 'entity-registry';",
        "export const Main = new DataSource({ type: 'postgres', entities: loadEntities() });",
        "export const Audit = new DataSource({ type: 'postgres', schema: 'audit', entities: ['src/audit/*.ts'] });",
      ].join('\n'),
    );
    write('src/user.ts', ENTITY('User'));
    write('src/audit/log.ts', ENTITY('Log'));
    const { dataSources } = await discoverDataSources(root);
    const found = await findEntityFiles(dataSources);
    assert.deepEqual(
      found.groups.map((g) => [g.dataSource.name, g.files]),
      [
        ['Main', [join(root, 'src/user.ts')]],
        ['Audit', [join(root, 'src/audit/log.ts')]],
      ],
    );
    assert.deepEqual(found.discovery.map((d) => [d.dataSource, d.method, d.files]), [['Main', 'scan', 1], ['Audit', 'data-source', 1]]);
    const read = await readEntityGroups(found);
    assert.deepEqual(read.model.tables.map((t) => `${t.schema}.${t.name}`).sort(), ['audit.log', 'public.user']);
  });

  it('an uuidExtension that cannot be read makes the default of generated uuid columns unknown, one cause for all of them', async () => {
    write('src/data-source.ts', "import { DataSource } from 'typeorm';\nexport const App = new DataSource({ type: 'postgres', uuidExtension: process.env.UUID_EXTENSION_SL_TEST, entities: ['src/*.entity.ts'] });\n");
    write('src/user.entity.ts', ENTITY('User'));
    write('src/team.entity.ts', ENTITY('Team'));
    const { dataSources, problems } = await discoverDataSources(root);
    assert.match(problems.map((p) => p.message).join('\n'), /`uuidExtension` cannot be read statically \(`UUID_EXTENSION_SL_TEST` is not set in \.env or the environment\); the defaults of generated uuid columns are unknown\./);
    const found = await findEntityFiles(dataSources);
    assert.deepEqual(found.discovery[0]?.unread, ['uuidExtension']);
    const { model } = await readEntityGroups(found);
    const ids = model.tables.map((table) => table.columns.find((column) => column.name === 'id')!);
    assert.equal(ids.length, 2);
    for (const id of ids) {
      const fact = id.certainty?.default;
      assert.equal(fact?.kind, 'unknown');
      assert.match(fact?.kind === 'unknown' ? fact.reason : '', /the `uuidExtension` option of data source 'App' cannot be read statically .* so the default of its generated uuid columns .* is unknown/);
      assert.equal(fact?.kind === 'unknown' ? fact.span?.file : undefined, join(root, 'src/data-source.ts'));
    }
    assert.equal(new Set(ids.map((id) => (id.certainty?.default?.kind === 'unknown' ? id.certainty.default.cause : ''))).size, 1);
    // The other columns' facts are read.
    assert.equal(model.tables[0]!.columns.find((column) => column.name === 'name')!.certainty?.default, undefined);
  });

  it('schema-lens.json `entities` gives the entity files of data sources whose entities cannot be read, per data source name', async () => {
    write(
      'src/data-sources.ts',
      [
        "import { DataSource } from 'typeorm';",
        "import { registry } from 'entity-registry';",
        "export const Main = new DataSource({ type: 'postgres', entities: registry.main() });",
        "export const Audit = new DataSource({ type: 'postgres', schema: 'audit', entities: registry.audit() });",
      ].join('\n'),
    );
    write('src/models/user.ts', ENTITY('User'));
    write('src/audit/log.ts', ENTITY('Log'));
    write('schema-lens.json', JSON.stringify({ entities: { Main: ['src/models/*.ts'], Audit: ['src/audit/*.ts'] } }));
    const { dataSources } = await discoverDataSources(root);
    const found = await findEntityFiles(dataSources);
    assert.deepEqual(
      found.groups.map((g) => [g.dataSource.name, g.files]),
      [
        ['Main', [join(root, 'src/models/user.ts')]],
        ['Audit', [join(root, 'src/audit/log.ts')]],
      ],
    );
    assert.deepEqual(found.discovery.map((d) => [d.dataSource, d.method, d.schema]), [['Main', 'user', 'public'], ['Audit', 'user', 'audit']]);
    // A list is for every data source; the flag wins over the file.
    write('schema-lens.json', JSON.stringify({ entities: ['src/audit/*.ts'] }));
    const flagged = await discoverDataSources(root, { entities: ['src/models/*.ts'] });
    assert.deepEqual(flagged.dataSources.map((d) => d.entityGlobs), [['src/models/*.ts'], ['src/models/*.ts']]);
    write('schema-lens.json', JSON.stringify({ entities: 'src' }));
    assert.match((await discoverDataSources(root)).problems.map((p) => p.message).join('\n'), /"entities" must be a list of globs, or map data source names to lists of globs; it is ignored/);
  });
});
