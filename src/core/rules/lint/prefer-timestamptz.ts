import { defineLintRule, tableLabel } from './lint-rule';
import { definedColumns } from './prefer-bigint';

export const preferTimestamptz = defineLintRule(
  'SL620',
  'info',
  'timestamp without time zone',
  'timestamp without time zone stores a wall-clock reading with no zone: values shift when servers or sessions use different time zones. timestamptz stores an instant (TypeORM: type "timestamptz").',
  false,
  (operation) =>
    definedColumns(operation)
      .filter(({ column }) => column.family === 'timestamp')
      .map(({ table, column }) => ({
        table,
        column: column.name,
        message: `${tableLabel(table)}."${column.name}" is timestamp without time zone: its values mean different instants in different session time zones. Prefer timestamptz (TypeORM: type: 'timestamptz').`,
      })),
);
