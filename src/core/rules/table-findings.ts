// Runs the rules one table at a time and reuses a table's findings while nothing they were computed
// from changed. The entity reader returns the very same Table object for an entity whose file (and
// related entities) did not change, and the editor keeps one actual model until the database
// changes, so on a keystroke only the edited entity's tables are checked again; the rest costs a
// WeakMap lookup. Object identity is the key: models are never mutated after they are built.
import { diff, diffEnums, diffTablePair, missingTable, unmappedTable, type Change } from '../diff';
import type { SchemaModel, Table } from '../model/schema';
import { qualifiedKey } from '../model/schema';
import type { Finding } from './finding';
import type { Rule, RuleContext } from './rule';

/** What the rules see besides the changes (which are computed here). */
export type RuleInput = Omit<RuleContext, 'changes' | 'tableNamed'>;

/** The plain way: every rule over the whole models. The reference the per-table way must equal. */
export function runRulesWhole(rules: readonly Rule[], input: RuleInput): Finding[] {
  const context: RuleContext = { ...input, changes: input.actual ? diff(input.intended, input.actual, input.dialect.spelling) : [] };
  return rules.flatMap((rule) => rule.check(context));
}

/** Same findings as runRulesWhole (in another order), recomputing only the tables that changed. */
export function runRulesByTable(rules: readonly Rule[], input: RuleInput): Finding[] {
  const slotsByKey = tableSlots(input.intended, input.actual);
  // Two tables under one name: the whole-model rules decide which one wins; rare enough to not memoise.
  if (!slotsByKey) return runRulesWhole(rules, input);

  const modelRules = rules.filter((rule) => rule.scope === 'model');
  const tableRules = rules.filter((rule) => rule.scope !== 'model');
  const modelContext: RuleContext = { ...input, changes: input.actual ? diffEnums(input.intended, input.actual) : [] };
  const findings = modelRules.flatMap((rule) => rule.check(modelContext));

  // Any table by name, the entity's when both sides have it (what SL203 looks up without a memo).
  const tableNamed = (key: string): Table | undefined => {
    const slot = slotsByKey.get(key);
    return slot?.intended ?? slot?.actual;
  };
  const intendedViews = new Set(input.intended.views.map(qualifiedKey));
  const actualViews = new Set(input.actual?.views.map(qualifiedKey));
  const slotChanges = (slot: Slot): Change[] => {
    if (!input.actual) return [];
    if (slot.intended && slot.actual) return diffTablePair({ intended: slot.intended, actual: slot.actual }, input.dialect.spelling);
    if (slot.intended) return missingTable(slot.intended, actualViews);
    return intendedViews.has(qualifiedKey(slot.actual!)) ? [] : [unmappedTable(slot.actual!)];
  };

  for (const slot of slotsByKey.values()) {
    // Memoised: an entity table with its database table, or with no database at all. A table on
    // one side only (drift) is rare and depends on the other side's views: computed each time.
    const memoisable = slot.intended !== undefined && (slot.actual !== undefined || input.actual === undefined);
    const cached = memoisable ? memo.get(slot.intended!) : undefined;
    if (cached && stillValid(cached, slot, input, tableNamed)) {
      findings.push(...cached.findings);
      continue;
    }
    const entry: MemoEntry = { actual: slot.actual, database: input.actual !== undefined, actualSource: input.actualSource, dialect: input.dialect, readSource: input.readSource !== undefined, migrationsTransactionMode: input.migrationsTransactionMode, lookups: [], sources: [], findings: [] };
    const context: RuleContext = {
      intended: oneTableModel(slot.intended),
      actual: input.actual && oneTableModel(slot.actual),
      actualSource: input.actualSource,
      dialect: input.dialect,
      changes: slotChanges(slot),
      readSource: input.readSource && recording(input.readSource, entry.sources),
      migrationsTransactionMode: input.migrationsTransactionMode,
      tableNamed: recording(tableNamed, entry.lookups),
    };
    entry.findings = tableRules.flatMap((rule) => rule.check(context));
    if (memoisable) memo.set(slot.intended!, entry);
    findings.push(...entry.findings);
  }
  return findings;
}

/** One qualified name's table on each side (either may be absent). */
interface Slot {
  intended?: Table;
  actual?: Table;
}

/** Tables paired by qualified name, entity order first; undefined when a name repeats on one side. */
function tableSlots(intended: SchemaModel, actual: SchemaModel | undefined): Map<string, Slot> | undefined {
  const slots = new Map<string, Slot>();
  for (const table of intended.tables) {
    const key = keyOf(table);
    if (slots.has(key)) return undefined;
    slots.set(key, { intended: table });
  }
  for (const table of actual?.tables ?? []) {
    const key = keyOf(table);
    const slot = slots.get(key);
    if (slot?.actual) return undefined;
    if (slot) slot.actual = table;
    else slots.set(key, { actual: table });
  }
  return slots;
}

const keys = new WeakMap<Table, string>();

/** qualifiedKey(table), kept per table object: most tables are the same objects from one call to the next. */
function keyOf(table: Table): string {
  let key = keys.get(table);
  if (key === undefined) keys.set(table, (key = qualifiedKey(table)));
  return key;
}

function oneTableModel(table: Table | undefined): SchemaModel {
  return { tables: table ? [table] : [], enums: [], views: [] };
}

/** Everything a table's findings were computed from, besides the entity table itself (the key). */
interface MemoEntry {
  actual: Table | undefined;
  database: boolean;
  actualSource: RuleContext['actualSource'];
  dialect: RuleContext['dialect'];
  readSource: boolean;
  migrationsTransactionMode: RuleContext['migrationsTransactionMode'];
  /** Other tables the rules looked up by name, and what they found. */
  lookups: [string, Table | undefined][];
  /** Source texts the fixes were computed against. */
  sources: [string, string | undefined][];
  findings: Finding[];
}

const memo = new WeakMap<Table, MemoEntry>();

function stillValid(entry: MemoEntry, slot: Slot, input: RuleInput, tableNamed: (key: string) => Table | undefined): boolean {
  return (
    entry.actual === slot.actual &&
    entry.database === (input.actual !== undefined) &&
    entry.actualSource === input.actualSource &&
    entry.dialect === input.dialect &&
    entry.readSource === (input.readSource !== undefined) &&
    entry.migrationsTransactionMode === input.migrationsTransactionMode &&
    entry.lookups.every(([key, table]) => tableNamed(key) === table) &&
    entry.sources.every(([file, text]) => input.readSource!(file) === text)
  );
}

/** `lookup`, remembering each question and answer so a cached result can be checked later. */
function recording<T>(lookup: (key: string) => T, log: [string, T][]): (key: string) => T {
  return (key) => {
    const answer = lookup(key);
    log.push([key, answer]);
    return answer;
  };
}
