// How much of the entity model the reader read statically: every column is read, inferred (from a
// TypeORM default or a declared alias) or unknown, and a property the reader could not read at all
// counts as an unknown column of its table. Shown on every run (check, model, the editor).
import type { SchemaModel, Table, UnknownFact } from './schema';

export interface Coverage {
  columns: {
    total: number;
    /** Every fact read from the source. */
    read: number;
    /** No fact unknown, at least one inferred. */
    inferred: number;
    /** At least one fact unknown, or the property could not be read as a column at all. */
    unknown: number;
  };
  /** Entity tables; `unknown` counts those whose existence or primary key could not be read, plus entities with no known table. */
  tables: { total: number; unknown: number };
}

export function readCoverage(model: SchemaModel): Coverage {
  const coverage: Coverage = { columns: { total: 0, read: 0, inferred: 0, unknown: 0 }, tables: { total: model.tables.length, unknown: model.unknowns?.length ?? 0 } };
  for (const table of model.tables) {
    if (table.unknown?.exists || table.unknown?.primaryKey) coverage.tables.unknown++;
    const unreadProperties = table.unknown?.columns?.length ?? 0;
    coverage.columns.total += table.columns.length + unreadProperties;
    coverage.columns.unknown += unreadProperties;
    for (const column of table.columns) {
      if (!column.certainty) {
        coverage.columns.read++;
        continue;
      }
      const facts = Object.values(column.certainty);
      if (facts.some((certainty) => certainty.kind === 'unknown')) coverage.columns.unknown++;
      else if (facts.length > 0) coverage.columns.inferred++;
      else coverage.columns.read++;
    }
  }
  return coverage;
}

/** `read 1,204 of 1,216 columns (99.0%) statically; 12 unknown` */
export function describeCoverage(coverage: Coverage): string {
  const { total, unknown } = coverage.columns;
  const known = total - unknown;
  const percent = total === 0 ? 100 : (known / total) * 100;
  const number = (n: number): string => n.toLocaleString('en-US');
  return `read ${number(known)} of ${number(total)} columns (${percent.toFixed(1)}%) statically; ${number(unknown)} unknown`;
}

/** Every unknown fact of a table: its own and its columns', foreign keys' and enums' (in model order). */
export function tableUnknowns(table: Table): readonly UnknownFact[] {
  let facts = unknownsByTable.get(table);
  if (!facts) unknownsByTable.set(table, (facts = collectTableUnknowns(table)));
  return facts;
}

/** Every unknown fact of an entity model. */
export function modelUnknowns(model: SchemaModel): UnknownFact[] {
  const facts: UnknownFact[] = [...(model.unknowns ?? [])];
  for (const table of model.tables) {
    const own = tableUnknowns(table);
    if (own.length > 0) facts.push(...own);
  }
  for (const type of model.enums) if (type.valuesUnknown) facts.push(type.valuesUnknown);
  return facts;
}

// SL001 asks on every keystroke, over every table. The entity reader never changes a table it has
// handed out (an edit gives the tables it touches new objects), so each table is looked at once.
const unknownsByTable = new WeakMap<Table, readonly UnknownFact[]>();

function collectTableUnknowns(table: Table): UnknownFact[] {
  const facts: UnknownFact[] = [];
  const own = table.unknown;
  if (own?.exists) facts.push(own.exists);
  if (own?.primaryKey) facts.push(own.primaryKey);
  facts.push(...(own?.columns ?? []), ...(own?.constraints ?? []));
  for (const column of table.columns) {
    for (const certainty of Object.values(column.certainty ?? {})) if (certainty.kind === 'unknown') facts.push(certainty);
  }
  for (const key of table.foreignKeys) if (key.actionsUnknown) facts.push(key.actionsUnknown);
  return facts;
}
