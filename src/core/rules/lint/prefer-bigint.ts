import type { ColumnDefinition, SqlOperation } from '../../dialect';
import type { QualifiedName } from '../../model/schema';
import { defineLintRule, tableLabel } from './lint-rule';

/** The columns an operation defines or retypes, with their table. */
export function definedColumns(operation: SqlOperation): Array<{ table: QualifiedName; column: Pick<ColumnDefinition, 'name' | 'type' | 'family' | 'serial'> }> {
  if (operation.kind === 'create-table') return operation.columns.map((column) => ({ table: operation.table, column }));
  if (operation.kind === 'add-column') return [{ table: operation.table, column: operation.column }];
  if (operation.kind === 'alter-column-type') return [{ table: operation.table, column: { name: operation.column, type: operation.type, family: operation.family, serial: false } }];
  return [];
}

export const preferBigint = defineLintRule(
  'SL617',
  'info',
  'integer or smallint where bigint belongs',
  'A 32-bit (or 16-bit) integer key or counter runs out (2,147,483,647) and widening it later rewrites the table under an ACCESS EXCLUSIVE lock. bigint costs four more bytes a row.',
  false,
  (operation) =>
    definedColumns(operation)
      .filter(({ column }) => column.family === 'int32' || column.family === 'int16')
      .map(({ table, column }) => ({
        table,
        column: column.name,
        message: `${tableLabel(table)}."${column.name}" is ${column.type} (${column.family === 'int16' ? 'at most 32,767' : 'at most 2,147,483,647'}); changing it later rewrites the table under an ACCESS EXCLUSIVE lock. Prefer bigint${column.serial ? ' (bigserial, or better an identity column)' : ''}.`,
      })),
);
