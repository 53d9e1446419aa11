import assert from 'node:assert/strict';
import { planConnection, type PlanInput } from '../../../src/extension/connectionPlan';

const base: PlanInput = { choice: undefined, settingsUrl: '', discovered: undefined, trusted: true, shadowEnabled: true, migrationCount: 2 };

describe('extension/planConnection', () => {
  it('prefers the explicit choice, then the setting, then the discovered connection, then the embedded database', () => {
    const discovered = { host: 'db', user: 'app', database: 'app', password: 'pw' };
    assert.deepEqual(planConnection({ ...base, choice: { mode: 'database', connection: { url: 'postgres://u@h/d' } }, settingsUrl: 'postgres://s@h/d', discovered }),
      { kind: 'database', connection: { url: 'postgres://u@h/d' }, needsSecret: true });
    assert.deepEqual(planConnection({ ...base, settingsUrl: 'postgres://s@h/d', discovered }), { kind: 'database', connection: { url: 'postgres://s@h/d' }, needsSecret: true });
    assert.deepEqual(planConnection({ ...base, discovered }), { kind: 'database', connection: discovered, needsSecret: false });
    assert.deepEqual(planConnection(base), { kind: 'shadow' });
    assert.deepEqual(planConnection({ ...base, shadowEnabled: false }), { kind: 'none', state: { kind: 'disconnected' } });
  });

  it('with no migrations there is nothing to replay: entity-only, saying why, unless the user picked the embedded database', () => {
    assert.deepEqual(planConnection({ ...base, migrationCount: 0 }), { kind: 'none', state: { kind: 'disconnected', reason: 'no-migrations' } });
    assert.deepEqual(planConnection({ ...base, migrationCount: 0, choice: { mode: 'embedded' } }), { kind: 'shadow' });
    assert.equal(planConnection({ ...base, migrationCount: 0, discovered: { host: 'db' } }).kind, 'database');
  });

  it('does not ask for a stored password when the URL carries one', () => {
    const plan = planConnection({ ...base, discovered: { url: 'postgres://app:pw@db/app' } });
    assert.equal(plan.kind === 'database' && plan.needsSecret, false);
  });

  it('in an untrusted workspace neither auto-connects to the project config nor replays migrations', () => {
    const untrusted = { ...base, trusted: false, discovered: { host: 'db' } };
    assert.deepEqual(planConnection(untrusted), { kind: 'none', state: { kind: 'restricted' } });
    assert.deepEqual(planConnection({ ...untrusted, choice: { mode: 'embedded' } }), { kind: 'none', state: { kind: 'restricted' } });
    assert.equal(planConnection({ ...untrusted, choice: { mode: 'discovered' } }).kind, 'database');
  });

  it('off means entity-only checks', () => {
    assert.deepEqual(planConnection({ ...base, choice: { mode: 'off' }, discovered: { host: 'db' } }), { kind: 'none', state: { kind: 'disconnected' } });
  });
});
