// SL303: an index the entity declares (@Index) does not exist in the database.
import { actualLabel, tableLabel } from './labels';
import { changeRule } from './rule';
import { indexName } from '../model/names';
import { createIndexFix } from './index-build';
import { migrationName } from './migration-name';

export const indexMissing = changeRule('SL303', 'index', 'warning', 'Declared index missing in the database',
  'Queries that the @Index was written for fall back to sequential scans, and a unique index\'s guarantee is missing.', 'index-missing', (change, context) => {
  const table = change.table.actual;
  const index = change.intended;
  const name = indexName(change.table.intended, index);
  const keys = index.keys.map((key) => (key.kind === 'column' ? key.name : key.expression)).join(', ');
  return {
    message: `${index.unique ? 'Unique index' : 'Index'} on ${tableLabel(table)}(${keys})${index.where ? ` WHERE ${index.where}` : ''} is declared on the entity but does not exist in ${actualLabel(context)}.`,
    schema: table.schema,
    table: table.name,
    column: index.keys.length === 1 && index.keys[0]!.kind === 'column' ? index.keys[0]!.name : undefined,
    constraint: name,
    span: change.span,
    fixes: [createIndexFix(context, table, index, name, `Create index ${name}`, migrationName('Add', table.name, 'Index'))],
  };
});
