// The numbers behind the schema rules `schema-lens health` also runs: a foreign key without an
// index says how big its table is and how often it is scanned sequentially; an unused, redundant
// or invalid index says how much space it takes.
import type { HealthFacts } from '../../dialect';
import type { Finding } from '../finding';
import { formatBytes, rowsAndScans } from './shared';

const INDEX_CODES = new Set(['SL302', 'SL304', 'SL502']);

export function withStatistics(findings: readonly Finding[], facts: HealthFacts): Finding[] {
  return findings.map((finding) => {
    if (finding.code === 'SL301') {
      const table = facts.tables.find((candidate) => candidate.schema === finding.schema && candidate.table === finding.table);
      if (!table) return finding;
      return { ...finding, message: `${finding.message} (${finding.table}: ${rowsAndScans(table)}.)` };
    }
    if (INDEX_CODES.has(finding.code) && finding.constraint) {
      const index = facts.indexes.find((candidate) => candidate.schema === finding.schema && candidate.index === finding.constraint);
      if (!index) return finding;
      return { ...finding, message: `${finding.message} It takes ${formatBytes(index.bytes)}.` };
    }
    return finding;
  });
}
