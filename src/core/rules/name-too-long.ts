// SL112: a table or column name longer than the database keeps (PostgreSQL: 63 bytes). PostgreSQL
// cuts it silently, in CREATE and in every later statement, so migrations still apply and revert; but
// TypeORM looks the table or column up by its full name and never finds it: its migration:generate
// proposes to create it again (which then fails), and the comparison reports it missing.
import { tableLabel } from './labels';
import { defineRule } from './rule';

export const nameTooLong = defineRule('SL112', 'drift', 'error', 'Name longer than the database keeps',
  'The database truncates the name silently; TypeORM looks for the full name and never finds the table or column, so it keeps proposing to create it again.', (context, emit) => {
  const stored = (name: string): string => context.dialect.spelling.storedIdentifier(name);
  const bytes = (name: string): number => Buffer.byteLength(name);
  for (const table of context.intended.tables) {
    if (stored(table.name) !== table.name) {
      emit({
        message: `Table name ${table.name} is ${bytes(table.name)} bytes; the database keeps only its first ${bytes(stored(table.name))} (${stored(table.name)}). TypeORM looks the table up by the full name and never finds it, so its migration:generate keeps proposing to create it (and the comparison reports it missing).`,
        schema: table.schema,
        table: table.name,
        span: table.span,
      });
    }
    for (const column of table.columns) {
      if (stored(column.name) === column.name) continue;
      emit({
        message: `Column name ${column.name} of ${tableLabel(table)} is ${bytes(column.name)} bytes; the database keeps only its first ${bytes(stored(column.name))} (${stored(column.name)}). TypeORM looks the column up by the full name and never finds it, so its migration:generate keeps proposing to add it (and the comparison reports it missing).`,
        schema: table.schema,
        table: table.name,
        column: column.name,
        span: column.span ?? table.span,
      });
    }
  }
});
