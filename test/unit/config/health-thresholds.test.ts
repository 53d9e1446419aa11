import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkHealthThresholds, HEALTH_THRESHOLD_DEFAULTS, readHealthThresholds } from '../../../src/core/config';
import type { ReadProblem } from '../../../src/core/model';
import { readSettings } from '../../../src/extension/settings';

describe('health thresholds', () => {
  it('keeps valid numbers, and names each key it ignores', () => {
    const problems: ReadProblem[] = [];
    const result = checkHealthThresholds({ longRunningSeconds: 5, cacheHitPercent: 120, deadRows: 3, bloatMinBytes: 'big' }, 'schema-lens.json', problems);
    assert.deepEqual(result, { longRunningSeconds: 5 });
    assert.equal(problems.length, 3);
    assert.match(problems.map((p) => p.message).join('\n'), /health\.cacheHitPercent" must be a number from 0 to 100[\s\S]*health\.deadRows" is not a threshold[\s\S]*health\.bloatMinBytes" must be a number/);
  });

  it('the editor setting over schema-lens.json over the defaults, key by key', () => {
    const root = mkdtempSync(join(tmpdir(), 'sl-thresholds-'));
    try {
      writeFileSync(join(root, 'schema-lens.json'), JSON.stringify({ health: { longRunningSeconds: 5, deadRowsMin: 10 } }));
      const settings = readSettings({ get: <T>(key: string) => (key === 'health' ? { deadRowsMin: 20, nonsense: 1 } : undefined) as T | undefined });
      const { thresholds, problems } = readHealthThresholds(root, settings.health);
      assert.deepEqual(problems, []);
      assert.deepEqual(thresholds, { ...HEALTH_THRESHOLD_DEFAULTS, longRunningSeconds: 5, deadRowsMin: 20 });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('package.json declares each threshold of the schemaLens.health setting', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
    const declared = Object.keys(manifest.contributes.configuration.properties['schemaLens.health'].properties);
    assert.deepEqual(declared.sort(), Object.keys(HEALTH_THRESHOLD_DEFAULTS).sort());
  });
});
