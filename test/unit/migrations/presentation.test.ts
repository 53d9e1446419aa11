import assert from 'node:assert/strict';
import type { MigrationStatus } from '../../../src/core/migrations/status';
import { presentMigration, replayStates } from '../../../src/extension/migrations/presentation';

const base: MigrationStatus = {
  name: 'AddEmail1700000000000',
  timestamp: 1700000000000,
  file: '/p/migrations/1700000000000-AddEmail.ts',
  state: 'executed',
  runOrder: 3,
  outOfOrder: false,
  edited: false,
  duplicateTimestamp: false,
  duplicateName: false,
};

describe('extension/migrations/presentation', () => {
  it('shows executed migrations with their run order and a pass icon', () => {
    const shown = presentMigration(base);
    assert.equal(shown.label, 'AddEmail');
    assert.equal(shown.description, 'executed #3');
    assert.equal(shown.icon, 'pass-filled');
    assert.equal(shown.contextValue, 'migration.executed');
    assert.match(shown.tooltip, /2023-11-14 22:13 UTC/);
  });

  it('marks every problem state distinctly', () => {
    assert.deepEqual(
      [
        { ...base, state: 'pending' as const, runOrder: undefined },
        { ...base, state: 'pending' as const, runOrder: undefined, outOfOrder: true },
        { ...base, edited: true },
        { ...base, state: 'missing' as const, file: undefined },
        { ...base, duplicateName: true },
        { ...base, state: 'unknown' as const, runOrder: undefined },
      ].map((status) => {
        const shown = presentMigration(status);
        return [shown.icon, shown.description, shown.contextValue];
      }),
      [
        ['circle-large-outline', 'pending', 'migration.pending'],
        ['arrow-swap', 'pending · out of order', 'migration.pending.problem'],
        ['diff-modified', 'executed #3 · edited after it ran', 'migration.executed.problem'],
        ['warning', 'executed #3, file missing', 'migration.missing'],
        ['error', 'executed #3 · duplicate name', 'migration.executed.problem'],
        ['circle-small', 'status unknown: no database', 'migration.unknown'],
      ],
    );
  });

  it('embedded comparison: replayed, the one the replay stopped at, and the ones after it', () => {
    const unknown = { ...base, state: 'unknown' as const, runOrder: undefined };
    const first = { ...unknown, name: 'A1700000000000', timestamp: 1700000000000, file: '/p/a.ts' };
    const second = { ...unknown, name: 'B1700000001000', timestamp: 1700000001000, file: '/p/b.ts' };
    const third = { ...unknown, name: 'C1700000002000', timestamp: 1700000002000, file: '/p/c.ts' };
    const states = replayStates([third, second, first], ['/p/b.ts']);
    assert.deepEqual([states.get(first), states.get(second), states.get(third)], ['replayed', 'failed', 'not replayed']);
    assert.deepEqual([...replayStates([first, second], []).values()], ['replayed', 'replayed']);
    const shown = (replay: 'replayed' | 'failed' | 'not replayed') => { const p = presentMigration(first, replay, { kind: 'embedded', migrations: 3 }); return [p.icon, p.description]; };
    assert.deepEqual(shown('replayed'), ['pass', 'replayed in the embedded database']);
    assert.deepEqual(shown('failed'), ['error', 'replay failed in the embedded database']);
    assert.deepEqual(shown('not replayed'), ['circle-slash', 'not replayed (an earlier migration failed)']);
    // A database that could not be read: said in the Database view's words.
    assert.equal(presentMigration(unknown, undefined, { kind: 'error', message: 'refused' }).description, 'status unknown: database unreachable');
  });
});
