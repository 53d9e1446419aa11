// The health queries' pure parts: the SQL each server version gets, and what is left of another
// session's query once its literals are gone.
import assert from 'node:assert/strict';
import { topStatementsSql } from '../../../src/core/dialect/postgres/catalog/health-queries';
import { withoutLiterals } from '../../../src/core/dialect/postgres/catalog/health';
import { statementFilter } from '../../../src/core/dialect/postgres/catalog/statement-filter';
import { postgres } from '../../../src/core/dialect';

describe('health queries', () => {
  it('pg_stat_statements: total_time on 12, total_plan_time + total_exec_time from 13', () => {
    const view = '"public".pg_stat_statements';
    assert.match(topStatementsSql(120_011, view), /s\.total_time/);
    assert.doesNotMatch(topStatementsSql(120_011, view), /total_exec_time/);
    for (const version of [130_000, 170_002, 180_001]) {
      assert.match(topStatementsSql(version, view), /s\.total_plan_time \+ s\.total_exec_time/);
      assert.doesNotMatch(topStatementsSql(version, view), /s\.total_time\b/);
    }
  });

  it('replaces strings, dollar-quoted bodies and numbers by ?, drops comments, keeps identifiers and parameters', () => {
    assert.equal(withoutLiterals(`UPDATE "user" SET password = 'hunter2' WHERE id = 42`), 'UPDATE "user" SET password = ? WHERE id = ?');
    assert.equal(withoutLiterals(`SELECT $1, t1.c2 FROM t1 -- token abc\nWHERE x = E'it\\'s' AND y = $pw$secret$pw$ /* note */ AND z = 1.5e3`), 'SELECT $1, t1.c2 FROM t1 WHERE x = ? AND y = ? AND z = ?');
  });

  it("shows a long SELECT without its column list, so that its FROM and WHERE fit (an ORM's SELECT names every column)", () => {
    const columns = Array.from({ length: 12 }, (_, i) => `"Invoice"."column_${i}" AS "Invoice_column_${i}"`).join(', ');
    assert.equal(withoutLiterals(`SELECT ${columns} FROM "invoices" "Invoice" WHERE "Invoice"."account_id" = $1`), 'SELECT … FROM "invoices" "Invoice" WHERE "Invoice"."account_id" = $1');
    // The list ends at the FROM outside parentheses: a subquery in it is not where it ends.
    assert.equal(withoutLiterals(`SELECT DISTINCT (SELECT max(x) FROM other) AS m, ${columns} FROM "invoices" WHERE id = $1`), 'SELECT DISTINCT … FROM "invoices" WHERE id = $1');
    // Short statements are shown whole.
    assert.equal(withoutLiterals('SELECT id, name FROM users WHERE id = $1'), 'SELECT id, name FROM users WHERE id = $1');
  });

  it('a backslash ends no standard string: what follows is still replaced', () => {
    assert.equal(withoutLiterals(`SELECT 'C:\\' , 'secret'`), 'SELECT ? , ?');
    assert.doesNotMatch(withoutLiterals(`SELECT 'a''b', "quoted""name"`), /a''b/);
  });
});

describe('statement filter (PostgreSQL parser)', () => {
  before(() => postgres.migrationSql.ready());

  it('reads the columns a one-table SELECT filters by: equality columns in order, then one range', () => {
    assert.deepEqual(statementFilter('SELECT * FROM orders o WHERE o.customer_id = $1 AND status = $2 ORDER BY id LIMIT $3'), { table: 'orders', columns: ['customer_id', 'status'], orderBy: ['id'], nullTests: [], contains: [], textSearch: [] });
    assert.deepEqual(statementFilter('SELECT id FROM app.events WHERE created_at >= $1 AND kind = $2'), { schema: 'app', table: 'events', columns: ['kind', 'created_at'], orderBy: [], nullTests: [], contains: [], textSearch: [] });
    assert.deepEqual(statementFilter('SELECT * FROM orders WHERE customer_id = $1 AND deleted_at IS NULL AND paid_at IS NOT NULL'), {
      table: 'orders',
      columns: ['customer_id'],
      orderBy: [],
      nullTests: [{ column: 'deleted_at', isNull: true }, { column: 'paid_at', isNull: false }],
      contains: [],
      textSearch: [],
    });
    assert.deepEqual(statementFilter('SELECT * FROM events WHERE payload @> $1'), { table: 'events', columns: [], orderBy: [], nullTests: [], contains: ['payload'], textSearch: [] });
  });

  it('reads full-text search: to_tsvector(config, column) @@ a tsquery of values, either side, the configuration when written as a string', () => {
    const search = (sql: string) => statementFilter(sql)?.textSearch;
    // As pg_stat_statements keeps it: the configuration is a parameter.
    assert.deepEqual(search('SELECT * FROM posts WHERE to_tsvector($2, title) @@ plainto_tsquery($3, $1)'), [{ column: 'title', expression: true }]);
    assert.deepEqual(search("SELECT * FROM posts p WHERE websearch_to_tsquery('english', $1) @@ to_tsvector('english'::regconfig, p.title)"), [{ column: 'title', expression: true, config: 'english' }]);
    assert.deepEqual(search("SELECT * FROM posts WHERE pg_catalog.to_tsvector('simple', body) @@ to_tsquery($1) AND author_id = $2"), [{ column: 'body', expression: true, config: 'simple' }]);
    assert.deepEqual(search('SELECT * FROM posts WHERE search @@ phraseto_tsquery($1)'), [{ column: 'search', expression: false }]);
    assert.deepEqual(search('SELECT * FROM posts WHERE search @@ $1::tsquery'), [{ column: 'search', expression: false }]);
    assert.deepEqual(statementFilter('SELECT * FROM posts WHERE to_tsvector($2, title) @@ to_tsquery($3, $1) AND author_id = $4')?.columns, ['author_id']);
  });

  it('goes on with the ORDER BY of a SELECT with a LIMIT (a page): one direction, plain columns, not after a range', () => {
    const order = (sql: string) => { const filter = statementFilter(sql); return filter && [filter.columns, filter.orderBy]; };
    assert.deepEqual(order('SELECT * FROM posts p WHERE p.author_id = $1 ORDER BY p.created_at DESC, p.id DESC LIMIT $2'), [['author_id'], ['created_at', 'id']]);
    // TypeORM's pagination of a soft-deleted entity: no equality column, the order is the index.
    assert.deepEqual(order('SELECT "Post"."id" AS "Post_id" FROM "posts" "Post" WHERE ( "Post"."deleted_at" IS NULL ) ORDER BY "Post"."created_at" DESC LIMIT $1'), [[], ['created_at']]);
    // An equality column in the ORDER BY is constant: left out.
    assert.deepEqual(order('SELECT * FROM posts WHERE author_id = $1 ORDER BY author_id, created_at LIMIT $2'), [['author_id'], ['created_at']]);
    for (const sql of [
      'SELECT * FROM posts WHERE author_id = $1 ORDER BY created_at',
      'SELECT * FROM posts WHERE author_id = $1 ORDER BY created_at DESC, id ASC LIMIT $2',
      'SELECT * FROM posts WHERE author_id = $1 ORDER BY created_at NULLS FIRST LIMIT $2',
      'SELECT * FROM posts WHERE author_id = $1 ORDER BY lower(title) LIMIT $2',
      'SELECT * FROM posts WHERE author_id = $1 AND created_at > $2 ORDER BY id LIMIT $3',
    ]) {
      assert.deepEqual(statementFilter(sql)?.orderBy, [], sql);
    }
  });

  it('reads the WHERE of a one-table UPDATE or DELETE as of a SELECT (an index serves finding the rows they change)', () => {
    assert.deepEqual(statementFilter('UPDATE "sessions" SET "last_seen" = $1 WHERE "token" = $2'), { table: 'sessions', columns: ['token'], orderBy: [], nullTests: [], contains: [], textSearch: [] });
    assert.deepEqual(statementFilter('DELETE FROM app.sessions s WHERE s.user_id = $1 AND s.expires_at < $2'), { schema: 'app', table: 'sessions', columns: ['user_id', 'expires_at'], orderBy: [], nullTests: [], contains: [], textSearch: [] });
  });

  it("reads TypeORM's own SQL: quoted alias, nested parentheses, In() as IN (...) or = ANY($n), the soft-delete test", () => {
    // What repository.find({ where: { customerId, status: In([...]) } }) sends for an entity with @DeleteDateColumn.
    const find = `SELECT "Order"."id" AS "Order_id", "Order"."customer_id" AS "Order_customer_id" FROM "public"."orders" "Order" WHERE ( (("Order"."customer_id" = $1) AND ("Order"."status" IN ($2, $3))) ) AND ( "Order"."deleted_at" IS NULL ) LIMIT $4`;
    assert.deepEqual(statementFilter(find), { schema: 'public', table: 'orders', columns: ['customer_id', 'status'], orderBy: [], nullTests: [{ column: 'deleted_at', isNull: true }], contains: [], textSearch: [] });
    assert.deepEqual(statementFilter('SELECT * FROM orders WHERE status = ANY($1) AND created_at > $2')?.columns, ['status', 'created_at']);
    // Not equality to some values: no candidate.
    for (const sql of ['SELECT * FROM orders WHERE status NOT IN ($1, $2)', 'SELECT * FROM orders WHERE amount > ANY($1)', 'SELECT * FROM orders WHERE status = ANY(ARRAY[lower($1)])']) {
      assert.equal(statementFilter(sql), undefined, sql);
    }
  });

  it('gives no full-text candidate an expression index cannot serve', () => {
    for (const sql of [
      // One argument: the configuration is a setting, and PostgreSQL refuses to index a non-immutable expression.
      'SELECT * FROM posts WHERE to_tsvector(title) @@ to_tsquery($1)',
      "SELECT * FROM posts WHERE to_tsvector('english', title || body) @@ to_tsquery($1)",
      'SELECT * FROM posts WHERE to_tsvector($1, title) @@ to_tsquery(lower(other))',
      'SELECT * FROM posts WHERE to_tsvector($1, title) @@ to_tsquery($2) OR id = $3',
      'SELECT * FROM posts WHERE ts_rank(search, $1) @@ $2',
    ]) {
      assert.equal(statementFilter(sql), undefined, sql);
    }
  });

  it('gives nothing for what an index on plain columns would not be recommended from', () => {
    for (const sql of ['SELECT * FROM a JOIN b ON a.x = b.y WHERE a.z = $1', 'SELECT * FROM t WHERE a = $1 OR b = $2', 'SELECT * FROM t WHERE lower(a) = $1', 'SELECT * FROM t WHERE a > $1 AND b < $2', 'UPDATE t SET a = $1 FROM u WHERE t.b = u.c', 'DELETE FROM t USING u WHERE t.b = u.c', 'UPDATE t SET a = $1', 'INSERT INTO t (a) VALUES ($1)', 'SELECT * FROM t', 'not sql']) {
      assert.equal(statementFilter(sql), undefined, sql);
    }
  });
});
