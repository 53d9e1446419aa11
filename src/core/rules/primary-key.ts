// SL107: the primary key's columns differ (or one side has none).
import type { PrimaryKey } from '../model/schema';
import { typeormName } from '../model/names';
import { actualLabel, describeColumns, entityLabel, tableLabel } from './labels';
import { changeRule } from './rule';
import { migrationName } from './migration-name';

function describe(key: PrimaryKey | undefined): string {
  return key ? `(${describeColumns(key.columns)})` : 'none';
}

export const primaryKey = changeRule('SL107', 'drift', 'error', 'Primary key differs',
  'Lookups, updates and relations address rows by the primary key; when the two sides disagree, TypeORM updates or deletes the wrong rows or none.', 'primary-key', (change, context) => {
  const { addPrimaryKeySql, dropConstraintSql } = context.dialect.ddl;
  const table = change.table.actual;
  const { intended, actual } = change;
  const intendedName = intended && (intended.name ?? typeormName('PK', table.name, intended.columns));
  const up: string[] = [];
  const down: string[] = [];
  if (actual?.name) up.push(dropConstraintSql(table, actual.name));
  if (intended && intendedName) up.push(addPrimaryKeySql(table, intended, intendedName));
  if (intended && intendedName) down.push(dropConstraintSql(table, intendedName));
  if (actual?.name) down.push(addPrimaryKeySql(table, actual, actual.name));
  return {
    message: `Primary key of ${tableLabel(table)}${entityLabel(change.table.intended)} is ${describe(actual)} in ${actualLabel(context)}, but the entity says ${describe(intended)}.`,
    schema: table.schema,
    table: table.name,
    constraint: actual?.name ?? intendedName,
    span: change.span,
    fixes: up.length ? [{ kind: 'migration', title: `Make the primary key of ${tableLabel(table)} ${describe(intended)}`, name: migrationName('Alter', table.name, 'PrimaryKey'), up, down }] : [],
  };
});
