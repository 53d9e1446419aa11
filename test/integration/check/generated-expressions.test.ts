// A stored generated column made without TypeORM's record of it (hand-written SQL, or a dump that
// left typeorm_metadata's rows out): PostgreSQL keeps the expression rewritten, so its text never
// equals the entity's. The database itself says whether the two spellings are one expression
// (EXPLAIN VERBOSE prints both as parsed, running nothing); `check` claims drift only when they are not.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCheck } from '../../../src/core/check';
import { postgres } from '../../../src/core/dialect';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

// daily-api's slug, as the entity writes it (table-qualified columns, LEFT, trim without BOTH) ...
const ENTITY_SLUG = `trim(BOTH '-' FROM regexp_replace(lower(trim(COALESCE(LEFT(post.title,100),'')||'-'||post.id)), '[^a-z0-9-]+', '-', 'gi'))`;
// ... and as a migration wrote it by hand; PostgreSQL stores both as TRIM(BOTH '-'::text FROM ... "left"((title)::text, 100) ...).
const TABLE = (slug: string) => `DROP TABLE IF EXISTS post; CREATE TABLE post (id text PRIMARY KEY, title varchar(200) NOT NULL, slug text GENERATED ALWAYS AS (${slug}) STORED)`;

const ENTITY = `import { Column, Entity, PrimaryColumn } from 'typeorm';
@Entity('post')
export class Post {
  @PrimaryColumn('text') id: string;
  @Column('varchar', { length: 200 }) title: string;
  @Column({ type: 'text', generatedType: 'STORED', asExpression: \`${ENTITY_SLUG}\` }) slug: string;
}
`;

describe('generated expressions the catalog prints rewritten (real PostgreSQL)', function () {
  this.timeout(120_000);
  let database: TestDatabase;
  let root: string;

  before(async () => {
    database = await createTestDatabase('generated expressions');
    root = mkdtempSync(join(tmpdir(), 'sl-generated-'));
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'src/post.entity.ts'), ENTITY);
  });
  after(async () => {
    await database?.drop();
    rmSync(root, { recursive: true, force: true });
  });

  const sl105 = async () => {
    const result = await runCheck({ root, overrides: { db: database.url, entities: ['src/*.entity.ts'] }, shadow: 'never', timeoutMs: 30_000 });
    return result.findings.filter((finding) => finding.code === 'SL105').map((finding) => `${finding.table}.${finding.column}`);
  };

  it('the same expression written otherwise is no drift; another expression is', async () => {
    await database.exec(TABLE(`trim(BOTH '-' FROM regexp_replace(lower(trim(COALESCE(LEFT(title, 100), '') || '-' || id)), '[^a-z0-9-]+', '-', 'gi'))`));
    assert.deepEqual(await sl105(), []);
    await database.exec(TABLE(`lower(title)`));
    assert.deepEqual(await sl105(), ['post.slug']);
  });

  it('asks on a read-only connection and runs nothing: a spelling that does not parse, or that tries a second statement, is not the same', async () => {
    await database.exec(TABLE(`lower(title)`));
    const client = await postgres.catalog.connectReadOnly({ url: database.url });
    try {
      const answers = await postgres.catalog.sameExpressions(client, [
        { schema: 'public', table: 'post', expressions: ['LOWER("title")', 'lower((title)::text)'] },
        { schema: 'public', table: 'post', expressions: ['lower(title', 'lower(title)'] },
        { schema: 'public', table: 'post', expressions: ['1 FROM post; DROP TABLE post; --', '1'] },
        { schema: 'public', table: 'post', expressions: ['upper(title)', 'lower(title)'] },
        { schema: 'public', table: 'post', expressions: ["title || ''", "(title)::text || ''::text"] },
      ]);
      assert.deepEqual(answers, [true, false, false, false, true]);
      assert.equal(client.getTransactionStatus?.() ?? 'I', 'I', 'no transaction left open');
    } finally {
      await client.end();
    }
    const rows = await database.rows<{ n: string }>('SELECT count(*) AS n FROM post');
    assert.equal(rows[0]?.n, '0', 'the table is still there');
  });
});
