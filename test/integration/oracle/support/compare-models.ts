// The oracle's structural comparison of two SchemaModels: the model read from entity files and the
// model introspected from a database TypeORM synchronized from the same entities. Strict on purpose:
// every object must match, and every difference is listed as one readable line that names the
// object and what differs, e.g. `public.order_item.quantity: type integer (entities) vs smallint (database)`.
//
// Objects are matched by structure, never by constraint or index name: tables by schema + name,
// columns by name, keys by their column sets, foreign keys by column pairs, indexes by ordered keys
// + unique + method + predicate, checks and exclusions by expression. Spans, property paths and
// entity class names are ignored. Types and defaults must be spelled identically (both readers
// normalise them into PostgreSQL's spelling); expressions (checks, exclusions, predicates, generated
// columns) are compared the way the product's diff compares them (sameExpression). What the entity
// reader could not read statically (model/schema.ts UnknownFact) is compared with nothing, exactly as
// the product's diff does: the oracle proves that everything the reader *did* read is right, and
// the fixtures list what they expect to be unknown (fixtures.ts).
import { postgres } from '../../../../src/core/dialect';
import { sameExpression as sameExpressionIn } from '../../../../src/core/diff/compare';
import type {
  Column,
  ColumnGeneration,
  EnumType,
  ForeignKey,
  Index,
  IndexKey,
  QualifiedName,
  SchemaModel,
  Table,
} from '../../../../src/core/model/schema';
import { unknownFact } from '../../../../src/core/model/schema';

const sameExpression = (a: string | undefined, b: string | undefined): boolean => sameExpressionIn(a, b, postgres.spelling);

const LEFT = 'entities';
const RIGHT = 'database';

function qualified(name: QualifiedName): string {
  return `${name.schema}.${name.name}`;
}

function list(columns: readonly string[]): string {
  return `(${columns.join(', ')})`;
}

function sortedKey(columns: readonly string[]): string {
  return [...columns].sort().join('\u0000');
}

function describeGeneration(generation: ColumnGeneration | undefined): string {
  if (!generation) return 'none';
  if (generation.kind === 'identity') return `identity ${generation.always ? 'always' : 'by default'}`;
  if (generation.kind === 'stored') return `stored as (${generation.expression})`;
  return 'increment';
}

function sameGeneration(a: ColumnGeneration | undefined, b: ColumnGeneration | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.kind !== b.kind) return false;
  if (a.kind === 'identity' && b.kind === 'identity') return a.always === b.always;
  if (a.kind === 'stored' && b.kind === 'stored') {
    // The catalog prints the expression rewritten; TypeORM itself compares the text it recorded.
    const spellings = (g: typeof a): string[] => [g.expression, ...(g.sameAs ?? [])];
    return spellings(a).some((left) => spellings(b).some((right) => sameExpression(left, right)));
  }
  return true;
}

function show(value: string | undefined): string {
  return value === undefined ? 'none' : value;
}

function compareColumn(where: string, left: Column, right: Column, out: string[]): void {
  const at = `${where}.${left.name}`;
  const typeKnown = !unknownFact(left, 'type');
  if (typeKnown && left.type !== right.type) out.push(`${at}: type ${left.type} (${LEFT}) vs ${right.type} (${RIGHT})`);
  if (!unknownFact(left, 'nullable') && left.nullable !== right.nullable) {
    const word = (nullable: boolean): string => (nullable ? 'NULL' : 'NOT NULL');
    out.push(`${at}: ${word(left.nullable)} (${LEFT}) vs ${word(right.nullable)} (${RIGHT})`);
  }
  // Defaults are exact: the model stores them as pg_get_expr() prints them (schema.ts), so a
  // difference that only normalisation hides is still a reader or introspector bug.
  const defaultKnown = !unknownFact(left, 'default');
  if (defaultKnown && left.default !== right.default) {
    out.push(`${at}: default ${show(left.default)} (${LEFT}) vs ${show(right.default)} (${RIGHT})`);
  }
  if (defaultKnown && !sameGeneration(left.generated, right.generated)) {
    out.push(`${at}: generated ${describeGeneration(left.generated)} (${LEFT}) vs ${describeGeneration(right.generated)} (${RIGHT})`);
  }
  const leftEnum = left.enumType && qualified(left.enumType);
  const rightEnum = right.enumType && qualified(right.enumType);
  if (typeKnown && leftEnum !== rightEnum) out.push(`${at}: enum type ${show(leftEnum)} (${LEFT}) vs ${show(rightEnum)} (${RIGHT})`);
  if ((left.comment ?? undefined) !== (right.comment ?? undefined)) {
    out.push(`${at}: comment ${JSON.stringify(left.comment ?? null)} (${LEFT}) vs ${JSON.stringify(right.comment ?? null)} (${RIGHT})`);
  }
}

/**
 * Pairs up two lists by a structural "same" test and reports what is left unpaired on either side.
 * `describe` must say what the object is (`foreign key (a) -> public.t (id)`).
 */
function matchAll<T>(
  where: string,
  left: readonly T[],
  right: readonly T[],
  same: (a: T, b: T) => boolean,
  describe: (item: T) => string,
  out: string[],
): void {
  const unmatched = [...right];
  for (const item of left) {
    const found = unmatched.findIndex((candidate) => same(item, candidate));
    if (found === -1) out.push(`${where}: ${describe(item)} only in ${LEFT}`);
    else unmatched.splice(found, 1);
  }
  for (const item of unmatched) out.push(`${where}: ${describe(item)} only in ${RIGHT}`);
}

function describeForeignKey(fk: ForeignKey): string {
  const deferrable = fk.deferrable ? ` DEFERRABLE ${fk.deferrable}` : '';
  return `foreign key ${list(fk.columns)} -> ${qualified(fk.referencedTable)} ${list(fk.referencedColumns)} ON DELETE ${fk.onDelete} ON UPDATE ${fk.onUpdate}${deferrable}`;
}

/** Same (column -> referenced column) pairs, target, actions and deferrability. */
function sameForeignKey(a: ForeignKey, b: ForeignKey): boolean {
  const pairs = (fk: ForeignKey): string =>
    fk.columns
      .map((column, i) => `${column}\u0001${fk.referencedColumns[i] ?? ''}`)
      .sort()
      .join('\u0000');
  return (
    qualified(a.referencedTable) === qualified(b.referencedTable) &&
    pairs(a) === pairs(b) &&
    a.onDelete === b.onDelete &&
    a.onUpdate === b.onUpdate &&
    (a.deferrable ?? undefined) === (b.deferrable ?? undefined)
  );
}

function describeKey(key: IndexKey): string {
  return key.kind === 'column' ? key.name : `(${key.expression})`;
}

function describeIndex(index: Index): string {
  const where = index.where ? ` WHERE ${index.where}` : '';
  return `${index.unique ? 'unique ' : ''}index ${index.method || 'btree'} (${index.keys.map(describeKey).join(', ')})${where}`;
}

function sameIndex(a: Index, b: Index): boolean {
  return (
    a.unique === b.unique &&
    (a.method || 'btree') === (b.method || 'btree') &&
    sameExpression(a.where, b.where) &&
    a.keys.length === b.keys.length &&
    a.keys.every((key, i) => {
      const other = b.keys[i]!;
      if (key.kind === 'column' && other.kind === 'column') return key.name === other.name;
      if (key.kind === 'expression' && other.kind === 'expression') return sameExpression(key.expression, other.expression);
      return false;
    })
  );
}

function compareTable(left: Table, right: Table, out: string[]): void {
  const where = qualified(left);
  const rightColumns = new Map(right.columns.map((column) => [column.name, column]));
  const leftNames = new Set(left.columns.map((column) => column.name));
  for (const column of left.columns) {
    const other = rightColumns.get(column.name);
    if (!other) {
      if (!unknownFact(column, 'exists')) out.push(`${where}.${column.name}: column (${column.type}) only in ${LEFT}`);
    } else compareColumn(where, column, other, out);
  }
  // Properties the reader could not read may map any column it did not.
  const unreadColumns = (left.unknown?.columns?.length ?? 0) > 0;
  for (const column of right.columns) {
    if (!leftNames.has(column.name) && !unreadColumns) out.push(`${where}.${column.name}: column (${column.type}) only in ${RIGHT}`);
  }

  const leftPk = left.primaryKey?.columns ?? [];
  const rightPk = right.primaryKey?.columns ?? [];
  if (!left.unknown?.primaryKey && sortedKey(leftPk) !== sortedKey(rightPk)) {
    const describe = (columns: string[]): string => (columns.length ? list(columns) : 'none');
    out.push(`${where}: primary key ${describe(leftPk)} (${LEFT}) vs ${describe(rightPk)} (${RIGHT})`);
  }

  // Constraints the reader could not read may be any the database has beyond the read ones; a
  // foreign key whose actions it could not read is matched on the rest.
  const onlyRead = unreadColumns || (left.unknown?.constraints?.length ?? 0) > 0;
  const constraintOut: string[] = [];
  const sameKey = (a: ForeignKey, b: ForeignKey): boolean => (a.actionsUnknown ? sameForeignKey({ ...a, onDelete: b.onDelete, onUpdate: b.onUpdate, deferrable: b.deferrable }, b) : sameForeignKey(a, b));
  matchAll(where, left.uniques, right.uniques, (a, b) => sortedKey(a.columns) === sortedKey(b.columns), (u) => `unique ${list(u.columns)}`, constraintOut);
  matchAll(where, left.foreignKeys, right.foreignKeys, sameKey, describeForeignKey, constraintOut);
  matchAll(where, left.indexes, right.indexes, sameIndex, describeIndex, constraintOut);
  matchAll(where, left.checks, right.checks, (a, b) => sameExpression(a.expression, b.expression), (c) => `check (${c.expression})`, constraintOut);
  matchAll(where, left.exclusions, right.exclusions, (a, b) => sameExpression(a.expression, b.expression), (x) => `exclusion ${x.expression}`, constraintOut);
  out.push(...constraintOut.filter((line) => !(onlyRead && line.endsWith(`only in ${RIGHT}`))));

  if ((left.comment ?? undefined) !== (right.comment ?? undefined)) {
    out.push(`${where}: table comment ${JSON.stringify(left.comment ?? null)} (${LEFT}) vs ${JSON.stringify(right.comment ?? null)} (${RIGHT})`);
  }
}

function compareEnums(left: readonly EnumType[], right: readonly EnumType[], out: string[]): void {
  const rightByName = new Map(right.map((enumType) => [qualified(enumType), enumType]));
  for (const enumType of left) {
    const name = qualified(enumType);
    const other = rightByName.get(name);
    rightByName.delete(name);
    if (!other) out.push(`${name}: enum type [${enumType.values.join(', ')}] only in ${LEFT}`);
    else if (!enumType.valuesUnknown && enumType.values.join('\u0000') !== other.values.join('\u0000')) {
      out.push(`${name}: enum values [${enumType.values.join(', ')}] (${LEFT}) vs [${other.values.join(', ')}] (${RIGHT})`);
    }
  }
  for (const [name, enumType] of rightByName) out.push(`${name}: enum type [${enumType.values.join(', ')}] only in ${RIGHT}`);
}

/** Every structural difference between the entity model (left) and the database model (right), sorted. */
export function compareModels(entities: SchemaModel, database: SchemaModel): string[] {
  const out: string[] = [];
  const databaseTables = new Map(database.tables.map((table) => [qualified(table), table]));
  for (const table of entities.tables) {
    const name = qualified(table);
    const other = databaseTables.get(name);
    databaseTables.delete(name);
    if (!other) {
      if (!table.unknown?.exists) out.push(`${name}: table only in ${LEFT}`);
    } else compareTable(table, other, out);
  }
  for (const name of databaseTables.keys()) out.push(`${name}: table only in ${RIGHT}`);

  compareEnums(entities.enums, database.enums, out);

  const databaseViews = new Map(database.views.map((view) => [qualified(view), view]));
  for (const view of entities.views) {
    const name = qualified(view);
    const other = databaseViews.get(name);
    databaseViews.delete(name);
    const kind = (materialized: boolean): string => (materialized ? 'materialized view' : 'view');
    if (!other) out.push(`${name}: ${kind(view.materialized)} only in ${LEFT}`);
    else if (view.materialized !== other.materialized) {
      out.push(`${name}: ${kind(view.materialized)} (${LEFT}) vs ${kind(other.materialized)} (${RIGHT})`);
    }
  }
  for (const [name, view] of databaseViews) out.push(`${name}: ${view.materialized ? 'materialized view' : 'view'} only in ${RIGHT}`);

  return out.sort();
}
