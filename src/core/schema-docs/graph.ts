// The entity-relationship graph of documented tables: one node per table, one edge per foreign
// key, each marked with its drift. The docs' Mermaid diagrams and the editor's ER diagram are both
// drawn from it, so the two never disagree on what a table is or how it differs.
import { posix, relative, sep } from 'node:path';
import { qualifiedKey, type ForeignKey, type Table } from '../model';
import { compareText, documentedColumns, isDrift, shownTable, type DocumentedTable, type SchemaView, type TableDrift } from './tables';

export type ObjectDrift = 'only-entities' | 'only-database' | 'differs';

export interface ErColumn {
  name: string;
  type: string;
  nullable: boolean;
  primaryKey: boolean;
  foreignKey: boolean;
  unique: boolean;
  drift?: ObjectDrift;
}

export interface ErNode {
  /** `schema.name`, unique in the graph. */
  id: string;
  schema: string;
  name: string;
  /** The entity file's folder relative to the root (`src/billing`); `(database)` for a table no entity maps. */
  module: string;
  drift: TableDrift;
  /** Where the table is declared: the class, its file relative to the root (`/`), its 1-based line. */
  entity?: { className: string; file: string; line: number };
  columns: ErColumn[];
  /** How many findings are open on the table. */
  findings: number;
}

export interface ErEdge {
  /** Unique in the graph: the two tables and the key's columns. */
  id: string;
  /** The referencing table's node id. */
  from: string;
  /** The referenced table's node id. */
  to: string;
  columns: string[];
  referencedColumns: string[];
  /** Some referencing column is nullable: a row may reference nothing. */
  optional: boolean;
  /** The referencing columns are unique (primary key or unique): one-to-one. */
  oneToOne: boolean;
  /** In the `both` view: a key only one side has. */
  drift?: Exclude<ObjectDrift, 'differs'>;
}

export interface ErGraph {
  view: SchemaView;
  /** Whether a database model was read: without it no drift is shown. */
  compared: boolean;
  nodes: ErNode[];
  edges: ErEdge[];
}

export const DATABASE_MODULE = '(database)';

/** A path relative to the root with `/` separators, whatever the platform. */
export function rootRelative(root: string, file: string): string {
  return relative(root, file).split(sep).join(posix.sep);
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((column, i) => column === b[i]);
}

/** Whether a key's columns are unique in its table: the primary key or a unique constraint or index on exactly them. */
function uniqueColumns(table: Table, columns: readonly string[]): boolean {
  const sorted = [...columns].sort();
  const same = (other: readonly string[]) => sameColumns([...other].sort(), sorted);
  return (
    (table.primaryKey !== undefined && same(table.primaryKey.columns)) ||
    table.uniques.some((unique) => same(unique.columns)) ||
    table.indexes.some((index) => index.unique && !index.where && index.keys.every((key) => key.kind === 'column') && same(index.keys.map((key) => (key.kind === 'column' ? key.name : ''))))
  );
}

function keyOf(key: ForeignKey): string {
  return `${key.columns.join(',')}>${qualifiedKey(key.referencedTable)}(${key.referencedColumns.join(',')})`;
}

function node(table: DocumentedTable, shown: Table, view: SchemaView, root: string, compared: boolean): ErNode {
  const primary = new Set(shown.primaryKey?.columns ?? []);
  const referencing = new Set(shown.foreignKeys.flatMap((key) => key.columns));
  const single = new Set([...shown.uniques.map((unique) => unique.columns), ...shown.indexes.filter((index) => index.unique && !index.where).map((index) => index.keys.map((key) => (key.kind === 'column' ? key.name : '')))].filter((columns) => columns.length === 1).map((columns) => columns[0]!));
  const differing = new Set(table.findings.filter((finding) => isDrift(finding) && finding.column && !finding.constraint).map((finding) => finding.column!));
  // One side's view shows that side's columns; `both` the entity's and those only the database has, with their drift.
  const listed = view === 'both' ? documentedColumns(table) : shown.columns.map((column) => ({ column, onlyIn: undefined }));
  const columns = listed.map(({ column, onlyIn }): ErColumn => {
    const drift: ObjectDrift | undefined = !compared || view !== 'both' ? undefined : onlyIn ? (`only-${onlyIn}` as const) : differing.has(column.name) ? 'differs' : undefined;
    return { name: column.name, type: column.type, nullable: column.nullable, primaryKey: primary.has(column.name), foreignKey: referencing.has(column.name), unique: single.has(column.name), ...(drift ? { drift } : {}) };
  });
  const entity = table.intended?.entity;
  const file = entity ? rootRelative(root, entity.file) : undefined;
  return {
    id: table.key,
    schema: table.schema,
    name: table.name,
    module: file ? posix.dirname(file) : DATABASE_MODULE,
    drift: table.drift,
    ...(entity && file ? { entity: { className: entity.className, file, line: (table.intended?.span?.start.line ?? 0) + 1 } } : {}),
    columns,
    findings: table.findings.length,
  };
}

/**
 * The graph of a view: `entities` and `database` show one side's tables and keys; `both` shows
 * every table (the entity's where there is one) and every key of either side, marking keys one
 * side lacks. Edges to tables the view does not show are left out. Sorted, so the same models
 * always give the same graph.
 */
export function buildErGraph(tables: readonly DocumentedTable[], view: SchemaView, root: string): ErGraph {
  const compared = tables.some((table) => table.drift !== 'not-compared');
  const nodes: ErNode[] = [];
  const shownTables = new Map<string, Table>();
  for (const table of tables) {
    const shown = shownTable(table, view);
    if (!shown) continue;
    shownTables.set(table.key, shown);
    nodes.push(node(table, shown, view, root, compared));
  }
  const edges = new Map<string, ErEdge>();
  const addKeys = (table: DocumentedTable, source: Table | undefined, side: 'entities' | 'database', other: Table | undefined) => {
    const owner = shownTables.get(table.key);
    if (!source || !owner) return;
    const otherKeys = new Set((other?.foreignKeys ?? []).map(keyOf));
    for (const key of source.foreignKeys) {
      const to = qualifiedKey(key.referencedTable);
      if (!shownTables.has(to)) continue;
      const id = `${table.key}(${keyOf(key)})`;
      if (edges.has(id)) continue;
      const nullable = new Set(source.columns.filter((column) => column.nullable).map((column) => column.name));
      // A key one side lacks, on a table both sides have: drift (only in the `both` view).
      const drift = view === 'both' && other && !otherKeys.has(keyOf(key)) ? (`only-${side}` as const) : undefined;
      edges.set(id, { id, from: table.key, to, columns: [...key.columns], referencedColumns: [...key.referencedColumns], optional: key.columns.some((column) => nullable.has(column)), oneToOne: uniqueColumns(owner, key.columns), ...(drift ? { drift } : {}) });
    }
  };
  for (const table of tables) {
    if (view !== 'database') addKeys(table, table.intended, 'entities', table.actual);
    if (view !== 'entities') addKeys(table, table.actual, 'database', table.intended);
  }
  return { view, compared, nodes, edges: [...edges.values()].sort((a, b) => compareText(a.id, b.id)) };
}
