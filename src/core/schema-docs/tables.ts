// The tables a schema document shows: the entities' and the database's side by side, each with its
// drift and its open findings. Drift is read from the findings (the checks' own verdicts, with
// unknowns, suppressions and severities already applied), never worked out a second time here;
// which side a table exists on is read from the two models.
import { qualifiedKey, unknownFact, type Column, type SchemaModel, type Table } from '../model';
import type { Finding } from '../rules';

/**
 * in-sync: both sides agree; differs: both have the table and a drift finding is open on it;
 * only-entities / only-database: one side has it; not-compared: no database model was read.
 */
export type TableDrift = 'in-sync' | 'differs' | 'only-entities' | 'only-database' | 'not-compared';

/** Which tables a view shows: what the entities declare, what the database has, or both. */
export type SchemaView = 'entities' | 'database' | 'both';

export interface DocumentedTable {
  /** `schema.name`. */
  key: string;
  schema: string;
  name: string;
  intended?: Table;
  actual?: Table;
  drift: TableDrift;
  /** Open findings on this table, sorted by code, column, constraint and message. */
  findings: Finding[];
}

/** Integrity and index codes that say the database lacks what the entities declare (drift too). */
const DRIFT_OUTSIDE_DRIFT_CATEGORY = new Set(['SL201', 'SL202', 'SL303']);

/** Whether a finding says the entities and the database disagree (rather than advice on either). */
export function isDrift(finding: Finding): boolean {
  return finding.category === 'drift' || DRIFT_OUTSIDE_DRIFT_CATEGORY.has(finding.code);
}

export function compareFindings(a: Finding, b: Finding): number {
  return compareText(a.code, b.code) || compareText(a.column ?? '', b.column ?? '') || compareText(a.constraint ?? '', b.constraint ?? '') || compareText(a.message, b.message);
}

/** Code-unit order: the same on every machine and locale (localeCompare is not). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Every table of either model, sorted by schema and name. Without an actual model every table is
 * `not-compared`; the findings then are the entity-only checks'.
 */
export function documentedTables(intended: SchemaModel, actual: SchemaModel | undefined, findings: readonly Finding[]): DocumentedTable[] {
  const byKey = new Map<string, DocumentedTable>();
  const entry = (table: Table): DocumentedTable => {
    const key = qualifiedKey(table);
    let found = byKey.get(key);
    if (!found) {
      found = { key, schema: table.schema, name: table.name, drift: 'not-compared', findings: [] };
      byKey.set(key, found);
    }
    return found;
  };
  for (const table of intended.tables) entry(table).intended = table;
  for (const table of actual?.tables ?? []) entry(table).actual = table;
  for (const finding of findings) byKey.get(`${finding.schema}.${finding.table}`)?.findings.push(finding);
  const tables = [...byKey.values()].sort((a, b) => compareText(a.schema, b.schema) || compareText(a.name, b.name));
  for (const table of tables) {
    table.findings.sort(compareFindings);
    table.drift = driftOf(table, actual !== undefined);
  }
  return tables;
}

function driftOf(table: DocumentedTable, compared: boolean): TableDrift {
  if (!compared) return 'not-compared';
  if (!table.actual) return 'only-entities';
  if (!table.intended) return 'only-database';
  return table.findings.some(isDrift) ? 'differs' : 'in-sync';
}

/** The table a view shows: the entities' where the view has them, else the database's. */
export function shownTable(table: DocumentedTable, view: SchemaView): Table | undefined {
  if (view === 'entities') return table.intended;
  if (view === 'database') return table.actual;
  return table.intended ?? table.actual;
}

/** A column of a documented table, and on which side it exists (by name: the diff matches columns so). */
export interface DocumentedColumn {
  column: Column;
  /** Set when the table exists on both sides but the column on one only. */
  onlyIn?: 'entities' | 'database';
}

/** The entity's columns in declaration order, then those only the database has, in table order. */
export function documentedColumns(table: DocumentedTable): DocumentedColumn[] {
  const base = table.intended ?? table.actual;
  if (!base) return [];
  if (!table.intended || !table.actual) return base.columns.map((column) => ({ column }));
  const actualNames = new Set(table.actual.columns.map((column) => column.name));
  const intendedNames = new Set(table.intended.columns.map((column) => column.name));
  return [
    // A column whose existence could not be read is compared with nothing: never marked as missing.
    ...table.intended.columns.map((column): DocumentedColumn => (actualNames.has(column.name) || unknownFact(column, 'exists') ? { column } : { column, onlyIn: 'entities' })),
    ...table.actual.columns.filter((column) => !intendedNames.has(column.name)).map((column): DocumentedColumn => ({ column, onlyIn: 'database' })),
  ];
}
