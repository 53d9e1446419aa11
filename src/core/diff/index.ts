// diff(intended, actual): what the entities say against what the database has, as a list of
// changes that carry both sides and the entity span. Tables, columns and enums are matched by
// their (schema-qualified) names; constraints and indexes structurally, never by name; types and
// expressions in the database's spelling (the dialect's, passed in). Only what both sides know is
// compared: an entity fact the reader could not read (model/schema.ts, UnknownFact) never becomes
// a change.
import type { Spelling } from '../dialect';
import type {
  CheckConstraint,
  Column,
  EnumType,
  ForeignKey,
  Index,
  PrimaryKey,
  SchemaModel,
  SourceSpan,
  Table,
  UniqueConstraint,
} from '../model/schema';
import { qualifiedKey, unknownFact } from '../model/schema';
import {
  indexColumns,
  sameCheck,
  sameColumnSet,
  sameExpression,
  sameForeignKeyActions,
  sameForeignKeyTarget,
  sameGeneratedExpression,
  sameIndex,
  sameType,
} from './compare';

export { confirmGeneratedExpressions } from './generated-expressions';

/** A table present on both sides: the pair every table-level change refers to. */
export interface TablePair {
  intended: Table;
  actual: Table;
}

export type Change =
  | { kind: 'table-missing'; intended: Table; span?: SourceSpan }
  | { kind: 'table-unmapped'; actual: Table; span?: undefined }
  | { kind: 'column-missing'; table: TablePair; intended: Column; span?: SourceSpan }
  | { kind: 'column-unmapped'; table: TablePair; actual: Column; span?: SourceSpan }
  /** Also when the entity's type is unknown but listed (`UnknownFact.oneOf`) and the database has none of those types. */
  | { kind: 'column-type'; table: TablePair; intended: Column; actual: Column; span?: SourceSpan }
  | { kind: 'column-nullable'; table: TablePair; intended: Column; actual: Column; span?: SourceSpan }
  | { kind: 'column-default'; table: TablePair; intended: Column; actual: Column; span?: SourceSpan }
  | { kind: 'enum-missing'; intended: EnumType; span?: SourceSpan }
  | { kind: 'enum-values'; intended: EnumType; actual: EnumType; span?: SourceSpan }
  | { kind: 'primary-key'; table: TablePair; intended?: PrimaryKey; actual?: PrimaryKey; span?: SourceSpan }
  | { kind: 'unique-missing'; table: TablePair; intended: UniqueConstraint; span?: SourceSpan }
  | { kind: 'check-missing'; table: TablePair; intended: CheckConstraint; span?: SourceSpan }
  | { kind: 'foreign-key-missing'; table: TablePair; intended: ForeignKey; span?: SourceSpan }
  | { kind: 'foreign-key-actions'; table: TablePair; intended: ForeignKey; actual: ForeignKey; span?: SourceSpan }
  | { kind: 'index-missing'; table: TablePair; intended: Index; span?: SourceSpan };

export type ChangeKind = Change['kind'];
export type ChangeOf<K extends ChangeKind> = Extract<Change, { kind: K }>;

export function diff(intended: SchemaModel, actual: SchemaModel, spelling: Spelling): Change[] {
  const changes: Change[] = [];
  const actualTables = new Map(actual.tables.map((table) => [qualifiedKey(table), table]));
  const intendedNames = new Set([...intended.tables, ...intended.views].map(qualifiedKey));
  const actualViews = new Set(actual.views.map(qualifiedKey));

  for (const table of intended.tables) {
    const match = actualTables.get(qualifiedKey(table));
    if (match) diffTable({ intended: table, actual: match }, changes, spelling);
    else changes.push(...missingTable(table, actualViews));
  }
  for (const table of actual.tables) {
    if (!intendedNames.has(qualifiedKey(table))) changes.push(unmappedTable(table));
  }
  changes.push(...diffEnums(intended, actual));
  return changes;
}

/** The changes of one table present on both sides (what diff() reports for that pair). */
export function diffTablePair(table: TablePair, spelling: Spelling): Change[] {
  const changes: Change[] = [];
  diffTable(table, changes, spelling);
  return changes;
}

/**
 * An entity table the database lacks, unless a view has its name (a view is someone's choice) or
 * whether the table exists at all is decided at run time.
 */
export function missingTable(table: Table, actualViews: ReadonlySet<string>): Change[] {
  return actualViews.has(qualifiedKey(table)) || table.unknown?.exists ? [] : [{ kind: 'table-missing', intended: table, span: table.span }];
}

/** A database table no entity table or view has the name of. */
export function unmappedTable(table: Table): Change {
  return { kind: 'table-unmapped', actual: table };
}

export function diffEnums(intended: SchemaModel, actual: SchemaModel): Change[] {
  const changes: Change[] = [];
  const actualEnums = new Map(actual.enums.map((type) => [qualifiedKey(type), type]));
  for (const type of intended.enums) {
    const match = actualEnums.get(qualifiedKey(type));
    if (!match) changes.push({ kind: 'enum-missing', intended: type, span: type.span });
    else if (!type.valuesUnknown && !sameColumnSet(type.values, match.values)) changes.push({ kind: 'enum-values', intended: type, actual: match, span: type.span });
  }
  return changes;
}

function diffTable(table: TablePair, changes: Change[], spelling: Spelling): void {
  const { intended, actual } = table;
  const actualColumns = new Map(actual.columns.map((column) => [column.name, column]));
  const intendedColumns = new Set(intended.columns.map((column) => column.name));
  for (const column of intended.columns) {
    const match = actualColumns.get(column.name);
    if (!match) {
      if (!unknownFact(column, 'exists')) changes.push({ kind: 'column-missing', table, intended: column, span: column.span });
      continue;
    }
    const known = (fact: 'nullable' | 'default'): boolean => !unknownFact(column, fact);
    const typeUnknown = unknownFact(column, 'type');
    if (!typeUnknown) {
      if (!sameType(column.type, match.type, spelling)) changes.push({ kind: 'column-type', table, intended: column, actual: match, span: column.span });
    } else if (typeUnknown.oneOf && !typeUnknown.oneOf.some((type) => sameType(String(type), match.type, spelling))) {
      changes.push({ kind: 'column-type', table, intended: column, actual: match, span: column.span });
    }
    if (known('nullable') && column.nullable !== match.nullable) changes.push({ kind: 'column-nullable', table, intended: column, actual: match, span: column.span });
    if (known('default') && !sameValueSource(column, match, spelling)) changes.push({ kind: 'column-default', table, intended: column, actual: match, span: column.span });
  }
  // A table with properties the reader could not read may map any column it did not: say nothing.
  if (!intended.unknown?.columns?.length) {
    for (const column of actual.columns) {
      if (!intendedColumns.has(column.name)) changes.push({ kind: 'column-unmapped', table, actual: column, span: intended.span });
    }
  }

  if (!intended.unknown?.primaryKey && !samePrimaryKey(intended.primaryKey, actual.primaryKey)) {
    changes.push({ kind: 'primary-key', table, intended: intended.primaryKey, actual: actual.primaryKey, span: intended.primaryKey?.span ?? intended.span });
  }
  for (const unique of intended.uniques) {
    // A unique index the entity declares itself is its own object, not this constraint: TypeORM keeps both.
    const ownIndex = (index: Index): boolean => intended.indexes.some((declared) => sameIndex(declared, index, spelling));
    if (!hasUnique(actual, unique.columns, ownIndex)) changes.push({ kind: 'unique-missing', table, intended: unique, span: unique.span ?? intended.span });
  }
  const unmatchedChecks = [...actual.checks];
  for (const check of intended.checks) {
    const at = unmatchedChecks.findIndex((candidate) => sameCheck(check, candidate, spelling));
    if (at >= 0) unmatchedChecks.splice(at, 1);
    else changes.push({ kind: 'check-missing', table, intended: check, span: check.span ?? intended.span });
  }
  for (const key of intended.foreignKeys) {
    const sameTarget = actual.foreignKeys.filter((candidate) => sameForeignKeyTarget(key, candidate));
    if (sameTarget.length === 0) changes.push({ kind: 'foreign-key-missing', table, intended: key, span: key.span ?? intended.span });
    else if (!key.actionsUnknown && !sameTarget.some((candidate) => sameForeignKeyActions(key, candidate))) {
      changes.push({ kind: 'foreign-key-actions', table, intended: key, actual: sameTarget[0]!, span: key.span ?? intended.span });
    }
  }
  for (const index of intended.indexes) {
    if (!hasIndex(actual, index, spelling)) changes.push({ kind: 'index-missing', table, intended: index, span: index.span ?? intended.span });
  }
}

/** Defaults compare only when neither side is generated; generation kinds compare among themselves. */
function sameValueSource(intended: Column, actual: Column, spelling: Spelling): boolean {
  const a = intended.generated;
  const b = actual.generated;
  if (a || b) {
    if (!a || !b || a.kind !== b.kind) return false;
    if (a.kind === 'identity' && b.kind === 'identity') return a.always === b.always;
    if (a.kind === 'stored' && b.kind === 'stored') {
      // PostgreSQL prints the expression rewritten (casts, parentheses); TypeORM compares its own record of it.
      return sameGeneratedExpression(a.expression, b, spelling);
    }
    return true;
  }
  return sameExpression(intended.default, actual.default, spelling);
}

function samePrimaryKey(a: PrimaryKey | undefined, b: PrimaryKey | undefined): boolean {
  if (!a || !b) return !a && !b;
  return sameColumnSet(a.columns, b.columns);
}

/** A unique constraint is satisfied by a unique constraint, a plain unique index or the primary key on the same columns. */
export function hasUnique(table: Table, columns: readonly string[], notCounting: (index: Index) => boolean = () => false): boolean {
  if (table.uniques.some((unique) => sameColumnSet(unique.columns, columns))) return true;
  if (table.primaryKey && sameColumnSet(table.primaryKey.columns, columns)) return true;
  return table.indexes.some((index) => {
    if (notCounting(index)) return false;
    const names = index.unique && index.where === undefined ? indexColumns(index) : undefined;
    return names !== undefined && sameColumnSet(names, columns);
  });
}

/** An entity index exists when an identical index does, or, for a plain unique index, a unique constraint on the same columns. */
function hasIndex(table: Table, wanted: Index, spelling: Spelling): boolean {
  if (table.indexes.some((index) => sameIndex(wanted, index, spelling))) return true;
  const names = wanted.unique && wanted.where === undefined && (wanted.method || 'btree') === 'btree' ? indexColumns(wanted) : undefined;
  return names !== undefined && hasUnique(table, names);
}
