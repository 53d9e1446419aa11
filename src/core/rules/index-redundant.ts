// SL302: an index that another index (or the primary key / a unique constraint) already makes
// useless: same method and predicate, and its keys are a leading prefix of the other's. Each one
// costs write time and disk. Never the only index covering a foreign key: the longer index whose
// prefix it is covers that key as well, so dropping it keeps the key covered.
import type { Spelling } from '../dialect';
import { accessPaths, sameExpression, sameIndex, sameIndexKey } from '../diff/compare';
import type { Index, Table } from '../model/schema';
import { qualifiedKey } from '../model/schema';
import type { Fix } from './finding';
import { tableLabel } from './labels';
import { defineRule } from './rule';
import { migrationName } from './migration-name';

function describeKeys(index: Index): string {
  return `(${index.keys.map((key) => (key.kind === 'column' ? key.name : key.expression)).join(', ')})`;
}

function describeIndex(index: Index): string {
  return `${index.name ? `${index.name} ` : ''}${describeKeys(index)}`;
}

/** Whether `other` makes `index` redundant. `order` breaks ties between exact duplicates. */
function makesRedundant(index: Index, other: Index, indexFirst: boolean, spelling: Spelling): boolean {
  if (other === index || other.valid === false) return false;
  if ((index.method || 'btree') !== (other.method || 'btree') || !sameExpression(index.where, other.where, spelling)) return false;
  if (sameIndex({ ...index, name: undefined }, { ...other, name: undefined }, spelling)) return !indexFirst; // keep the first of two duplicates
  // Only btree keys serve lookups by a leading prefix.
  if ((index.method || 'btree') !== 'btree' || index.keys.length > other.keys.length) return false;
  if (!index.keys.every((key, i) => sameIndexKey(key, other.keys[i]!, spelling))) return false;
  // A unique index enforces something its longer sibling does not; a unique twin of the same keys does.
  return !index.unique || (other.unique && other.keys.length === index.keys.length);
}

export function redundantIndexes(table: Table, spelling: Spelling): { index: Index; coveredBy: Index }[] {
  const paths = accessPaths(table);
  const result: { index: Index; coveredBy: Index }[] = [];
  table.indexes.forEach((index, position) => {
    if (index.valid === false) return;
    const coveredBy = paths.find((other) => {
      const otherPosition = table.indexes.indexOf(other);
      // Constraint-backed paths (position -1) always win over a plain duplicate.
      return makesRedundant(index, other, otherPosition >= 0 && position < otherPosition, spelling);
    });
    if (coveredBy) result.push({ index, coveredBy });
  });
  return result;
}

export const indexRedundant = defineRule('SL302', 'index', 'warning', 'Duplicate or redundant index',
  'An index whose keys are a leading prefix of another index (same method and predicate) serves no lookup the other cannot; it only slows writes and takes space.', (context, emit) => {
  const { createIndexSql, dropIndexSql } = context.dialect.ddl;
  const spelling = context.dialect.spelling;
  const model = context.actual ?? context.intended;
  const intendedTables = new Map(context.intended.tables.map((table) => [qualifiedKey(table), table]));
  for (const table of model.tables) {
    const entityTable = context.actual ? intendedTables.get(qualifiedKey(table)) : table;
    for (const { index, coveredBy } of redundantIndexes(table, spelling)) {
      const declared = entityTable?.indexes.find((candidate) => sameIndex({ ...candidate, name: undefined }, { ...index, name: undefined }, spelling));
      // TypeORM itself declares the indexes of junction and closure tables (tables with no entity
      // class); it would recreate a dropped one on the next migration:generate, so stay quiet.
      if (declared && entityTable && !entityTable.entity) continue;
      // Whether the entity declares it (or TypeORM makes it) is not known: no advice to drop it.
      if (entityTable?.unknown?.constraints?.length) continue;
      const fixes: Fix[] =
        context.actual && index.name
          ? [
              {
                kind: 'migration',
                title: `Drop the redundant index ${index.name}`,
                name: migrationName('Drop', table.name, 'Redundant', 'Index'),
                up: [dropIndexSql(table.schema, index.name)],
                down: [createIndexSql(table, index, index.name)],
              },
            ]
          : [];
      const declaredHint = declared ? ' Remove its @Index declaration too.' : '';
      emit({
        message: `Index ${describeIndex(index)} on ${tableLabel(table)} is redundant: ${describeIndex(coveredBy)} already serves every lookup it can, so it only slows writes and takes space.${declaredHint}`,
        schema: table.schema,
        table: table.name,
        column: index.keys.length === 1 && index.keys[0]!.kind === 'column' ? index.keys[0]!.name : undefined,
        constraint: index.name,
        span: declared?.span ?? entityTable?.span,
        fixes,
      });
    }
  }
});
