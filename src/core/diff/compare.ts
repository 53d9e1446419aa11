// Structural identity of schema objects: the keys two models are matched on. Names never take
// part (TypeORM's generated `FK_<sha1>` and hand-written names must not create drift by themselves).
// Types and expressions compare in the database's spelling, which the caller passes (the dialect's).
import type { CheckConstraint, ForeignKey, Index, IndexKey, PrimaryKey, QualifiedName, Table, UniqueConstraint } from '../model/schema';
import type { Spelling } from '../dialect';

/** Expressions (checks, predicates, index expressions, defaults) compared as PostgreSQL prints them. */
export function sameExpression(a: string | undefined, b: string | undefined, spelling: Spelling): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a === b || spelling.normaliseExpression(a) === spelling.normaliseExpression(b);
}

/** An entity's generated expression against the database's, or a spelling of it known to be the same (TypeORM's record, a confirmed one). */
export function sameGeneratedExpression(expression: string, actual: { expression: string; sameAs?: string[] }, spelling: Spelling): boolean {
  return sameExpression(expression, actual.expression, spelling) || (actual.sameAs ?? []).some((spelt) => sameExpression(expression, spelt, spelling));
}

/** Types are canonical from both readers already; canonicalType() once more costs nothing and forgives a stray alias. */
export function sameType(a: string, b: string, spelling: Spelling): boolean {
  return a === b || spelling.canonicalType(a) === spelling.canonicalType(b);
}

export function sameName(a: QualifiedName, b: QualifiedName): boolean {
  return a.schema === b.schema && a.name === b.name;
}

/** Column sets compare without order: PostgreSQL enforces uniqueness and keys the same either way. */
export function sameColumnSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((column) => set.has(column));
}

/** (table, columns) -> (table, columns) as column pairs, so declaration order does not matter. */
export function sameForeignKeyTarget(a: ForeignKey, b: ForeignKey): boolean {
  if (a.columns.length !== b.columns.length || !sameName(a.referencedTable, b.referencedTable)) return false;
  const pairs = (fk: ForeignKey): string[] => fk.columns.map((column, i) => `${column}\u0000${fk.referencedColumns[i] ?? ''}`).sort();
  const left = pairs(a);
  const right = pairs(b);
  return left.every((pair, i) => pair === right[i]);
}

export function sameForeignKeyActions(a: ForeignKey, b: ForeignKey): boolean {
  return a.onDelete === b.onDelete && a.onUpdate === b.onUpdate && (a.deferrable ?? undefined) === (b.deferrable ?? undefined);
}

export function sameIndexKey(a: IndexKey, b: IndexKey, spelling: Spelling): boolean {
  if (a.kind === 'column' && b.kind === 'column') return a.name === b.name;
  if (a.kind === 'expression' && b.kind === 'expression') return sameExpression(a.expression, b.expression, spelling);
  return false;
}

/** An index is (key columns or expressions in order, unique, method, predicate). */
export function sameIndex(a: Index, b: Index, spelling: Spelling): boolean {
  return (
    a.unique === b.unique &&
    (a.method || 'btree') === (b.method || 'btree') &&
    sameExpression(a.where, b.where, spelling) &&
    a.keys.length === b.keys.length &&
    a.keys.every((key, i) => sameIndexKey(key, b.keys[i]!, spelling))
  );
}

/** The column names of an index made only of plain columns, else undefined. */
export function indexColumns(index: Index): string[] | undefined {
  const names: string[] = [];
  for (const key of index.keys) {
    if (key.kind !== 'column') return undefined;
    names.push(key.name);
  }
  return names;
}

/**
 * Every btree access path a table has, in key order: plain indexes plus the indexes PostgreSQL
 * builds for the primary key and unique constraints (which the model keeps with their constraint).
 */
export function accessPaths(table: Table): Index[] {
  const paths: Index[] = [...table.indexes];
  const constraintPath = (constraint: PrimaryKey | UniqueConstraint): Index => ({
    name: constraint.name,
    keys: constraint.columns.map((name) => ({ kind: 'column', name })),
    unique: true,
    method: 'btree',
    span: constraint.span,
  });
  if (table.primaryKey) paths.push(constraintPath(table.primaryKey));
  for (const unique of table.uniques) paths.push(constraintPath(unique));
  return paths;
}

/**
 * Whether an index lets PostgreSQL find the rows of `columns` quickly: a valid, non-partial btree
 * whose leading keys are exactly those columns, in any order within the prefix (see REFERENCE.md).
 */
export function indexCovers(index: Index, columns: readonly string[]): boolean {
  if ((index.method || 'btree') !== 'btree' || index.where !== undefined || index.valid === false) return false;
  if (index.keys.length < columns.length) return false;
  const prefix = index.keys.slice(0, columns.length);
  const wanted = new Set(columns);
  return prefix.every((key) => key.kind === 'column' && wanted.has(key.name));
}

export function tableCovers(table: Table, columns: readonly string[]): boolean {
  return accessPaths(table).some((index) => indexCovers(index, columns));
}

export function sameCheck(a: CheckConstraint, b: CheckConstraint, spelling: Spelling): boolean {
  return sameExpression(a.expression, b.expression, spelling);
}
