// The health queries' pure parts: the SQL each server version gets, and what is left of another
// session's query once its literals are gone.
import assert from 'node:assert/strict';
import { topStatementsSql } from '../../../src/core/dialect/postgres/catalog/health-queries';
import { withoutLiterals } from '../../../src/core/dialect/postgres/catalog/health';

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

  it('a backslash ends no standard string: what follows is still replaced', () => {
    assert.equal(withoutLiterals(`SELECT 'C:\\' , 'secret'`), 'SELECT ? , ?');
    assert.doesNotMatch(withoutLiterals(`SELECT 'a''b', "quoted""name"`), /a''b/);
  });
});
