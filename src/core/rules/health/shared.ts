// What the health rules share: where a database object's finding points (the entity that maps its
// table, the property that maps its column) and how numbers read in a message.
import type { TableActivity } from '../../dialect';
import type { SourceSpan, Table } from '../../model/schema';
import type { Fix } from '../finding';
import { addDecoratorEdits } from '../source-edit';
import type { RuleContext } from '../rule';

/** The entity's table of this name, when an entity maps it. */
export function entityTable(context: RuleContext, schema: string, table: string): Table | undefined {
  return context.intended.tables.find((candidate) => candidate.schema === schema && candidate.name === table);
}

/** The property's span for a column an entity maps, else the entity's class, else none. */
export function entitySpan(context: RuleContext, schema: string, table: string, column?: string): SourceSpan | undefined {
  const mapped = entityTable(context, schema, table);
  if (!mapped) return undefined;
  return (column ? mapped.columns.find((candidate) => candidate.name === column)?.span : undefined) ?? mapped.span;
}

/**
 * The recommendation's entity edit (a decorator on the entity's class) with its migration, as one
 * fix: the editor's quick fix adds the decorator and writes the migration, both or nothing (the
 * decorator alone is drift, the migration alone leaves the entity behind). None when no entity
 * maps the table or its file cannot be read.
 */
export function entityEditWithMigration(context: RuleContext, schema: string, table: string, decorator: string, importName: string, migration: Extract<Fix, { kind: 'migration' }>): Fix[] {
  const mapped = entityTable(context, schema, table);
  const span = mapped?.span;
  const text = span ? context.readSource?.(span.file) : undefined;
  if (!span || text === undefined) return [];
  return [{
    kind: 'source-edit',
    title: `Add ${decorator} to ${mapped!.entity?.className ?? table} and write the migration`,
    edits: addDecoratorEdits(span.file, text, span.startOffset, decorator, importName),
    migration: { name: migration.name, up: migration.up, down: migration.down, ...(migration.transaction === false ? { transaction: false as const } : {}) },
  }];
}

const UNITS = ['bytes', 'kB', 'MB', 'GB', 'TB'];

/** `12 MB`, `1.5 GB`: 1024-based, as pg_size_pretty prints them. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 || value >= 10 ? Math.round(value) : value.toFixed(1)} ${UNITS[unit]}`;
}

/** `1,234,567`: a count as people read it, the same on every machine. */
export function formatCount(count: number): string {
  return Math.round(count).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `87%`, `99.2%`: one decimal below 100 when the whole number would hide the difference. */
export function formatPercent(share: number): string {
  const percent = share * 100;
  return `${percent >= 99 && percent < 100 ? percent.toFixed(1) : Math.round(percent)}%`;
}

/** `3 h 5 min`, `42 s`. */
export function formatSeconds(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** `20,000 rows, 97% of its 180 scans sequential`: a table's size and how it is read (pg_stat_user_tables, since the last reset). */
export function rowsAndScans(table: TableActivity): string {
  const scans = table.seqScans + table.indexScans;
  const share = scans > 0 ? `${formatPercent(table.seqScans / scans)} of its ${formatCount(scans)} scans sequential` : 'not scanned since the statistics were last reset';
  return `${formatCount(table.liveRows)} rows, ${share}`;
}
