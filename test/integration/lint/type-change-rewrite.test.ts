// The lint's judgement of which type changes keep every row (SL609 stays silent on them) against a
// real PostgreSQL: a change that rewrites the table gives it a new file (pg_relation_filenode);
// one that only updates the catalog keeps it. Each pair is both sides of the judgement.
import assert from 'node:assert/strict';
import { postgres } from '../../../src/core/dialect';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

const PAIRS: Array<[from: string, to: string]> = [
  ['character varying(512)', 'character varying(8192)'],
  ['character varying(512)', 'character varying'],
  ['character varying(512)', 'text'],
  ['text', 'character varying'],
  ['numeric(10,2)', 'numeric(12,2)'],
  ['numeric(10,2)', 'numeric'],
  ['timestamp without time zone(3)', 'timestamp without time zone(6)'],
  ['cidr', 'inet'],
  ['character varying(20)[]', 'character varying(40)[]'],
  ['character varying(8192)', 'character varying(512)'],
  ['text', 'character varying(255)'],
  ['numeric(10,2)', 'numeric(12,4)'],
  ['numeric', 'numeric(12,2)'],
  ['integer', 'bigint'],
  ['character(10)', 'text'],
];

/** `timestamp without time zone(3)` as SQL writes it: the precision after the first word. */
const sqlType = (type: string): string => type.replace(/^(timestamp|time)( with(?:out)? time zone)\((\d+)\)/, '$1($3)$2');

describe('type changes that keep every row, on a real PostgreSQL', function () {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase('type_change');
  });
  after(async () => {
    await database.drop();
  });

  for (const [from, to] of PAIRS) {
    const keeps = postgres.migrationSql.typeChangeKeepsRows(from, to);
    it(`${from} -> ${to}: ${keeps ? 'no rewrite' : 'rewrite'}`, async () => {
      const table = `t_${PAIRS.findIndex((pair) => pair[0] === from && pair[1] === to)}`;
      const value = from.startsWith('cidr') ? "'10.0.0.0/8'" : from.startsWith('timestamp') ? 'now()' : from.endsWith('[]') ? "ARRAY['a']" : from.startsWith('numeric') ? '1.5' : "'1'";
      await database.exec(`CREATE TABLE ${table} (c ${sqlType(from)}); INSERT INTO ${table} SELECT ${value} FROM generate_series(1, 10)`);
      const fileBefore = (await database.rows<{ file: string }>(`SELECT pg_relation_filenode('${table}')::text AS file`))[0]!.file;
      await database.exec(`ALTER TABLE ${table} ALTER COLUMN c TYPE ${sqlType(to)}`);
      const fileAfter = (await database.rows<{ file: string }>(`SELECT pg_relation_filenode('${table}')::text AS file`))[0]!.file;
      assert.equal(fileAfter === fileBefore, keeps, `PostgreSQL ${fileAfter === fileBefore ? 'kept' : 'rewrote'} the table`);
    });
  }
});
