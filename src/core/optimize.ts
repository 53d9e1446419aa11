// `schema-lens optimize`: the maintenance the health findings call for, as statements. Planned
// read-only from runHealth(): REINDEX INDEX CONCURRENTLY of invalid (SL502) and bloated (SL505)
// indexes, VACUUM (ANALYZE) of tables with many dead rows (SL508) or never vacuumed (SL507),
// ANALYZE of tables only never analysed. Run only when the user says so (runOptimize).
import { postgres } from './dialect';
import { runHealth, type HealthOptions, type HealthResult } from './health';
import { runMaintenance, type MaintenanceEvent, type MaintenanceResult } from './migrations';

export interface OptimizeStep {
  statement: string;
  /** The finding it answers, for people: `SL508 stale: 10,000 dead rows`. */
  why: string;
}

export interface OptimizePlan {
  steps: OptimizeStep[];
  health: HealthResult;
}

const REINDEX_CODES = new Set(['SL502', 'SL505']);
const VACUUM_CODES = new Set(['SL507', 'SL508']);

export async function planOptimize(options: HealthOptions): Promise<OptimizePlan> {
  const health = await runHealth(options);
  const { ddl } = postgres;
  const steps: OptimizeStep[] = [];
  const planned = new Set<string>();
  const add = (statement: string, why: string): void => {
    if (planned.has(statement)) return;
    planned.add(statement);
    steps.push({ statement, why });
  };
  for (const finding of health.findings) {
    if (REINDEX_CODES.has(finding.code) && finding.constraint) {
      add(ddl.rebuildIndexConcurrentlySql(finding.schema, finding.constraint), `${finding.code} ${finding.code === 'SL502' ? 'invalid' : 'bloated'} index ${finding.constraint}`);
    }
  }
  for (const finding of health.findings) {
    if (!VACUUM_CODES.has(finding.code)) continue;
    const table = health.facts.tables.find((candidate) => candidate.schema === finding.schema && candidate.table === finding.table);
    // Vacuumed but never analysed: statistics are all it lacks.
    const statement = table?.lastVacuum && !table.lastAnalyze && finding.code === 'SL507' ? ddl.analyzeSql({ schema: finding.schema, name: finding.table }) : ddl.vacuumAnalyzeSql({ schema: finding.schema, name: finding.table });
    add(statement, `${finding.code} ${finding.code === 'SL508' ? 'dead rows in' : 'never vacuumed or analysed:'} ${finding.table}`);
  }
  return { steps, health };
}

export interface RunOptimizeOptions {
  lockTimeoutMs: number;
  onProgress?: (event: MaintenanceEvent) => void;
  signal?: AbortSignal;
}

/** Runs the plan's statements on the plan's database, one at a time, outside any transaction. */
export function runOptimize(plan: OptimizePlan, options: RunOptimizeOptions): Promise<MaintenanceResult> {
  return runMaintenance(plan.health.dataSource.connection!, plan.steps.map((step) => step.statement), options);
}
