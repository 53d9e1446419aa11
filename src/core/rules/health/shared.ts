// What the health rules share: where a database object's finding points (the entity that maps its
// table, the property that maps its column) and how numbers read in a message.
import type { SourceSpan, Table } from '../../model/schema';
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
