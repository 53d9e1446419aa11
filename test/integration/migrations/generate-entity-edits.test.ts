// `schema-lens generate` writes the entity edit that goes with a migration fix (issue 20, point 1):
// the index on an unindexed foreign key is created by the migration AND declared with @Index() on
// the relation. TypeORM is the oracle: after both, its own migration:generate has nothing left to
// do; with the migration alone (--no-entity-edits) it proposes to drop the index again.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateMigration } from '../shadow/support/generate';
import { runCli } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

const AUTHOR = `import { Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity()
export class Author {
  @PrimaryGeneratedColumn()
  id!: number;
}
`;

const BOOK = `import { Entity, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Author } from './author.entity';

@Entity()
export class Book {
  @PrimaryGeneratedColumn()
  id!: number;

  @ManyToOne(() => Author)
  author!: Author;
}
`;

describe('schema-lens generate: the entity edit paired with the migration (TypeORM as the oracle)', function () {
  this.timeout(180_000);
  const roots: string[] = [];
  const databases: TestDatabase[] = [];
  after(async () => {
    for (const db of databases) await db.drop();
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  /** A project whose database ran TypeORM's own initial migration; the book -> author key has no index. */
  async function project(label: string): Promise<{ root: string; url: string; args: string[] }> {
    const root = mkdtempSync(join(tmpdir(), `sl-entity-edits-${label}-`));
    roots.push(root);
    mkdirSync(join(root, 'migrations'));
    writeFileSync(join(root, 'author.entity.ts'), AUTHOR);
    writeFileSync(join(root, 'book.entity.ts'), BOOK);
    const db = await createTestDatabase(`entity_edits_${label}`);
    databases.push(db);
    const initial = await generateMigration({ root, url: db.url, entityFiles: entityFiles(root), migrationFiles: [], migrationsDir: join(root, 'migrations'), name: 'Init', timestamp: 1700000000000 });
    assert.ok(initial, 'TypeORM writes the initial migration');
    const setUp = await runCli(['migrate', '--root', root, '--db', db.url, '--entities', '*.entity.ts', '--migrations', 'migrations/*.ts']);
    assert.equal(setUp.code, 0, setUp.stderr);
    return { root, url: db.url, args: ['--root', root, '--db', db.url, '--entities', '*.entity.ts', '--migrations', 'migrations/*.ts'] };
  }

  function entityFiles(root: string): string[] {
    return [join(root, 'author.entity.ts'), join(root, 'book.entity.ts')];
  }

  /** What TypeORM's migration:generate still wants after all migrations ran on a fresh database. */
  async function typeormLeftovers(root: string, label: string): Promise<string> {
    const fresh = await createTestDatabase(`entity_edits_oracle_${label}`);
    databases.push(fresh);
    const migrationFiles = readdirSync(join(root, 'migrations')).map((name) => join(root, 'migrations', name));
    const file = await generateMigration({ root, url: fresh.url, entityFiles: entityFiles(root), migrationFiles, migrationsDir: mkdtempSync(join(tmpdir(), 'sl-leftover-')), name: `Leftover${label}`, timestamp: 1800000000000 });
    if (!file) return '';
    roots.push(dirname(file));
    return readFileSync(file, 'utf8');
  }

  it('edits the entity beside the migration, and TypeORM then agrees with the database', async () => {
    const { root, args } = await project('paired');
    const run = await runCli(['generate', 'IndexAuthor', ...args]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^wrote migrations\/\d+-IndexAuthor\.ts: 1 fix, 1 statement$/m);
    assert.match(run.stdout, /^edited book\.entity\.ts:\n {2}- Add @Index\(\) to Book\.author$/m);
    const book = readFileSync(join(root, 'book.entity.ts'), 'utf8');
    assert.match(book, /import \{ Entity, ManyToOne, PrimaryGeneratedColumn, Index \} from 'typeorm';/);
    assert.match(book, /\n {2}@Index\(\)\n {2}@ManyToOne\(\(\) => Author\)/);
    assert.equal(await typeormLeftovers(root, 'paired'), '', 'TypeORM has nothing left to generate');
    // And Schema Lens agrees once the migration ran: no SL301, no SL303.
    assert.equal((await runCli(['migrate', ...args])).code, 0);
    const check = JSON.parse((await runCli(['check', ...args, '--format', 'json', '--fail-on', 'never'])).stdout) as { findings: Array<{ code: string }> };
    assert.deepEqual(check.findings.filter((finding) => ['SL301', 'SL303', 'SL304'].includes(finding.code)), []);
  });

  it('--no-entity-edits writes the migration only, which TypeORM would then undo', async () => {
    const { root, args } = await project('alone');
    const run = await runCli(['generate', 'IndexAuthor', ...args, '--no-entity-edits']);
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stdout, /^edited /m);
    assert.equal(readFileSync(join(root, 'book.entity.ts'), 'utf8'), BOOK);
    assert.match(await typeormLeftovers(root, 'alone'), /DROP INDEX/, 'without the entity edit TypeORM proposes to drop the index');
  });

  it('names the migration file the way the project names its migrations (issue 20, point 8)', async () => {
    const { root, args } = await project('naming');
    const [initial] = readdirSync(join(root, 'migrations'));
    renameSync(join(root, 'migrations', initial!), join(root, 'migrations', initial!.replace('-Init', '_init')));
    const run = await runCli(['generate', 'IndexAuthor', ...args, '--no-entity-edits']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^wrote migrations\/\d{13}_index_author\.ts: /m);
  });

  it('on a big table builds the index CONCURRENTLY outside a transaction; it runs, and passes the lint (issue 20, point 8)', async () => {
    const { root, url } = await project('concurrently');
    // TypeORM refuses `transaction = false` under migrationsTransactionMode 'all' (its default): a
    // project that builds indexes concurrently runs its migrations one transaction each.
    writeFileSync(join(root, 'data-source.ts'), `import { DataSource } from 'typeorm';\nexport default new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, entities: ['*.entity.ts'], migrations: ['migrations/*.ts'], migrationsTransactionMode: 'each' });\n`);
    const args = ['--root', root, '--db', url];
    // 12,000 books: past CONCURRENT_INDEX_MIN_ROWS once ANALYZE has counted them.
    const db = databases.find((candidate) => candidate.url === url)!;
    await db.exec('INSERT INTO "book" ("authorId") SELECT NULL FROM generate_series(1, 12000); ANALYZE "book";');
    const run = await runCli(['generate', 'IndexAuthor', ...args, '--no-entity-edits']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^ {2}- Create an index on book\(authorId\) \(CONCURRENTLY: about 12,000 rows\)$/m);
    assert.match(run.stdout, /^ {2}runs outside a transaction \(transaction = false\)/m);
    const file = readdirSync(join(root, 'migrations')).find((name) => name.includes('IndexAuthor'))!;
    const text = readFileSync(join(root, 'migrations', file), 'utf8');
    assert.match(text, /\n {4}transaction = false;\n/);
    assert.match(text, /CREATE INDEX CONCURRENTLY "IDX_\w+" ON (?:"public"\.)?"book" \("authorId"\)/);
    // The migration Schema Lens wrote passes its own lint (no CONCURRENTLY-in-a-transaction, no blocking build).
    const lint = JSON.parse((await runCli(['lint', ...args, '--format', 'json', '--fail-on', 'never'])).stdout) as { findings: Array<{ code: string; file?: string; severity: string }> };
    assert.deepEqual(lint.findings.filter((finding) => finding.file?.includes('IndexAuthor') && finding.severity !== 'info').map((finding) => finding.code), []);
    // PostgreSQL refuses CONCURRENTLY inside a transaction: running it proves TypeORM did not wrap it.
    const migrated = await runCli(['migrate', ...args]);
    assert.equal(migrated.code, 0, migrated.stderr);
    const indexes = `SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname LIKE 'IDX_%' AND i.indrelid = '"book"'::regclass`;
    assert.deepEqual(await db.rows(indexes), [{ valid: true }]);
    // And it reverts: TypeORM runs down() in a transaction, so its DROP INDEX is a plain one.
    const reverted = await runCli(['revert', ...args, '--yes']);
    assert.equal(reverted.code, 0, reverted.stderr);
    assert.deepEqual(await db.rows(indexes), []);
  });

  it("under migrationsTransactionMode 'all' (TypeORM's default) the build stays plain, and the fix says why", async () => {
    const { url, args } = await project('all');
    const db = databases.find((candidate) => candidate.url === url)!;
    await db.exec('INSERT INTO "book" ("authorId") SELECT NULL FROM generate_series(1, 12000); ANALYZE "book";');
    const run = await runCli(['generate', 'IndexAuthor', ...args, '--no-entity-edits']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^ {2}- Create an index on book\(authorId\) \(blocks writes while it builds on about 12,000 rows; migrationsTransactionMode 'each' would let it be built CONCURRENTLY\)$/m);
    assert.doesNotMatch(run.stdout, /outside a transaction/);
    assert.equal((await runCli(['migrate', ...args])).code, 0, 'TypeORM runs it');
  });
});
