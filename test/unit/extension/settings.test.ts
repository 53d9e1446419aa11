import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSettings, settingDefaults, toOverrides } from '../../../src/extension/settings';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));

function configuration(values: Record<string, unknown>) {
  return { get: <T>(key: string) => values[key] as T | undefined };
}

describe('extension/settings', () => {
  it('package.json declares exactly the settings the module reads, with the same defaults', () => {
    const declared = manifest.contributes.configuration.properties as Record<string, { default: unknown }>;
    const ours = Object.keys(declared).filter((k) => k.startsWith('schemaLens.') && k.slice('schemaLens.'.length) in settingDefaults);
    assert.deepEqual(Object.keys(settingDefaults).map((k) => `schemaLens.${k}`).sort(), ours.sort());
    for (const [key, value] of Object.entries(settingDefaults)) assert.deepEqual(declared[`schemaLens.${key}`].default, value, key);
  });

  it('defaults when nothing is set', () => {
    const settings = readSettings(configuration({}));
    assert.equal(settings.naming, 'auto');
    assert.equal(settings.debounceMs, 50);
    assert.equal(settings.shadowEnabled, true);
    assert.deepEqual(toOverrides(settings), {});
  });

  it('validates values and builds the core overrides', () => {
    const settings = readSettings(configuration({
      entities: ['src/**/*.entity.ts', 42, ''], naming: 'snake', schema: ' app ', severity: { sl301: 'error', SL502: 'loud' },
      'diagnostics.debounceMs': -5, 'database.url': 'postgres://app@db/app',
    }));
    assert.deepEqual(settings.entities, ['src/**/*.entity.ts']);
    assert.deepEqual(settings.severity, { SL301: 'error' });
    assert.equal(settings.debounceMs, 0);
    assert.deepEqual(toOverrides(settings), { entities: ['src/**/*.entity.ts'], naming: 'snake', schema: 'app' });
  });

  it('reads the migration lint size thresholds, defaulting as the CLI does and refusing nonsense', () => {
    assert.deepEqual(readSettings(configuration({})).lintThresholds, { errorRows: 1_000_000, errorBytes: 1024 ** 3 });
    assert.deepEqual(readSettings(configuration({ 'lint.bigTableRows': 5000, 'lint.bigTableBytes': 'big' })).lintThresholds, { errorRows: 5000, errorBytes: 1024 ** 3 });
    assert.equal(readSettings(configuration({ 'lint.bigTableRows': -1 })).lintThresholds.errorRows, 0);
  });
});
