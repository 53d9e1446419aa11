// Renames in generated migrations. A column renamed in an entity shows up as two findings in one
// table: SL102 (the new name is missing) and SL111 (the old name is unmapped). Generating the
// ADD COLUMN would leave the data behind in the old column, so such pairs are offered as rename
// candidates; a rename is only ever used when the user confirms it (never guessed).
import { postgres } from '../dialect';
import type { Finding } from '../rules/finding';

export interface RenameCandidate {
  schema: string;
  table: string;
  /** The column in the database (SL111). */
  from: string;
  /** The column the entity declares (SL102). */
  to: string;
}

/**
 * Every (missing, unmapped) column pair in the same table. The findings carry no column type for
 * the unmapped side, so pairs are not filtered by type: the user decides.
 */
export function renameCandidates(findings: readonly Finding[]): RenameCandidate[] {
  const unmapped = findings.filter((finding) => finding.code === 'SL111' && finding.column);
  return findings
    .filter((finding) => finding.code === 'SL102' && finding.column)
    .flatMap((missing) => unmapped
      .filter((old) => old.schema === missing.schema && old.table === missing.table)
      .map((old) => ({ schema: missing.schema, table: missing.table, from: old.column!, to: missing.column! })));
}

/** `users.name=fullname` (or `schema.users.name=fullname`) as typed on the command line. */
export function parseRename(text: string): { table: string; schema?: string; from: string; to: string } | undefined {
  const match = /^(?:([^.=]+)\.)?([^.=]+)\.([^.=]+)=([^.=]+)$/.exec(text.trim());
  if (!match) return undefined;
  return { schema: match[1], table: match[2]!, from: match[3]!, to: match[4]! };
}

export function renameLabel(candidate: RenameCandidate): string {
  return `${candidate.table}.${candidate.from}=${candidate.to}`;
}

function sameCandidate(a: RenameCandidate, b: { schema?: string; table: string; from: string; to: string }): boolean {
  return a.table === b.table && a.from === b.from && a.to === b.to && (b.schema === undefined || a.schema === b.schema);
}

/**
 * The findings with each confirmed rename applied: the SL102 finding's fix becomes
 * RENAME COLUMN old TO new (down: the reverse) and the paired SL111 finding is dropped.
 * Confirmations that match no candidate are returned in `unmatched` so callers can say so.
 */
export function applyRenames(findings: readonly Finding[], confirmed: ReadonlyArray<{ schema?: string; table: string; from: string; to: string }>): { findings: Finding[]; unmatched: typeof confirmed[number][] } {
  const candidates = renameCandidates(findings);
  const used = confirmed.flatMap((rename) => candidates.filter((candidate) => sameCandidate(candidate, rename)).slice(0, 1));
  const unmatched = confirmed.filter((rename) => !candidates.some((candidate) => sameCandidate(candidate, rename)));
  const result = findings.flatMap((finding): Finding[] => {
    const rename = used.find((candidate) => candidate.schema === finding.schema && candidate.table === finding.table
      && ((finding.code === 'SL102' && finding.column === candidate.to) || (finding.code === 'SL111' && finding.column === candidate.from)));
    if (!rename) return [finding];
    if (finding.code === 'SL111') return [];
    const table = { schema: rename.schema, name: rename.table };
    return [{
      ...finding,
      fixes: [{
        kind: 'migration',
        title: `Rename column ${rename.table}.${rename.from} to ${rename.to}`,
        name: `Rename${rename.table}${rename.from}`,
        up: [postgres.ddl.renameColumnSql(table, rename.from, rename.to)],
        down: [postgres.ddl.renameColumnSql(table, rename.to, rename.from)],
      }],
    }];
  });
  return { findings: result, unmatched };
}
