// Whether two spellings are one expression, decided by PostgreSQL itself: each is parsed as the
// select list of a query on its table and printed back by EXPLAIN VERBOSE, which plans and runs
// nothing; the same print is the same expression. For stored generated columns that TypeORM has no
// record of, whose entity text the catalog keeps rewritten (TRIM(BOTH FROM …), "left"(…), casts).
import type pg from 'pg';
import type { ExpressionQuestion } from '../../dialect';
import { quoteIdentifier } from '../spelling/identifiers';
import { toDatabaseError } from './errors';
import { connectionOf, transactionScope } from './transaction';

const SAVEPOINT = 'schema_lens_expression';

/** Throws DatabaseError when the connection fails; a spelling PostgreSQL cannot parse answers false. */
export async function sameExpressions(client: pg.ClientBase, questions: readonly ExpressionQuestion[]): Promise<boolean[]> {
  if (questions.length === 0) return [];
  const scope = transactionScope(client);
  try {
    await client.query(scope.begin);
    const answers: boolean[] = [];
    for (const { schema, table, expressions } of questions) {
      const from = `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`;
      const [a, b] = [await printed(client, from, expressions[0]), await printed(client, from, expressions[1])];
      answers.push(a !== undefined && a === b);
    }
    await client.query(scope.end);
    return answers;
  } catch (error) {
    await client.query(scope.abort).catch(() => {});
    throw toDatabaseError(error, 'comparing expressions in', connectionOf(client));
  }
}

/** The expression as PostgreSQL prints it once parsed; undefined when it does not parse. */
async function printed(client: pg.ClientBase, from: string, expression: string): Promise<string | undefined> {
  await client.query(`SAVEPOINT ${SAVEPOINT}`);
  try {
    // The extended protocol takes one statement only: the text cannot smuggle in a second one.
    // (pg 8.23 has queryMode; its type definitions do not yet.)
    const query = { text: `EXPLAIN (VERBOSE, COSTS OFF) SELECT ${expression} FROM ${from}`, queryMode: 'extended' } as pg.QueryConfig;
    const plan = await client.query<{ 'QUERY PLAN': string }>(query);
    await client.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
    const output = plan.rows.map((row) => row['QUERY PLAN'].trim()).find((line) => line.startsWith('Output:'));
    return output?.slice('Output:'.length).trim();
  } catch (error) {
    if (!isStatementError(error)) throw error;
    await client.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
    return undefined;
  }
}

/** An error of the statement (a SQLSTATE from the server), not of the connection. */
function isStatementError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !code.startsWith('08') && !code.startsWith('57');
}
