// The thresholds of `schema-lens health` given as data (their names and defaults:
// core/model/health-thresholds.ts). schema-lens.json's "health" object and the
// editor's `schemaLens.health` setting (merged over it, key by key) both go through checkHealthThresholds.
import type { ReadProblem } from '../model/schema';
import { HEALTH_THRESHOLD_DEFAULTS, type HealthThresholds } from '../model/health-thresholds';

export { HEALTH_THRESHOLD_DEFAULTS, type HealthThresholds };

const PERCENT_KEYS = new Set<keyof HealthThresholds>(['sequenceUsedPercent', 'bloatPercent', 'cacheHitPercent', 'deadRowsPercent', 'connectionsUsedPercent']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The valid thresholds of `raw` (an object of numbers); each invalid or unknown key is a problem and is ignored. */
export function checkHealthThresholds(raw: unknown, where: string, problems: ReadProblem[], file?: string): Partial<HealthThresholds> {
  if (raw === undefined) return {};
  if (!isRecord(raw)) {
    problems.push({ severity: 'warning', message: `${where}: "health" must be an object of thresholds; it is ignored.`, file });
    return {};
  }
  const result: Partial<HealthThresholds> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in HEALTH_THRESHOLD_DEFAULTS)) {
      problems.push({ severity: 'warning', message: `${where}: "health.${key}" is not a threshold (known: ${Object.keys(HEALTH_THRESHOLD_DEFAULTS).join(', ')}); it is ignored.`, file });
      continue;
    }
    const name = key as keyof HealthThresholds;
    const max = PERCENT_KEYS.has(name) ? 100 : Number.MAX_SAFE_INTEGER;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
      problems.push({ severity: 'warning', message: `${where}: "health.${key}" must be a number from 0 to ${max === 100 ? 100 : 'any size'}; it is ignored.`, file });
      continue;
    }
    result[name] = value;
  }
  return result;
}

/** The defaults, then each layer over the one before (schema-lens.json, then the editor's setting). */
export function healthThresholds(...layers: Array<Partial<HealthThresholds> | undefined>): HealthThresholds {
  return Object.assign({}, HEALTH_THRESHOLD_DEFAULTS, ...layers.filter(Boolean)) as HealthThresholds;
}
