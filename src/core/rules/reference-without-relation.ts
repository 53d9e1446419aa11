// SL203: a column named like a reference (`userId`, `user_id`) whose type matches the primary key
// of a table with that name, but with no relation and no foreign key. Orphans accumulate silently.
import type { Column, ForeignKey, SchemaModel, Table } from '../model/schema';
import { qualifiedKey, unknownFact } from '../model/schema';
import { columnLabel, entityLabel, tableLabel } from './labels';
import { defineRule } from './rule';
import { typeormName } from '../model/names';
import { migrationName } from './migration-name';

const REFERENCE_NAME = /^(.+?)(?:Id|_id|ID)$/;

function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Table names a `<base>Id` column could mean: the base as written, snake_cased, and simple plurals. */
function candidateTableNames(base: string): string[] {
  const names = new Set<string>();
  for (const stem of [base, snake(base), base.toLowerCase()]) {
    names.add(stem);
    names.add(`${stem}s`);
    names.add(`${stem}es`);
    if (stem.endsWith('y')) names.add(`${stem.slice(0, -1)}ies`);
  }
  return [...names];
}

function usedByForeignKey(keys: readonly ForeignKey[] | undefined, column: string): boolean {
  return (keys ?? []).some((key) => key.columns.includes(column));
}

function referencedTable(tableNamed: (key: string) => Table | undefined, schema: string, column: Column): Table | undefined {
  const base = REFERENCE_NAME.exec(column.name)?.[1];
  if (!base) return undefined;
  for (const name of candidateTableNames(base)) {
    const table = tableNamed(qualifiedKey({ schema, name }));
    const key = table?.primaryKey?.columns;
    if (!table || key?.length !== 1) continue;
    const target = table.columns.find((candidate) => candidate.name === key[0]);
    if (target && target.type === column.type) return table;
  }
  return undefined;
}

/** Every table of both models by qualified key; the entity's wins when both have one. */
function tableIndex(intended: SchemaModel, actual: SchemaModel | undefined): (key: string) => Table | undefined {
  const byName = new Map<string, Table>();
  for (const model of [actual, intended]) {
    for (const table of model?.tables ?? []) byName.set(qualifiedKey(table), table);
  }
  return (key) => byName.get(key);
}

export const referenceWithoutRelation = defineRule('SL203', 'integrity', 'warning', 'Column looks like a reference but has no foreign key',
  'A column that holds another table\'s key with no foreign key lets orphans accumulate silently and hides the relationship from TypeORM.', (context, emit) => {
  const { addForeignKeySql, dropConstraintSql } = context.dialect.ddl;
  const tableNamed = context.tableNamed ?? tableIndex(context.intended, context.actual);
  const actualTables = new Map((context.actual?.tables ?? []).map((table) => [qualifiedKey(table), table]));
  for (const table of context.intended.tables) {
    // A relation or foreign key the reader could not read may be the one this column belongs to.
    if (table.unknown?.constraints?.length || table.unknown?.columns?.length) continue;
    const actual = actualTables.get(qualifiedKey(table));
    for (const column of table.columns) {
      if (unknownFact(column, 'type')) continue;
      if (usedByForeignKey(table.foreignKeys, column.name) || usedByForeignKey(actual?.foreignKeys, column.name)) continue;
      if (table.primaryKey?.columns.length === 1 && table.primaryKey.columns[0] === column.name) continue;
      // A join column of a relation declared with `createForeignKeyConstraints: false` has no key on
      // purpose; the reader names its property after the relation (`coupon`), not the column.
      if (column.property !== undefined && !REFERENCE_NAME.test(column.property.split('.').pop()!)) continue;
      const target = referencedTable(tableNamed, table.schema, column);
      if (!target || qualifiedKey(target) === qualifiedKey(table)) continue;
      const targetColumn = target.primaryKey!.columns[0]!;
      const key: ForeignKey = {
        columns: [column.name],
        referencedTable: { schema: target.schema, name: target.name },
        referencedColumns: [targetColumn],
        onDelete: 'NO ACTION',
        onUpdate: 'NO ACTION',
      };
      const name = typeormName('FK', table.name, key.columns);
      emit({
        message: `Column ${columnLabel(table, column.name)}${entityLabel(table, column)} looks like a reference to ${tableLabel(target)}.${targetColumn} but has no relation and no foreign key: nothing stops it pointing at rows that do not exist. Declare a @ManyToOne relation (or suppress this if it is intentional).`,
        schema: table.schema,
        table: table.name,
        column: column.name,
        span: column.span ?? table.span,
        fixes: [
          {
            kind: 'migration',
            title: `Add foreign key ${tableLabel(table)}(${column.name}) -> ${tableLabel(target)}(${targetColumn})`,
            name: migrationName('Add', table.name, column.name, 'ForeignKey'),
            up: [addForeignKeySql(table, key, name)],
            down: [dropConstraintSql(table, name)],
          },
        ],
      });
    }
  }
});
