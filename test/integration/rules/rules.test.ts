// Every rule against a real PostgreSQL: TypeORM synchronises the entities, the test breaks one
// thing the way it happens in real life (a dropped index, an altered type, ...), and asserts the
// exact finding, location and fix; then runs the fix's up SQL (finding gone) and its down SQL
// (finding back).
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { analyze } from '../../../src/core/analyze';
import { connectReadOnly, introspect } from '../../../src/core/dialect/postgres/catalog';
import { readEntities } from '../../../src/core/entities';
import type { Finding } from '../../../src/core/rules/finding';
import { typeormName } from '../../../src/core/model/names';
import { lineOf, migrationFix, synchronisedWorkspace, type CheckedWorkspace } from './support';

const ENTITIES = join(__dirname, 'entities');
const USER = join(ENTITIES, 'user.entity.ts');
const POST = join(ENTITIES, 'post.entity.ts');
const COMMENT = join(ENTITIES, 'comment.entity.ts');
// Many projects index foreign keys in a hand-written migration rather than with @Index.
const SETUP = 'CREATE INDEX "comments_post_idx" ON "comments" ("postId")';

/**
 * The finding is anchored at the member whose property line contains `marker`: its span starts on
 * one of the member's decorator lines or the property line itself (or the class, for `export class`).
 */
function assertAt(finding: Finding, file: string, marker: string): void {
  assert.equal(finding.span?.file, file, `${finding.code} file`);
  const lines = readFileSync(file, 'utf8').split('\n');
  const line = lineOf(file, marker);
  let first = line;
  while (first > 0 && /^\s*@/.test(lines[first - 1]!)) first--;
  const start = finding.span.start.line;
  assert.ok(start >= first && start <= line, `${finding.code} starts at line ${start}, expected within ${first}-${line} (${marker})`);
}

const only = (findings: Finding[], code: string): Finding[] => findings.filter((finding) => finding.code === code);

/** Situation -> exactly one finding (checked by `expect`) -> up: gone -> down: back. */
async function roundTrip(ws: CheckedWorkspace, code: string, situation: string[], expect: (finding: Finding) => void): Promise<void> {
  assert.deepEqual(only(await ws.check(), code), [], `${code} before the situation`);
  await ws.run(situation);
  const found = only(await ws.check(), code);
  assert.equal(found.length, 1, JSON.stringify(found, null, 2));
  expect(found[0]!);
  const fix = migrationFix(found[0]!);
  await ws.run(fix.up);
  assert.deepEqual(only(await ws.check(), code), [], `${code} after up`);
  await ws.run(fix.down);
  assert.deepEqual(only(await ws.check(), code).map((finding) => finding.message), [found[0]!.message], `${code} after down`);
}

describe('rules on a real database', function () {
  this.timeout(120_000);
  let ws: CheckedWorkspace;

  beforeEach(async function () {
    ws = await synchronisedWorkspace(ENTITIES, this.currentTest?.title.slice(0, 5) ?? 'rule', SETUP);
  });
  afterEach(async () => {
    await ws?.dispose();
  });

  it('a database TypeORM synchronised reports only the deliberate SL203 (posts.userId has no relation)', async () => {
    const findings = await ws.check();
    assert.deepEqual(
      findings.map((finding) => `${finding.code} ${finding.table}.${finding.column}`),
      ['SL203 posts.userId'],
    );
    assertAt(findings[0]!, POST, 'userId!:');
  });

  it('SL101 table missing', async () => {
    await roundTrip(ws, 'SL101', ['DROP TABLE "comments"'], (finding) => {
      assert.equal(finding.severity, 'error');
      assert.equal(finding.message, 'Table comments (entity Comment) does not exist in the database: a migration that creates it is missing or has not run.');
      assertAt(finding, COMMENT, 'export class Comment');
      const fix = migrationFix(finding);
      assert.match(fix.up[0]!, /^CREATE TABLE "public"\."comments" \("id" serial NOT NULL, "body" text NOT NULL, "postId" integer, CONSTRAINT "PK_[0-9a-f]{27}" PRIMARY KEY \("id"\)\)$/);
      assert.equal(fix.up[1], `ALTER TABLE "public"."comments" ADD CONSTRAINT "${typeormName('FK', 'comments', ['postId'])}" FOREIGN KEY ("postId") REFERENCES "public"."posts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
      assert.deepEqual(fix.down, ['DROP TABLE "public"."comments"']);
    });
  });

  it('SL102 column missing', async () => {
    await roundTrip(ws, 'SL102', ['ALTER TABLE "users" DROP COLUMN "bio"'], (finding) => {
      assert.equal(finding.message, 'Column users.bio (User.bio) does not exist in the database.');
      assert.equal(finding.column, 'bio');
      assertAt(finding, USER, 'bio!:');
      assert.deepEqual(migrationFix(finding).up, ['ALTER TABLE "public"."users" ADD COLUMN "bio" text']);
      assert.deepEqual(migrationFix(finding).down, ['ALTER TABLE "public"."users" DROP COLUMN "bio"']);
    });
  });

  it('SL103 column type differs: fixed in place with USING, never drop and add', async () => {
    await ws.run([`INSERT INTO "users" ("email", "name") VALUES ('a@example.com', 'Ada')`]);
    await roundTrip(ws, 'SL103', ['ALTER TABLE "users" ALTER COLUMN "name" TYPE text'], (finding) => {
      assert.equal(finding.message, 'Column users.name (User.name) is text in the database, but the entity says character varying(100).');
      assertAt(finding, USER, 'name!:');
      assert.deepEqual(migrationFix(finding).up, ['ALTER TABLE "public"."users" ALTER COLUMN "name" TYPE character varying(100) USING "name"::character varying(100)']);
      assert.deepEqual(migrationFix(finding).down, ['ALTER TABLE "public"."users" ALTER COLUMN "name" TYPE text USING "name"::text']);
    });
    assert.equal(await ws.value(`SELECT "name" FROM "users"`), 'Ada', 'the data survived up and down');
  });

  it('SL103 with a default PostgreSQL cannot cast: the fix drops it, converts, and sets the target default', async () => {
    await ws.run([`INSERT INTO "users" ("email", "name", "active") VALUES ('a@example.com', 'Ada', false)`]);
    const situation = ['ALTER TABLE "users" ALTER COLUMN "active" DROP DEFAULT', 'ALTER TABLE "users" ALTER COLUMN "active" TYPE text', `ALTER TABLE "users" ALTER COLUMN "active" SET DEFAULT 'true'`];
    await roundTrip(ws, 'SL103', situation, (finding) => {
      assert.deepEqual(migrationFix(finding).up, [
        'ALTER TABLE "public"."users" ALTER COLUMN "active" DROP DEFAULT',
        'ALTER TABLE "public"."users" ALTER COLUMN "active" TYPE boolean USING "active"::boolean',
        'ALTER TABLE "public"."users" ALTER COLUMN "active" SET DEFAULT true',
      ]);
      assert.deepEqual(migrationFix(finding).down, [
        'ALTER TABLE "public"."users" ALTER COLUMN "active" DROP DEFAULT',
        'ALTER TABLE "public"."users" ALTER COLUMN "active" TYPE text USING "active"::text',
        `ALTER TABLE "public"."users" ALTER COLUMN "active" SET DEFAULT 'true'::text`,
      ]);
    });
    assert.equal(await ws.value(`SELECT "active" FROM "users"`), 'false', 'the data survived up and down');
  });

  it('SL104 nullability differs', async () => {
    await roundTrip(ws, 'SL104', ['ALTER TABLE "users" ALTER COLUMN "name" DROP NOT NULL'], (finding) => {
      assert.match(finding.message, /^Column users\.name \(User\.name\) allows NULL in the database, but the entity says it is NOT NULL/);
      assertAt(finding, USER, 'name!:');
      assert.deepEqual(migrationFix(finding).up, ['ALTER TABLE "public"."users" ALTER COLUMN "name" SET NOT NULL']);
      assert.deepEqual(migrationFix(finding).down, ['ALTER TABLE "public"."users" ALTER COLUMN "name" DROP NOT NULL']);
    });
  });

  it('SL105 default differs', async () => {
    await roundTrip(ws, 'SL105', ['ALTER TABLE "users" ALTER COLUMN "active" SET DEFAULT false'], (finding) => {
      assert.equal(finding.message, 'Column users.active (User.active) defaults to false in the database, but the entity says it defaults to true.');
      assertAt(finding, USER, 'active!:');
      assert.deepEqual(migrationFix(finding).up, ['ALTER TABLE "public"."users" ALTER COLUMN "active" SET DEFAULT true']);
      assert.deepEqual(migrationFix(finding).down, ['ALTER TABLE "public"."users" ALTER COLUMN "active" SET DEFAULT false']);
    });
  });

  it('SL106 enum values differ: rebuilt through text, data and default kept', async () => {
    await ws.run([`INSERT INTO "users" ("email", "name", "role") VALUES ('a@example.com', 'Ada', 'admin')`]);
    await roundTrip(ws, 'SL106', [`ALTER TYPE "users_role_enum" ADD VALUE 'guest'`], (finding) => {
      assert.equal(finding.message, `Enum type users_role_enum in the database has 'guest' that the entity does not.`);
      const fix = migrationFix(finding);
      assert.equal(fix.up[1], `CREATE TYPE "public"."users_role_enum" AS ENUM ('admin', 'member')`);
      assert.ok(fix.up.includes(`ALTER TABLE "public"."users" ALTER COLUMN "role" TYPE "public"."users_role_enum" USING "role"::text::"public"."users_role_enum"`));
    });
    assert.equal(await ws.value(`SELECT "role" FROM "users"`), 'admin');
    assert.equal(await ws.value(`SELECT column_default FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'role'`), `'member'::users_role_enum`);
  });

  it('SL106 enum type missing', async () => {
    const situation = ['ALTER TABLE "users" ALTER COLUMN "role" DROP DEFAULT', 'ALTER TABLE "users" ALTER COLUMN "role" TYPE text', 'DROP TYPE "users_role_enum"'];
    await roundTrip(ws, 'SL106', situation, (finding) => {
      assert.equal(finding.message, 'Enum type users_role_enum (admin, member) does not exist in the database.');
      assert.deepEqual(migrationFix(finding).up, [`CREATE TYPE "public"."users_role_enum" AS ENUM ('admin', 'member')`]);
      assert.deepEqual(migrationFix(finding).down, ['DROP TYPE "public"."users_role_enum"']);
    });
  });

  it('SL107 primary key differs', async () => {
    const pk = await ws.value(`SELECT conname FROM pg_constraint WHERE conrelid = '"comments"'::regclass AND contype = 'p'`);
    assert.equal(pk, typeormName('PK', 'comments', ['id']));
    await roundTrip(ws, 'SL107', [`ALTER TABLE "comments" DROP CONSTRAINT "${pk}"`], (finding) => {
      assert.equal(finding.message, 'Primary key of comments (entity Comment) is none in the database, but the entity says (id).');
      assert.deepEqual(migrationFix(finding).up, [`ALTER TABLE "public"."comments" ADD CONSTRAINT "${pk}" PRIMARY KEY ("id")`]);
      assert.deepEqual(migrationFix(finding).down, [`ALTER TABLE "public"."comments" DROP CONSTRAINT "${pk}"`]);
    });
  });

  it('SL108 unique constraint missing', async () => {
    const uq = typeormName('UQ', 'users', ['email']);
    await roundTrip(ws, 'SL108', [`ALTER TABLE "users" DROP CONSTRAINT "${uq}"`], (finding) => {
      assert.equal(finding.message, 'users(email) (entity User) is declared unique, but the database has no unique constraint or index on those columns: duplicates can be saved.');
      assertAt(finding, USER, 'email!:');
      assert.deepEqual(migrationFix(finding).up, [`ALTER TABLE "public"."users" ADD CONSTRAINT "${uq}" UNIQUE ("email")`]);
      assert.deepEqual(migrationFix(finding).down, [`ALTER TABLE "public"."users" DROP CONSTRAINT "${uq}"`]);
    });
  });

  it('SL109 check constraint missing', async () => {
    const chk = await ws.value(`SELECT conname FROM pg_constraint WHERE conrelid = '"users"'::regclass AND contype = 'c'`);
    await roundTrip(ws, 'SL109', [`ALTER TABLE "users" DROP CONSTRAINT "${chk}"`], (finding) => {
      assert.match(finding.message, /^Check constraint \(.*age.* >= 0\) on users \(entity User\) does not exist in the database/);
      assert.match(migrationFix(finding).up[0]!, /^ALTER TABLE "public"\."users" ADD CONSTRAINT "CHK_[0-9a-f]{26}" CHECK \(.*age.* >= 0\)$/);
    });
  });

  it('SL110 and SL501: a table no entity maps, without a primary key (information, no fix)', async () => {
    await ws.run(['CREATE TABLE "event_log" ("at" timestamptz)']);
    const findings = await ws.check();
    assert.deepEqual(only(findings, 'SL110').map((f) => [f.severity, f.message, f.fixes.length]), [['info', 'Table event_log exists in the database but no entity maps it (an entity was removed, or the table is managed outside TypeORM).', 0]]);
    assert.deepEqual(only(findings, 'SL501').map((f) => [f.severity, f.table, f.span, f.fixes.length]), [['warning', 'event_log', undefined, 0]]);
    await ws.run(['DROP TABLE "event_log"']);
    const after = await ws.check();
    assert.deepEqual([...only(after, 'SL110'), ...only(after, 'SL501')], []);
  });

  it('SL111 column no entity maps (information; NOT NULL without default said explicitly)', async () => {
    await ws.run(['ALTER TABLE "users" ADD COLUMN "nickname" text NOT NULL']);
    const [finding, ...rest] = only(await ws.check(), 'SL111');
    assert.deepEqual(rest, []);
    assert.equal(finding?.severity, 'info');
    assert.equal(finding?.message, 'Column users.nickname exists in the database but the entity (entity User) does not declare it. It is NOT NULL without a default, so inserting through the entity fails.');
    assertAt(finding!, USER, 'export class User');
  });

  it('SL201 foreign key missing', async () => {
    const fk = typeormName('FK', 'posts', ['authorId']);
    await roundTrip(ws, 'SL201', [`ALTER TABLE "posts" DROP CONSTRAINT "${fk}"`], (finding) => {
      assert.equal(finding.category, 'integrity');
      assert.equal(finding.message, 'Foreign key posts(authorId) -> users(id) (relation Post.author) does not exist in the database: rows can point at users rows that do not exist.');
      assertAt(finding, POST, 'author!: User');
      assert.deepEqual(migrationFix(finding).up, [`ALTER TABLE "public"."posts" ADD CONSTRAINT "${fk}" FOREIGN KEY ("authorId") REFERENCES "public"."users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`]);
      assert.deepEqual(migrationFix(finding).down, [`ALTER TABLE "public"."posts" DROP CONSTRAINT "${fk}"`]);
    });
  });

  it('SL202 foreign key actions differ', async () => {
    const fk = typeormName('FK', 'posts', ['authorId']);
    const situation = [`ALTER TABLE "posts" DROP CONSTRAINT "${fk}"`, `ALTER TABLE "posts" ADD CONSTRAINT "${fk}" FOREIGN KEY ("authorId") REFERENCES "users"("id") ON DELETE RESTRICT`];
    await roundTrip(ws, 'SL202', situation, (finding) => {
      assert.equal(finding.message, 'Foreign key posts(authorId) -> users(id) is ON DELETE RESTRICT ON UPDATE NO ACTION in the database, but the relation says ON DELETE CASCADE ON UPDATE NO ACTION.');
      assertAt(finding, POST, 'author!: User');
      const add = (action: string) => `ALTER TABLE "public"."posts" ADD CONSTRAINT "${fk}" FOREIGN KEY ("authorId") REFERENCES "public"."users"("id") ON DELETE ${action} ON UPDATE NO ACTION`;
      assert.deepEqual(migrationFix(finding).up, [`ALTER TABLE "public"."posts" DROP CONSTRAINT "${fk}"`, add('CASCADE')]);
      assert.deepEqual(migrationFix(finding).down, [`ALTER TABLE "public"."posts" DROP CONSTRAINT "${fk}"`, add('RESTRICT')]);
    });
  });

  it('SL203 a reference-like column without relation: the fix adds the foreign key', async () => {
    const [finding] = only(await ws.check(), 'SL203');
    assert.equal(finding?.message, 'Column posts.userId (Post.userId) looks like a reference to users.id but has no relation and no foreign key: nothing stops it pointing at rows that do not exist. Declare a @ManyToOne relation (or suppress this if it is intentional).');
    const fix = migrationFix(finding!);
    const fk = typeormName('FK', 'posts', ['userId']);
    assert.deepEqual(fix.up, [`ALTER TABLE "public"."posts" ADD CONSTRAINT "${fk}" FOREIGN KEY ("userId") REFERENCES "public"."users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`]);
    await ws.run(fix.up);
    assert.deepEqual(only(await ws.check(), 'SL203'), []);
    await ws.run(fix.down);
    assert.deepEqual(only(await ws.check(), 'SL203').map((f) => f.message), [finding!.message]);
  });

  it('SL301 foreign key without covering index: migration plus @Index() source edit', async () => {
    const idx = typeormName('IDX', 'comments', ['postId']);
    await roundTrip(ws, 'SL301', ['DROP INDEX "comments_post_idx"'], (finding) => {
      assert.equal(finding.severity, 'warning');
      assert.match(finding.message, /^Foreign key comments\(postId\) -> posts\(id\) has no index starting with \(postId\)/);
      assertAt(finding, COMMENT, "@ManyToOne('Post'");
      assert.deepEqual(migrationFix(finding).up, [`CREATE INDEX "${idx}" ON "public"."comments" ("postId")`]);
      assert.deepEqual(migrationFix(finding).down, [`DROP INDEX "public"."${idx}"`]);
      const edit = finding.fixes.find((fix) => fix.kind === 'source-edit');
      assert.ok(edit?.kind === 'source-edit');
      assert.deepEqual(edit.edits.map((e) => e.file), [COMMENT, COMMENT]);
    });
  });

  it('SL301 source edit: applied to the entity, the reader sees the index; with the migration, nothing is left', async () => {
    await ws.run(['DROP INDEX "comments_post_idx"']);
    const [finding] = only(await ws.check(), 'SL301');
    const edit = finding!.fixes.find((fix) => fix.kind === 'source-edit');
    assert.ok(edit?.kind === 'source-edit');
    const copy = mkdtempSync(join(tmpdir(), 'schema-lens-sl301-'));
    try {
      for (const file of ws.files) copyFileSync(file, join(copy, basename(file)));
      let text = readFileSync(COMMENT, 'utf8');
      for (const change of [...edit.edits].sort((a, b) => b.startOffset - a.startOffset)) text = text.slice(0, change.startOffset) + change.newText + text.slice(change.endOffset);
      assert.match(text, /^import \{ Column, Entity, ManyToOne, PrimaryGeneratedColumn, Index \} from 'typeorm';$/m);
      assert.match(text, /^ {2}@Index\(\)\n {2}@ManyToOne\('Post'/m);
      writeFileSync(join(copy, 'comment.entity.ts'), text);
      const edited = readEntities({ root: copy, naming: 'default', files: ws.files.map((file) => join(copy, basename(file))) });
      const client = await connectReadOnly({ url: ws.db.url });
      const check = async (): Promise<string[]> => {
        const { model } = await introspect(client, { schemas: ['public'] });
        return analyze({ intended: edited, actual: model }).map((f) => `${f.code} ${f.table}.${f.column}`);
      };
      try {
        // The entity now declares the index, the database lacks it: SL303 replaces SL301.
        assert.deepEqual(await check(), ['SL303 comments.postId', 'SL203 posts.userId']);
        await ws.run(migrationFix(finding!).up);
        assert.deepEqual(await check(), ['SL203 posts.userId']);
      } finally {
        await client.end();
      }
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('SL302 redundant index (the longer one keeps the foreign key covered)', async () => {
    await roundTrip(ws, 'SL302', ['CREATE INDEX "comments_post_id_idx" ON "comments" ("postId", "id")'], (finding) => {
      assert.equal(finding.message, 'Index comments_post_idx (postId) on comments is redundant: comments_post_id_idx (postId, id) already serves every lookup it can, so it only slows writes and takes space.');
      assertAt(finding, COMMENT, 'export class Comment');
      assert.deepEqual(migrationFix(finding).up, ['DROP INDEX "public"."comments_post_idx"']);
      assert.deepEqual(migrationFix(finding).down, ['CREATE INDEX "comments_post_idx" ON "public"."comments" ("postId")']);
    });
    assert.deepEqual(only(await ws.check(), 'SL301'), []);
  });

  it('SL303 declared index missing', async () => {
    const idx = typeormName('IDX', 'posts', ['authorId']);
    await roundTrip(ws, 'SL303', [`DROP INDEX "${idx}"`], (finding) => {
      assert.equal(finding.message, 'Index on posts(authorId) is declared on the entity but does not exist in the database.');
      assertAt(finding, POST, '@Index()');
      assert.deepEqual(migrationFix(finding).up, [`CREATE INDEX "${idx}" ON "public"."posts" ("authorId")`]);
      assert.deepEqual(migrationFix(finding).down, [`DROP INDEX "public"."${idx}"`]);
    });
  });

  it('SL304 unused index on a big table (unique and foreign-key indexes never), quiet once a query uses it', async () => {
    await ws.run([
      'CREATE TABLE "big" ("id" integer PRIMARY KEY, "v" integer, "w" integer)',
      'INSERT INTO "big" SELECT g, g % 100, g % 7 FROM generate_series(1, 20000) g',
      'CREATE INDEX "big_v_idx" ON "big" ("v")',
      'ANALYZE "big"',
      // A query uses big_v_idx: it is not reported.
      'SET enable_seqscan = off',
      'SELECT count(*) FROM "big" WHERE "v" = 3',
      'SELECT pg_stat_force_next_flush()',
    ]);
    await roundTrip(ws, 'SL304', ['CREATE INDEX "big_w_idx" ON "big" ("w")'], (finding) => {
      assert.equal(finding.severity, 'info');
      assert.equal(finding.constraint, 'big_w_idx');
      assert.match(finding.message, /^Index big_w_idx on big \(about 20000 rows\) has not been used by any query since statistics were last reset\. This only means something on a database that has served real traffic/);
      assert.deepEqual(migrationFix(finding).up, ['DROP INDEX "public"."big_w_idx"']);
      assert.deepEqual(migrationFix(finding).down, ['CREATE INDEX "big_w_idx" ON "public"."big" ("w")']);
    });
    await ws.run(['SET enable_seqscan = off', 'SELECT count(*) FROM "big" WHERE "w" = 3', 'SELECT pg_stat_force_next_flush()']);
    assert.deepEqual(only(await ws.check(), 'SL304'), []);
  });

  it('SL502 invalid index: REINDEX makes it valid (no down: nothing to undo)', async () => {
    await ws.run([`UPDATE pg_index SET indisvalid = false WHERE indexrelid = '"comments_post_idx"'::regclass`]);
    const [finding, ...rest] = only(await ws.check(), 'SL502');
    assert.deepEqual(rest, []);
    assert.equal(finding?.severity, 'error');
    assert.equal(finding?.constraint, 'comments_post_idx');
    assertAt(finding!, COMMENT, 'export class Comment');
    const fix = migrationFix(finding!);
    assert.deepEqual(fix.up, ['REINDEX INDEX "public"."comments_post_idx"']);
    assert.deepEqual(fix.down, []);
    await ws.run(fix.up);
    assert.deepEqual(only(await ws.check(), 'SL502'), []);
  });
});
