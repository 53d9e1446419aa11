// SL106: an enum type is missing, or its values differ from the entity's.
import { createHash } from 'node:crypto';
import type { EnumType, QualifiedName, SchemaModel } from '../model/schema';
import { sameName } from '../diff/compare';
import type { Fix } from './finding';
import { actualLabel, tableLabel } from './labels';
import { defineRule, type Rule } from './rule';
import { alterColumnSql, ident, literal, migrationName, qualified } from './sql';

function createEnumSql(type: QualifiedName, values: readonly string[]): string {
  return `CREATE TYPE ${qualified(type)} AS ENUM (${values.map(literal).join(', ')})`;
}

/**
 * Replaces an enum type by one with `values`: PostgreSQL cannot remove or reorder enum values, so
 * the type is renamed, recreated, every column using it converted through text, and the old one dropped.
 */
function recreateEnumSql(type: QualifiedName, values: readonly string[], model: SchemaModel | undefined): string[] {
  const oldName = `sl_old_${createHash('sha1').update(type.name).digest('hex').slice(0, 12)}`;
  const statements = [`ALTER TYPE ${qualified(type)} RENAME TO ${ident(oldName)}`, createEnumSql(type, values)];
  for (const table of model?.tables ?? []) {
    for (const column of table.columns) {
      if (!column.enumType || !sameName(column.enumType, type)) continue;
      const array = column.type.endsWith('[]') ? '[]' : '';
      if (column.default !== undefined) statements.push(alterColumnSql(table, column.name, 'DROP DEFAULT'));
      statements.push(alterColumnSql(table, column.name, `TYPE ${qualified(type)}${array} USING ${ident(column.name)}::text${array}::${qualified(type)}${array}`));
      if (column.default !== undefined) statements.push(alterColumnSql(table, column.name, `SET DEFAULT ${column.default}`));
    }
  }
  statements.push(`DROP TYPE ${qualified({ schema: type.schema, name: oldName })}`);
  return statements;
}

function label(type: EnumType): string {
  return `${tableLabel(type)}`;
}

const enumValuesRule = defineRule('SL106', 'drift', 'error', 'Enum type missing or its values differ',
  'Saving a value the database enum does not know fails; values only the database knows come back as strings the entity type does not allow.', (context, emit) => {
  for (const change of context.changes) {
    if (change.kind === 'enum-missing') {
      const type = change.intended;
      emit({
        message: `Enum type ${label(type)} (${type.values.join(', ')}) does not exist in ${actualLabel(context)}.`,
        schema: type.schema,
        table: type.name,
        span: change.span,
        fixes: [
          {
            kind: 'migration',
            title: `Create enum type ${label(type)}`,
            name: migrationName('Create', type.name),
            up: [createEnumSql(type, type.values)],
            down: [`DROP TYPE ${qualified(type)}`],
          },
        ],
      });
    } else if (change.kind === 'enum-values') {
      const { intended, actual } = change;
      const added = intended.values.filter((value) => !actual.values.includes(value));
      const removed = actual.values.filter((value) => !intended.values.includes(value));
      const parts = [
        added.length ? `lacks ${added.map((value) => `'${value}'`).join(', ')}` : '',
        removed.length ? `has ${removed.map((value) => `'${value}'`).join(', ')} that the entity does not` : '',
      ].filter(Boolean);
      // Adding values is one statement each; anything else rebuilds the type (also for down: values cannot be dropped).
      const up = removed.length === 0
        ? added.map((value) => `ALTER TYPE ${qualified(intended)} ADD VALUE ${literal(value)}`)
        : recreateEnumSql(intended, intended.values, context.actual);
      const fix: Fix = {
        kind: 'migration',
        title: `Make enum ${label(intended)} match the entity`,
        name: migrationName('Alter', intended.name),
        up,
        down: recreateEnumSql(actual, actual.values, context.actual),
      };
      emit({
        message: `Enum type ${label(actual)} in ${actualLabel(context)} ${parts.join(' and ')}.`,
        schema: actual.schema,
        table: actual.name,
        span: change.span,
        fixes: [fix],
      });
    }
  }
});

/** Enum changes are not about one table, and the rebuild fix converts every column of the type. */
export const enumValues: Rule = { ...enumValuesRule, scope: 'model' };
