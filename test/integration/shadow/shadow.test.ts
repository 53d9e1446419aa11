// The shadow database end to end: fixture migrations written by TypeORM's own migration:generate,
// replayed into PGlite in the shadow's child process, compared with a real PostgreSQL.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DataSource } from 'typeorm';
import { introspect } from '../../../src/core/dialect/postgres/catalog';
import { loadMigrations, loadTypeScriptModules } from '../../../src/core/migrations/load';
import { withoutUnmappedBookkeeping } from '../../../src/core/model';
import type { SchemaModel, Table } from '../../../src/core/model/schema';
import { ShadowDatabase, type ShadowResult } from '../../../src/core/shadow';
import { readMigrationSources } from '../../../src/core/shadow/cache';
import { neededExtensions } from '../../../src/core/shadow/extensions';
import { replayMigrations } from '../../../src/core/shadow/replay';
import { createTestDatabase } from '../support/postgres';
import { copyProject, fixturesDir, migrationText, replayConnection, type TempProject } from './support/project';

const INITIAL = '1710000000000-InitialSchema.ts';
const SECOND = '1710000100000-CustomerPhoneProductDescription.ts';

function table(model: SchemaModel, name: string): Table {
  const found = model.tables.find((candidate) => candidate.name === name);
  assert.ok(found, `table ${name} in ${model.tables.map((t) => t.name).join(', ')}`);
  return found;
}

function columnNames(model: SchemaModel, name: string): string[] {
  return table(model, name).columns.map((column) => column.name);
}

function withColumnsByName(model: SchemaModel): SchemaModel {
  return { ...model, tables: model.tables.map((t) => ({ ...t, columns: [...t.columns].sort((a, b) => a.name.localeCompare(b.name)) })) };
}

async function realModel(url: string): Promise<SchemaModel> {
  const db = new DataSource({ type: 'postgres', url });
  await db.initialize();
  try {
    const client = (await db.createQueryRunner().connect()) as import('pg').ClientBase;
    return (await introspect(client, { schemas: [] })).model;
  } finally {
    await db.destroy();
  }
}

describe('shadow database', function () {
  this.timeout(180_000);
  let cacheDir: string;
  let shadow: ShadowDatabase;
  const projects: TempProject[] = [];
  const project = (options?: { dropMigrationsAfter?: number }): TempProject => {
    const created = copyProject('shop', options);
    projects.push(created);
    return created;
  };
  const analyse = async (p: TempProject, database = shadow): Promise<ShadowResult> => database.analyse(await p.dataSource(), await p.migrationFiles());

  before(() => {
    // One cache and one shadow process for the file.
    cacheDir = mkdtempSync(join(tmpdir(), 'sl-shadow-cache-'));
    shadow = new ShadowDatabase({ cacheDir, idleMs: 10_000 });
  });

  after(async () => {
    await shadow.dispose();
    for (const created of projects) created.dispose();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  describe('the shop fixture (migrations from TypeORM migration:generate)', () => {
    let shop: TempProject;
    let result: ShadowResult;

    before(async () => {
      shop = project();
      result = await analyse(shop);
    });

    it('replays every migration with no finding, creating the extensions TypeORM would (uuid-ossp, citext)', () => {
      assert.deepEqual(result.findings, []);
      assert.deepEqual(result.problems.filter((problem) => problem.severity === 'error'), []);
      assert.equal(result.replayed, 2);
      assert.equal(result.fromCache, false);
      assert.deepEqual(
        result.model.tables.map((t) => t.name).sort(),
        // With the runner's own migrations table, as a database read with its bookkeeping: the comparison takes it out unless an entity maps it.
        ['categories', 'customers', 'migrations', 'order_lines', 'orders', 'products', 'products_categories_categories'],
      );
      assert.equal(table(result.model, 'customers').columns.find((c) => c.name === 'email')?.type, 'citext');
    });

    it('gives exactly the schema TypeORM synchronises from the entities (zero drift by TypeORM itself)', async () => {
      const db = await createTestDatabase('shadow_sync');
      try {
        const { modules, problems } = loadTypeScriptModules(shop.entityFiles(), { root: shop.root });
        assert.deepEqual(problems, []);
        const entities = [...modules.values()].flatMap((exports) => Object.values(exports as object)).filter((value): value is Function => typeof value === 'function');
        const synchronised = new DataSource({ type: 'postgres', url: db.url, entities, synchronize: true });
        await synchronised.initialize();
        await synchronised.destroy();
        // The one expected difference: a later migration appends its columns at the end, where
        // synchronize creates them in entity order. Column order is not schema drift.
        assert.deepEqual(withColumnsByName(withoutUnmappedBookkeeping(result.model, undefined)), withColumnsByName(await realModel(db.url)));
      } finally {
        await db.drop();
      }
    });

    it('agrees with a real PostgreSQL replaying the same migrations through the same code', async () => {
      const db = await createTestDatabase('shadow_parity');
      try {
        const files = await shop.migrationFiles();
        const { migrations } = await loadMigrations(files, { root: shop.root });
        const { implied } = neededExtensions(readMigrationSources(files).map((source) => source.text));
        const real = await replayMigrations(replayConnection(db.url), migrations, { dataSource: await shop.dataSource(), createExtensions: implied });
        assert.equal(real.failure, undefined);
        assert.deepEqual(real.model, result.model);
      } finally {
        await db.drop();
      }
    });

    it('re-checks warm without replaying or starting anything', async () => {
      // The first answer goes out before the cache is written; this one waits for that write.
      const again = await analyse(shop);
      assert.equal(again.fromCache, true);
      const fresh = new ShadowDatabase({ cacheDir });
      try {
        const warm = await analyse(shop, fresh);
        assert.equal(warm.fromCache, true);
        assert.equal(warm.replayed, 0);
        assert.deepEqual(warm.model, result.model);
        assert.equal((fresh as unknown as { child?: unknown }).child, undefined, 'no shadow process was started');
      } finally {
        await fresh.dispose();
      }
    });
  });

  it('replays only the appended migrations when migrations were only added, everything when one was edited', async () => {
    const p = project({ dropMigrationsAfter: 1710000000000 });
    const first = await analyse(p);
    assert.equal(first.replayed, 1);
    assert.ok(!columnNames(first.model, 'customers').includes('phone'));

    copyFileSync(join(fixturesDir, 'shop', 'src', 'migrations', SECOND), join(p.migrationsDir, SECOND));
    const appended = await analyse(p);
    assert.equal(appended.fromCache, false);
    assert.equal(appended.replayed, 1, 'only the new migration ran');
    assert.ok(columnNames(appended.model, 'customers').includes('phone'));

    p.write(`src/migrations/${INITIAL}`, `// edited\n${readText(join(p.migrationsDir, INITIAL))}`);
    const edited = await analyse(p);
    assert.equal(edited.replayed, 2, 'an edited migration replays from the start');
    assert.deepEqual(edited.model, appended.model);
  });

  it('stops its process once idle, after saving the replay, and starts it again on demand', async () => {
    const p = project({ dropMigrationsAfter: 1710000000000 });
    const idle = new ShadowDatabase({ cacheDir, idleMs: 200 });
    try {
      assert.equal((await analyse(p, idle)).replayed, 1);
      const child = (idle as unknown as { child?: ChildProcess }).child;
      assert.ok(child, 'a shadow process runs');
      await once(child, 'exit');
      assert.equal((idle as unknown as { child?: ChildProcess }).child, undefined);
      assert.equal((await analyse(p, idle)).fromCache, true, 'the replay was saved before the process stopped');
      copyFileSync(join(fixturesDir, 'shop', 'src', 'migrations', SECOND), join(p.migrationsDir, SECOND));
      const appended = await analyse(p, idle);
      assert.equal(appended.replayed, 1, 'a new process continues from the saved replay');
    } finally {
      await idle.dispose();
    }
  });

  it('uses the DataSource\'s migrations table name and schema; its bookkeeping is in the model under that name, for the comparison to take out', async () => {
    const p = project({ dropMigrationsAfter: 1710000000000 });
    const dataSource = { ...(await p.dataSource()), migrationsTableName: 'schema_history', schema: 'app' };
    const result = await shadow.analyse(dataSource, await p.migrationFiles());
    assert.deepEqual(result.findings, []);
    assert.equal(result.replayed, 1);
    assert.deepEqual(result.model.tables.filter((t) => t.name === 'schema_history' || t.name === 'migrations').map((t) => `${t.schema}.${t.name}`), ['app.schema_history']);
    assert.ok(!withoutUnmappedBookkeeping(result.model, undefined, 'schema_history').tables.some((t) => t.name === 'schema_history'));
    assert.equal(table(result.model, 'customers').schema, 'public', 'generated migrations name their schema');
  });

  it('stops at a failing migration with SL450 on its file; what replayed before it is still analysed', async () => {
    const p = project();
    const broken = p.write('src/migrations/1710000300000-Broken.ts', migrationText('Broken1710000300000', ['ALTER TABLE "customers" ADD "nickname" text', 'ALTER TABLE "nope" ADD "x" integer']));
    p.write('src/migrations/1710000400000-AfterBroken.ts', migrationText('AfterBroken1710000400000', ['ALTER TABLE "customers" ADD "later" integer']));
    const result = await analyse(p);
    assert.equal(result.findings.length, 1);
    const [finding] = result.findings;
    assert.equal(finding.code, 'SL450');
    assert.equal(finding.category, 'migration');
    assert.equal(finding.file, broken);
    assert.equal(finding.span?.start.line, 2, 'on the class declaration');
    assert.match(finding.message, /Broken1710000300000 failed when replayed into the embedded PostgreSQL: relation "nope" does not exist/);
    assert.match(finding.message, /while running: ALTER TABLE "nope"/);
    assert.match(finding.message, /1 later migration was not replayed/);
    const columns = columnNames(result.model, 'customers');
    assert.ok(columns.includes('phone'), 'migrations before the failing one replayed');
    assert.ok(!columns.includes('nickname'), 'the failing migration was rolled back as a whole');
    assert.ok(!columns.includes('later'), 'migrations after it were not replayed');
  });

  it('reports a migration that needs an extension the embedded database lacks (SL451), and loads the contrib ones it has', async () => {
    const p = project();
    p.write('src/migrations/1710000300000-Trigram.ts', migrationText('Trigram1710000300000', ['CREATE EXTENSION IF NOT EXISTS pg_trgm', 'CREATE INDEX "IDX_name_trgm" ON "products" USING gin ("name" gin_trgm_ops)']));
    const postgis = p.write('src/migrations/1710000400000-Postgis.ts', migrationText('Postgis1710000400000', ['CREATE EXTENSION IF NOT EXISTS postgis', 'ALTER TABLE "customers" ADD "location" geometry(Point,4326)']));
    const result = await analyse(p);
    assert.deepEqual(result.findings.map((f) => [f.code, basename(f.file ?? '')]), [['SL451', basename(postgis)]]);
    assert.match(result.findings[0].message, /needs the PostgreSQL extension "postgis", which the embedded database does not have/);
    assert.match(result.findings[0].message, /Connect Schema Lens to a real database/);
    const trigram = table(result.model, 'products').indexes.find((index) => index.name === 'IDX_name_trgm');
    assert.equal(trigram?.method, 'gin');
  });

  it('runs migrations that import project code; one that needs the entities is reported clearly', async () => {
    const p = project();
    mkdirSync(join(p.root, 'src', 'sql'));
    p.write('src/sql/columns.ts', `export const addColumn = (table: string, column: string): string => \`ALTER TABLE "\${table}" ADD "\${column}" text\`;\n`);
    p.write(
      'src/migrations/1710000300000-UsesHelper.ts',
      `import { MigrationInterface, QueryRunner } from 'typeorm';
import { addColumn } from '../sql/columns';

export class UsesHelper1710000300000 implements MigrationInterface {
    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(addColumn('customers', 'notes'));
    }
    public async down(): Promise<void> {}
}
`,
    );
    const usesEntity = p.write(
      'src/migrations/1710000400000-BackfillTier.ts',
      `import { MigrationInterface, QueryRunner } from 'typeorm';
import { Customer, CustomerTier } from '../entities/customer.entity';

export class BackfillTier1710000400000 implements MigrationInterface {
    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.manager.getRepository(Customer).update({ tier: CustomerTier.Basic }, { tier: CustomerTier.Gold });
    }
    public async down(): Promise<void> {}
}
`,
    );
    const result = await analyse(p);
    assert.ok(columnNames(result.model, 'customers').includes('notes'), 'the helper-importing migration replayed');
    assert.deepEqual(result.findings.map((f) => [f.code, f.file]), [['SL450', usesEntity]]);
    assert.match(result.findings[0].message, /No metadata for "Customer" was found/);
    assert.match(result.findings[0].message, /replays migrations without the project's entities/);
  });

  it('reports a migration file that cannot be loaded (SL452) and replays the ones before it', async () => {
    const p = project();
    const broken = p.write('src/migrations/1710000300000-Typo.ts', `import { MigrationInterface, QueryRunner } from 'typeorm';\nexport class Typo1710000300000 implements MigrationInterface {\n  async up(queryRunner: QueryRunner) { await queryRunner.query(\`SELECT 1\`; }\n  async down() {}\n}\n`);
    p.write('src/migrations/1710000400000-After.ts', migrationText('After1710000400000', ['ALTER TABLE "customers" ADD "after" integer']));
    const result = await analyse(p);
    assert.deepEqual(result.findings.map((f) => [f.code, f.file]), [['SL452', broken]]);
    assert.match(result.findings[0].message, /Could not load migration 1710000300000-Typo\.ts: syntax error at 1710000300000-Typo\.ts:3:\d+/);
    assert.match(result.findings[0].message, /1 later migration was not replayed/);
    const columns = columnNames(result.model, 'customers');
    assert.ok(columns.includes('phone') && !columns.includes('after'));
  });
});

function readText(file: string): string {
  return readMigrationSources([file])[0].text;
}
