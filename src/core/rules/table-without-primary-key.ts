// SL501: a table with no primary key. Rows cannot be addressed reliably, logical replication
// cannot UPDATE/DELETE them, and TypeORM cannot save such an entity.
import { qualifiedKey } from '../model/schema';
import { actualLabel, tableLabel } from './labels';
import { defineRule } from './rule';

export const tableWithoutPrimaryKey = defineRule('SL501', 'health', 'warning', 'Table without a primary key',
  'Rows of a table without a primary key cannot be identified reliably; logical replication cannot replicate their updates or deletes, and TypeORM cannot save such an entity.', (context, emit) => {
  const intended = new Map(context.intended.tables.map((table) => [qualifiedKey(table), table]));
  // With a database, its tables; a table whose entity declares a key is SL107's finding instead.
  const tables = context.actual ? context.actual.tables.filter((table) => !intended.get(qualifiedKey(table))?.primaryKey) : context.intended.tables;
  for (const table of tables) {
    if (table.primaryKey || table.unknown?.primaryKey) continue;
    const where = context.actual ? ` in ${actualLabel(context)}` : '';
    emit({
      message: `Table ${tableLabel(table)} has no primary key${where}: rows cannot be identified reliably, and logical replication cannot replicate their updates or deletes.`,
      schema: table.schema,
      table: table.name,
      span: intended.get(qualifiedKey(table))?.span,
    });
  }
});
