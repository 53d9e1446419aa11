// Markdown report of oracle runs, for /work/coord/oracle-mismatches.md and the benchmark issue.
import type { OracleRun } from './run-oracle';

export function formatOracleReport(runs: readonly OracleRun[], knownGaps: Record<string, string[]>): string {
  const lines = ['## Oracle run', '', '| fixture | TypeORM | entity files | tables (db) | synchronize | differences | known gaps |', '|---|---|---|---|---|---|---|'];
  for (const run of runs) {
    const known = knownGaps[`${run.fixture}/${run.typeorm}`]?.length ?? 0;
    lines.push(`| ${run.fixture} | ${run.typeormVersion} | ${run.entityFiles} | ${run.tables} | ${Math.round(run.synchronizeMs)} ms | ${run.differences.length} | ${known} |`);
  }
  for (const run of runs) {
    lines.push('', `### ${run.fixture} / TypeORM ${run.typeormVersion}`, '');
    if (run.differences.length === 0) lines.push('No differences.');
    for (const difference of run.differences) lines.push(`- ${difference}`);
  }
  return `${lines.join('\n')}\n`;
}
