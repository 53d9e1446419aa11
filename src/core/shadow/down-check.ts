// What a migration's down() failed to undo: the schema before its up() against the schema after
// up() then down(), compared with the schema diff check uses (core/diff), read in both directions.
// diff(before, after) names what down() did not restore (a table, column, type, default, key...
// that was there before up()); diff(after, before) names what down() leaves behind, of which only
// the "missing" kinds are taken (the attribute kinds would repeat the first direction). Names of
// constraints and indexes, column order, object ids, sequence positions and the migrations table
// are not part of the model or not compared by diff, so they are never a difference here.
import { diff, type Change } from '../diff';
import { postgres } from '../dialect';
import { qualifiedKey, type Column, type ForeignKey, type Index, type QualifiedName, type SchemaModel } from '../model/schema';

/** Kinds read from diff(after, before): objects that exist after down() and did not before up(). */
const LEFT_OVER: ReadonlySet<Change['kind']> = new Set(['index-missing', 'unique-missing', 'check-missing', 'foreign-key-missing', 'enum-missing']);

/** One sentence per difference, each starting "down() ...", in a stable order. */
export function downDifferences(before: SchemaModel, after: SchemaModel, defaultSchema: string): string[] {
  const name = (object: QualifiedName): string => (object.schema === defaultSchema ? `"${object.name}"` : `"${object.schema}"."${object.name}"`);
  const messages: string[] = [];
  for (const change of diff(before, after, postgres.spelling)) messages.push(notRestored(change, name));
  for (const change of diff(after, before, postgres.spelling)) {
    if (LEFT_OVER.has(change.kind)) messages.push(leftOver(change, name));
  }
  // diff() leaves views out: compared by name, which is all a view adds to the model.
  const viewsBefore = new Set(before.views.map(qualifiedKey));
  const viewsAfter = new Set(after.views.map(qualifiedKey));
  for (const view of after.views) if (!viewsBefore.has(qualifiedKey(view))) messages.push(`down() leaves view ${name(view)}`);
  for (const view of before.views) if (!viewsAfter.has(qualifiedKey(view))) messages.push(`down() does not restore view ${name(view)}`);
  return messages;
}

type Namer = (object: QualifiedName) => string;

const columns = (names: readonly string[]): string => `(${names.map((column) => `"${column}"`).join(', ')})`;

/** A constraint's or index's name followed by a space, or nothing when it has none. */
const named = (object: { name?: string }): string => (object.name ? `${object.name} ` : '');

function columnText(column: Column): string {
  return `${column.type}${column.nullable ? '' : ' NOT NULL'}`;
}

function indexText(index: Index): string {
  const keys = index.keys.map((key) => (key.kind === 'column' ? `"${key.name}"` : key.expression)).join(', ');
  const kind = index.unique ? 'unique index' : 'index';
  return `${kind} ${named(index)}(${keys})${index.where ? ` WHERE ${index.where}` : ''}`;
}

function foreignKeyText(key: ForeignKey, name: Namer): string {
  return `foreign key ${named(key)}${columns(key.columns)} → ${name(key.referencedTable)}${columns(key.referencedColumns)}`;
}

function values(list: readonly string[]): string {
  return list.map((value) => `'${value}'`).join(', ');
}

function notRestored(change: Change, name: Namer): string {
  switch (change.kind) {
    case 'table-missing':
      return `down() does not restore table ${name(change.intended)}: it existed before up() and is gone after down()`;
    case 'table-unmapped':
      return `down() leaves table ${name(change.actual)}: it did not exist before up()`;
    case 'column-missing':
      return `down() does not restore column ${name(change.table.intended)}."${change.intended.name}" ${columnText(change.intended)}`;
    case 'column-unmapped':
      return `down() leaves column ${name(change.table.actual)}."${change.actual.name}" ${columnText(change.actual)}`;
    case 'column-type':
      return `down() does not restore the type of column ${name(change.table.intended)}."${change.intended.name}": ${change.intended.type} before up(), ${change.actual.type} after down()`;
    case 'column-nullable':
      return `down() does not restore ${change.intended.nullable ? 'the nullability' : 'NOT NULL'} of column ${name(change.table.intended)}."${change.intended.name}": ${change.intended.nullable ? 'nullable' : 'NOT NULL'} before up(), ${change.actual.nullable ? 'nullable' : 'NOT NULL'} after down()`;
    case 'column-default': {
      const shown = (column: Column): string => (column.generated ? `generated (${column.generated.kind})` : (column.default ?? 'no default'));
      return `down() does not restore the default of column ${name(change.table.intended)}."${change.intended.name}": ${shown(change.intended)} before up(), ${shown(change.actual)} after down()`;
    }
    case 'enum-missing':
      return `down() does not restore enum type ${name(change.intended)} (${values(change.intended.values)})`;
    case 'enum-values': {
      const added = change.actual.values.filter((value) => !change.intended.values.includes(value));
      const removed = change.intended.values.filter((value) => !change.actual.values.includes(value));
      const parts = [added.length ? `leaves value${added.length === 1 ? '' : 's'} ${values(added)}` : undefined, removed.length ? `does not restore value${removed.length === 1 ? '' : 's'} ${values(removed)}` : undefined].filter(Boolean);
      return `down() ${parts.join(' and ')} of enum type ${name(change.intended)}`;
    }
    case 'primary-key': {
      const key = (columnsOf: readonly string[] | undefined): string => (columnsOf ? `PRIMARY KEY ${columns(columnsOf)}` : 'no primary key');
      return `down() does not restore the primary key of ${name(change.table.intended)}: ${key(change.intended?.columns)} before up(), ${key(change.actual?.columns)} after down()`;
    }
    case 'unique-missing':
      return `down() does not restore unique constraint ${named(change.intended)}${columns(change.intended.columns)} on ${name(change.table.intended)}`;
    case 'check-missing':
      return `down() does not restore check constraint ${named(change.intended)}(${change.intended.expression}) on ${name(change.table.intended)}`;
    case 'foreign-key-missing':
      return `down() does not restore ${foreignKeyText(change.intended, name)} on ${name(change.table.intended)}`;
    case 'foreign-key-actions':
      return `down() does not restore the actions of ${foreignKeyText(change.intended, name)} on ${name(change.table.intended)}: ON DELETE ${change.intended.onDelete} ON UPDATE ${change.intended.onUpdate} before up(), ON DELETE ${change.actual.onDelete} ON UPDATE ${change.actual.onUpdate} after down()`;
    case 'index-missing':
      return `down() does not restore ${indexText(change.intended)} on ${name(change.table.intended)}`;
  }
}

/** A change of diff(after, before): its "intended" side is what exists after down(). */
function leftOver(change: Change, name: Namer): string {
  switch (change.kind) {
    case 'enum-missing':
      return `down() leaves enum type ${name(change.intended)} (${values(change.intended.values)})`;
    case 'unique-missing':
      return `down() leaves unique constraint ${named(change.intended)}${columns(change.intended.columns)} on table ${name(change.table.intended)}`;
    case 'check-missing':
      return `down() leaves check constraint ${named(change.intended)}(${change.intended.expression}) on table ${name(change.table.intended)}`;
    case 'foreign-key-missing':
      return `down() leaves ${foreignKeyText(change.intended, name)} on table ${name(change.table.intended)}`;
    case 'index-missing':
      return `down() leaves ${indexText(change.intended)} on table ${name(change.table.intended)}`;
    default:
      throw new Error(`not a left-over kind: ${change.kind}`);
  }
}
