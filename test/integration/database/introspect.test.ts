// Introspection of a real PostgreSQL: a schema built with raw SQL holding every object kind the
// model has, plus hostile identifiers, must come back exactly as the SchemaModel contract spells it.
import assert from 'node:assert/strict';
import { connectReadOnly, introspect } from '../../../src/core/dialect/postgres/catalog';
import type { SchemaModel } from '../../../src/core/model/schema';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { assertModel, expectedPublic, fixtureSql, table } from './fixture-schema';

describe('database introspection', () => {
  let db: TestDatabase;

  before(async () => {
    db = await createTestDatabase('introspect');
    await db.exec(fixtureSql);
  });

  after(async () => {
    await db?.drop();
  });

  async function read(options: Parameters<typeof introspect>[1]) {
    const client = await connectReadOnly({ url: db.url });
    try {
      return await introspect(client, options);
    } finally {
      await client.end();
    }
  }

  it('reads every object kind of a schema exactly, with a fixed number of queries', async () => {
    const { model, problems, queryCount } = await read({ schemas: ['public'] });
    assertModel(model, expectedPublic);
    assert.deepEqual(problems, []);
    // Eight, and one more for typeorm_metadata because the schema has a generated column.
    assert.equal(queryCount, 9);
  });

  it('lists bookkeeping tables (TypeORM\'s and our checksum table) only when asked, honouring migrationsTableName', async () => {
    const bookkeeping = new Set(['migrations', 'typeorm_metadata', 'schema_lens_migration_checksums', 'users']);
    const names = (model: SchemaModel) => model.tables.map((t) => t.name).filter((n) => bookkeeping.has(n));
    assert.deepEqual(names((await read({ schemas: ['public'] })).model), ['users']);
    assert.deepEqual(names((await read({ schemas: ['public'], includeBookkeeping: true })).model), ['migrations', 'schema_lens_migration_checksums', 'typeorm_metadata', 'users']);
    assert.deepEqual(names((await read({ schemas: ['public'], migrationsTableName: 'users' })).model), ['migrations']);
  });

  it('reads other schemas by name: enum column types bare with enumType, defaults as PostgreSQL prints them, references across schemas', async () => {
    const { model, problems } = await read({ schemas: ['Other Schema'] });
    assert.deepEqual(model.tables, [
      table(
        'Audit',
        {
          columns: [
            { name: 'id', type: 'uuid', nullable: false },
            { name: 'user_id', type: 'integer', nullable: true },
            { name: 'level', type: 'level', nullable: false, enumType: { schema: 'Other Schema', name: 'level' }, default: `'low'::"Other Schema".level` },
            { name: 'levels', type: 'level[]', nullable: false, enumType: { schema: 'Other Schema', name: 'level' }, default: `'{}'::"Other Schema".level[]` },
          ],
          primaryKey: { name: 'Audit_pkey', columns: ['id'] },
          foreignKeys: [
            {
              name: 'Audit_user_id_fkey',
              columns: ['user_id'],
              referencedTable: { schema: 'public', name: 'users' },
              referencedColumns: ['id'],
              onDelete: 'NO ACTION',
              onUpdate: 'NO ACTION',
            },
          ],
        },
        'Other Schema',
      ),
    ]);
    assert.deepEqual(model.enums, [{ schema: 'Other Schema', name: 'level', values: ['low', 'high'] }]);
    assert.deepEqual(problems, []);
  });

  it('reads several schemas at once, and every user schema when none is named', async () => {
    const both = await read({ schemas: ['public', 'Other Schema'] });
    assert.deepEqual(both.model.tables.map((t) => t.schema).filter((s, i, all) => all.indexOf(s) === i), ['Other Schema', 'public']);
    const all = await read({ schemas: [] });
    assert.equal(all.model.tables.length, both.model.tables.length);
    assert.equal(all.queryCount, both.queryCount);
  });

  it('reports a schema that does not exist as a problem and reads the rest', async () => {
    const { model, problems } = await read({ schemas: ['public', 'missing'] });
    assert.equal(model.tables.length, expectedPublic.tables.length);
    assert.deepEqual(problems, [{ severity: 'warning', message: 'Schema "missing" does not exist in the database.' }]);
  });

  it('reads index statistics, invalid indexes and row estimates', async () => {
    const scratch = await createTestDatabase('introspect_stats');
    try {
      await scratch.exec('CREATE TABLE dupes (v integer); INSERT INTO dupes VALUES (1), (1), (2); ANALYZE dupes; CREATE INDEX dupes_plain ON dupes (v);');
      // A failed CREATE INDEX CONCURRENTLY leaves an INVALID index behind.
      await assert.rejects(scratch.exec('CREATE UNIQUE INDEX CONCURRENTLY dupes_unique ON dupes (v)'), /could not create unique index/);
      const client = await connectReadOnly({ url: scratch.url });
      try {
        const withStats = await introspect(client, { schemas: ['public'], statistics: true });
        const [dupes] = withStats.model.tables;
        assert.equal(dupes?.estimatedRows, 3);
        assert.deepEqual(
          dupes?.indexes.map((i) => [i.name, i.unique, i.valid, i.scans]),
          [
            ['dupes_plain', false, true, 0],
            ['dupes_unique', true, false, 0],
          ],
        );
        const withoutStats = await introspect(client, { schemas: ['public'] });
        assert.ok(withoutStats.model.tables[0]?.indexes.every((i) => !('scans' in i)));
      } finally {
        await client.end();
      }
    } finally {
      await scratch.drop();
    }
  });

  it('reads 200 tables with the same number of queries as 1 (no per-table queries)', async () => {
    const many = await createTestDatabase('introspect_many');
    try {
      await many.exec(`
        DO $$
        BEGIN
          FOR i IN 0..199 LOOP
            EXECUTE format('CREATE TABLE %I (id serial PRIMARY KEY, name varchar(40) NOT NULL DEFAULT %L, parent_id integer %s, CHECK (char_length(name) > 0))',
              't' || i, 'n' || i, CASE WHEN i > 0 THEN 'REFERENCES t' || (i - 1) || ' (id)' ELSE '' END);
            EXECUTE format('CREATE INDEX %I ON %I (lower(name)) WHERE parent_id IS NOT NULL', 't' || i || '_name', 't' || i);
          END LOOP;
        END $$;`);
      const client = await connectReadOnly({ url: many.url });
      try {
        const { model, queryCount } = await introspect(client, { schemas: ['public'] });
        assert.equal(model.tables.length, 200);
        assert.equal(queryCount, 8);
        const t199 = model.tables.find((t) => t.name === 't199');
        assert.deepEqual(t199?.foreignKeys.map((fk) => fk.referencedTable.name), ['t198']);
        assert.deepEqual(t199?.indexes[0]?.keys, [{ kind: 'expression', expression: 'lower((name)::text)' }]);
        assert.equal(t199?.columns[1]?.default, "'n199'::character varying");
      } finally {
        await client.end();
      }
    } finally {
      await many.drop();
    }
  });

  it('PostgreSQL 18: NOT NULL constraint rows are not checks, and a VIRTUAL generated column is reported', async () => {
    const probe = await connectReadOnly({ url: db.url });
    const version = Number((await probe.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0]?.v);
    await probe.end();
    const scratch = await createTestDatabase('introspect_pg18');
    try {
      const virtual = version >= 180000 ? ', doubled integer GENERATED ALWAYS AS (amount * 2) VIRTUAL' : '';
      await scratch.exec(`CREATE TABLE t (id integer NOT NULL, amount integer NOT NULL CHECK (amount > 0)${virtual})`);
      const client = await connectReadOnly({ url: scratch.url });
      try {
        const { model, problems } = await introspect(client, { schemas: ['public'] });
        const [t] = model.tables;
        assert.deepEqual(t?.checks.map((c) => c.expression), ['amount > 0']);
        assert.deepEqual(t?.columns.slice(0, 2).map((c) => [c.name, c.nullable]), [['id', false], ['amount', false]]);
        if (version >= 180000) {
          assert.deepEqual(t?.columns[2], { name: 'doubled', type: 'integer', nullable: true, generated: { kind: 'stored', expression: '(amount * 2)' } });
          assert.deepEqual(problems, [{ severity: 'info', message: 'Column "public"."t"."doubled" is a VIRTUAL generated column; it is compared as a stored one.' }]);
        }
      } finally {
        await client.end();
      }
    } finally {
      await scratch.drop();
    }
  });

  it('leaves the caller’s session as it was (search_path, no open transaction)', async () => {
    const client = await connectReadOnly({ url: db.url });
    try {
      const before = (await client.query('SHOW search_path')).rows[0];
      await introspect(client, { schemas: ['Other Schema'] });
      assert.deepEqual((await client.query('SHOW search_path')).rows[0], before);
      assert.equal(client.getTransactionStatus(), 'I');
    } finally {
      await client.end();
    }
  });

  it('inside the caller’s open transaction, reads the same model and leaves the transaction and its settings alone', async () => {
    const client = await db.connect();
    try {
      await client.query(`BEGIN; SET LOCAL search_path TO "Other Schema"`);
      const { model } = await introspect(client, { schemas: ['public'] });
      assertModel(model, expectedPublic);
      assert.equal(client.getTransactionStatus(), 'T');
      assert.equal((await client.query<{ search_path: string }>('SHOW search_path')).rows[0]?.search_path, '"Other Schema"');
      await client.query('ROLLBACK');
    } finally {
      await client.end();
    }
  });
});
