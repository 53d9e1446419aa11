import type { ColumnDefinition } from '../../dialect';
import { defineLintRule, tableLabel } from './lint-rule';

function whatFillsRows(column: ColumnDefinition): string | undefined {
  if (column.generated) return 'a stored generated value';
  if (column.serial) return `a sequence (${column.type})`;
  if (column.identity) return 'an identity sequence';
  if (column.default?.volatile) return `DEFAULT ${column.default.text}, which is volatile`;
  return undefined;
}

export const volatileDefault = defineLintRule(
  'SL602',
  'warning',
  'New column with a volatile default rewrites the table',
  'A column added with a volatile default (gen_random_uuid(), a sequence, a stored generated value) is filled row by row: the whole table is rewritten under an ACCESS EXCLUSIVE lock. Add it without the default (or with a constant one), then set the default and backfill in batches.',
  true,
  (operation) => {
    if (operation.kind !== 'add-column') return undefined;
    const fills = whatFillsRows(operation.column);
    if (!fills) return undefined;
    const where = `${tableLabel(operation.table)}."${operation.column.name}"`;
    return {
      table: operation.table,
      column: operation.column.name,
      message: `Adding ${where} with ${fills} rewrites every row of ${tableLabel(operation.table)} while holding an ACCESS EXCLUSIVE lock (no reads, no writes). Safe: add the column without it (or with a constant default, which PostgreSQL 11+ adds without a rewrite), SET DEFAULT for new rows, then backfill existing rows in batches.`,
    };
  },
);
