import assert from 'node:assert/strict';
import { migrationsToLint } from '../../../src/extension/lintScope';

describe('extension/lintScope: which migration files the editor lints', () => {
  const open = new Map([['/p/m/3-Open.ts', 'buffer text']]);
  const files = ['/p/m/1-Ran.ts', '/p/m/2-Pending.ts', '/p/m/3-Open.ts'];
  const pending = [
    { name: 'Pending2', file: '/p/m/2-Pending.ts', tables: [] },
    { name: 'Open3', file: '/p/m/3-Open.ts', tables: [] },
    { name: 'NoFile4', tables: [] },
  ];

  it('open: only the open files, with their buffer text', () => {
    assert.deepEqual([...migrationsToLint('open', open, files, pending)], [['/p/m/3-Open.ts', 'buffer text']]);
  });

  it('pending: the open files, then the pending ones from disk (an open pending file keeps its buffer)', () => {
    assert.deepEqual([...migrationsToLint('pending', open, files, pending)], [
      ['/p/m/3-Open.ts', 'buffer text'],
      ['/p/m/2-Pending.ts', undefined],
    ]);
  });

  it('all: every migration file', () => {
    assert.deepEqual([...migrationsToLint('all', open, files, pending).keys()].sort(), [...files].sort());
    assert.equal(migrationsToLint('all', open, files, pending).get('/p/m/3-Open.ts'), 'buffer text');
  });
});
