// SL106: an enum type is missing, or its values differ from the entity's.
import type { EnumType } from '../model/schema';
import type { Fix } from './finding';
import { actualLabel, tableLabel } from './labels';
import { defineRule, type Rule } from './rule';
import { migrationName } from './migration-name';

function label(type: EnumType): string {
  return `${tableLabel(type)}`;
}

const enumValuesRule = defineRule('SL106', 'drift', 'error', 'Enum type missing or its values differ',
  'Saving a value the database enum does not know fails; values only the database knows come back as strings the entity type does not allow.', (context, emit) => {
  const { addEnumValueSql, createEnumSql, dropEnumSql, recreateEnumSql } = context.dialect.ddl;
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
            down: [dropEnumSql(type)],
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
        ? added.map((value) => addEnumValueSql(intended, value))
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
