// A migration the connected database has not run yet, and the tables its up() changes: the root
// cause of every finding on those tables until it runs. Reports lead with it (issue 20, point 3).

export interface PendingMigration {
  /** What TypeORM records (the `name` property, else the class name). */
  name: string;
  file?: string;
  /** `schema.table` keys of the tables its up() statements change (read with the database's parser). */
  tables: string[];
}

/** The categories of findings a pending migration can explain: entities and database disagreeing. */
const EXPLAINABLE = new Set(['drift', 'integrity', 'index']);

/**
 * Which findings each pending migration explains: those on a table it changes, each given to the
 * oldest migration that changes its table (they run in that order). The rest keep their place.
 */
export function groupByPendingMigration<F extends { category: string; schema: string; table: string }>(findings: readonly F[], pending: readonly PendingMigration[]): { groups: Array<{ migration: PendingMigration; findings: F[] }>; rest: F[] } {
  const groups = pending.map((migration) => ({ migration, findings: [] as F[], tables: new Set(migration.tables) }));
  const rest: F[] = [];
  for (const finding of findings) {
    const group = EXPLAINABLE.has(finding.category) ? groups.find((candidate) => candidate.tables.has(`${finding.schema}.${finding.table}`)) : undefined;
    if (group) group.findings.push(finding);
    else rest.push(finding);
  }
  return { groups: groups.map(({ migration, findings: explained }) => ({ migration, findings: explained })), rest };
}

/** The pending migration that explains one finding (the oldest changing its table), if any. */
export function pendingCause(finding: { category: string; schema: string; table: string }, pending: readonly PendingMigration[]): PendingMigration | undefined {
  // Asked for every diagnostic on every analysis: nothing pending (the usual case) costs nothing.
  if (pending.length === 0) return undefined;
  return groupByPendingMigration([finding], pending).groups.find((group) => group.findings.length > 0)?.migration;
}
