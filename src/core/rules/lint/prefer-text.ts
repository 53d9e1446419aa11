import { defineLintRule, tableLabel } from './lint-rule';
import { definedColumns } from './prefer-bigint';

export const preferText = defineLintRule(
  'SL619',
  'info',
  'varchar(n) where text belongs',
  'In PostgreSQL varchar(n) is text with a length check; raising the limit later can mean an ACCESS EXCLUSIVE lock. Use text, with a CHECK (char_length(x) <= n) constraint (added NOT VALID) where a limit matters.',
  false,
  (operation) =>
    definedColumns(operation)
      .filter(({ column }) => column.family === 'bounded-text')
      .map(({ table, column }) => ({
        table,
        column: column.name,
        message: `${tableLabel(table)}."${column.name}" is ${column.type}: changing its limit later may take an ACCESS EXCLUSIVE lock. Prefer text, with a CHECK (char_length("${column.name}") <= n) constraint where the limit matters.`,
      })),
);
