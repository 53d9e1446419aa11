// SL104: a column is NULL-able on one side and NOT NULL on the other.
import { actualLabel, columnLabel, entityLabel } from './labels';
import { changeRule } from './rule';
import { migrationName } from './migration-name';

export const columnNullable = changeRule('SL104', 'drift', 'error', 'Column nullability differs',
  'If the database allows NULL where the entity does not, the application reads values it does not expect; if it forbids NULL where the entity allows it, saves fail.', 'column-nullable', (change, context) => {
  const table = change.table.actual;
  const { intended, actual } = change;
  const says = (nullable: boolean): string => (nullable ? 'allows NULL' : 'is NOT NULL');
  const consequence = intended.nullable
    ? 'saving an entity with this property unset fails'
    : 'rows with NULL can exist that the entity type does not expect';
  const { setNullableSql } = context.dialect.ddl;
  return {
    message: `Column ${columnLabel(table, actual.name)}${entityLabel(change.table.intended, intended)} ${says(actual.nullable)} in ${actualLabel(context)}, but the entity says it ${says(intended.nullable)}: ${consequence}.`,
    schema: table.schema,
    table: table.name,
    column: actual.name,
    span: change.span,
    fixes: [
      {
        kind: 'migration',
        title: `Make ${columnLabel(table, actual.name)} ${intended.nullable ? 'nullable' : 'NOT NULL'}`,
        name: migrationName(intended.nullable ? 'Drop' : 'Set', table.name, actual.name, 'NotNull'),
        up: [setNullableSql(table, actual.name, intended.nullable)],
        down: [setNullableSql(table, actual.name, actual.nullable)],
      },
    ],
  };
});
