// A stored generated column whose entity expression differs in text from the database's. PostgreSQL
// keeps the expression rewritten (TRIM(BOTH FROM …), "left"(…), casts), and TypeORM compares the text
// it recorded in typeorm_metadata instead; where there is no such record (the database was not made
// by TypeORM, or its dump left the rows out), only the database can say whether the two spellings
// are one expression. The caller asks it (Catalog.sameExpressions); the spellings it confirms join
// the column's `sameAs`, so the diff compares with them.
import type { ExpressionQuestion, Spelling } from '../dialect';
import type { Column, SchemaModel, Table } from '../model/schema';
import { qualifiedKey } from '../model/schema';
import { sameGeneratedExpression } from './compare';

interface Pending {
  question: ExpressionQuestion;
  table: Table;
  column: Column;
}

/** The actual model, with the entity spellings of generated expressions the database confirmed as its own. */
export async function confirmGeneratedExpressions(
  intended: SchemaModel,
  actual: SchemaModel,
  spelling: Spelling,
  ask: (questions: ExpressionQuestion[]) => Promise<boolean[]>,
): Promise<SchemaModel> {
  const pending = unconfirmed(intended, actual, spelling);
  if (pending.length === 0) return actual;
  const answers = await ask(pending.map((item) => item.question));
  const confirmed = new Map<Column, string>();
  pending.forEach((item, i) => answers[i] && confirmed.set(item.column, item.question.expressions[0]));
  if (confirmed.size === 0) return actual;
  const withConfirmed = (column: Column): Column => {
    const entity = confirmed.get(column);
    if (entity === undefined || column.generated?.kind !== 'stored') return column;
    return { ...column, generated: { ...column.generated, sameAs: [...(column.generated.sameAs ?? []), entity] } };
  };
  const tables = new Set(pending.filter((item) => confirmed.has(item.column)).map((item) => item.table));
  return { ...actual, tables: actual.tables.map((table) => (tables.has(table) ? { ...table, columns: table.columns.map(withConfirmed) } : table)) };
}

/** Pairs of stored generated columns whose expressions no spelling known so far makes the same. */
function unconfirmed(intended: SchemaModel, actual: SchemaModel, spelling: Spelling): Pending[] {
  const pending: Pending[] = [];
  let actualTables: Map<string, Table> | undefined;
  for (const table of intended.tables) {
    for (const column of table.columns) {
      const mine = column.generated;
      if (mine?.kind !== 'stored' || column.certainty?.default) continue;
      actualTables ??= new Map(actual.tables.map((candidate) => [qualifiedKey(candidate), candidate]));
      const theirTable = actualTables.get(qualifiedKey(table));
      const theirs = theirTable?.columns.find((candidate) => candidate.name === column.name);
      const generated = theirs?.generated;
      if (!theirTable || !theirs || generated?.kind !== 'stored') continue;
      if (sameGeneratedExpression(mine.expression, generated, spelling)) continue;
      pending.push({ question: { schema: theirTable.schema, table: theirTable.name, expressions: [mine.expression, generated.expression] }, table: theirTable, column: theirs });
    }
  }
  return pending;
}
