// SL105: a column's default (or how it is generated) differs.
import type { Column } from '../model/schema';
import type { Fix } from './finding';
import { actualLabel, columnLabel, entityLabel } from './labels';
import { changeRule } from './rule';
import { migrationName } from './migration-name';

function describeValueSource(column: Column): string {
  const generated = column.generated;
  if (generated?.kind === 'increment') return 'is filled from a sequence (serial)';
  if (generated?.kind === 'identity') return `is an identity column (GENERATED ${generated.always ? 'ALWAYS' : 'BY DEFAULT'})`;
  if (generated?.kind === 'stored') return `is generated as (${generated.expression})`;
  return column.default === undefined ? 'has no default' : `defaults to ${column.default}`;
}

export const columnDefault = changeRule('SL105', 'drift', 'warning', 'Column default differs',
  'Rows inserted outside the entity (SQL, other services) get a different value than the application assumes.', 'column-default', (change, context) => {
  const table = change.table.actual;
  const { intended, actual } = change;
  const { setDefaultSql } = context.dialect.ddl;
  // Only plain defaults have a one-statement fix; switching between sequences, identity and generated
  // expressions needs a hand-written migration.
  const fixes: Fix[] =
    intended.generated || actual.generated
      ? []
      : [
          {
            kind: 'migration',
            title: `Set the default of ${columnLabel(table, actual.name)} to match the entity`,
            name: migrationName('Alter', table.name, actual.name, 'Default'),
            up: [setDefaultSql(table, actual.name, intended.default)],
            down: [setDefaultSql(table, actual.name, actual.default)],
          },
        ];
  return {
    message: `Column ${columnLabel(table, actual.name)}${entityLabel(change.table.intended, intended)} ${describeValueSource(actual)} in ${actualLabel(context)}, but the entity says it ${describeValueSource(intended)}.`,
    schema: table.schema,
    table: table.name,
    column: actual.name,
    span: change.span,
    fixes,
  };
});
