// SL103: a column's type differs. The fix converts in place (ALTER COLUMN ... TYPE ... USING),
// never DROP + ADD as `migration:generate` does, which loses the column's data.
import { unknownFact } from '../model/schema';
import { actualLabel, columnLabel, entityLabel } from './labels';
import { changeRule } from './rule';
import { migrationName } from './migration-name';

export const columnType = changeRule('SL103', 'drift', 'error', 'Column type differs',
  'Values may be truncated, rejected or compared wrongly; TypeORM\'s own migration:generate would DROP and re-ADD the column, losing its data. Convert it in place with ALTER COLUMN ... TYPE ... USING.', 'column-type', (change, context) => {
  const { changeTypeSql } = context.dialect.ddl;
  const table = change.table.actual;
  const { intended, actual } = change;
  const located = `Column ${columnLabel(table, actual.name)}${entityLabel(change.table.intended, intended)} is ${actual.type} in ${actualLabel(context)}`;
  const listed = unknownFact(intended, 'type');
  if (listed?.oneOf) {
    // The entity picks its type at run time (the diff found none of the types it may pick): which
    // one to convert to is the user's to say, so there is no fix to offer.
    return {
      message: `${located}, but the entity says one of ${listed.oneOf.join(', ')} (${listed.reason}).`,
      schema: table.schema,
      table: table.name,
      column: actual.name,
      span: change.span,
    };
  }
  return {
    message: `${located}, but the entity says ${intended.type}.`,
    schema: table.schema,
    table: table.name,
    column: actual.name,
    span: change.span,
    fixes: [
      {
        kind: 'migration',
        title: `Change ${columnLabel(table, actual.name)} to ${intended.type} (keeps the data)`,
        name: migrationName('Alter', table.name, actual.name, 'Type'),
        up: changeTypeSql(table, actual, { ...intended, name: actual.name }),
        down: changeTypeSql(table, { ...intended, name: actual.name }, actual),
      },
    ],
  };
});
