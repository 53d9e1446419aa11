import assert from 'node:assert/strict';
import { presentStatus } from '../../../src/extension/statusModel';

describe('extension/presentStatus', () => {
  it('shows the database when the only data source is connected', () => {
    const status = presentStatus([{ label: 'default', state: { kind: 'connected', description: 'app@db:5432/app' } }]);
    assert.equal(status.text, '$(database) Schema Lens: app@db:5432/app');
    assert.equal(status.isError, false);
    assert.equal(status.actions[0], 'refresh');
  });

  it('says how much of the entities was read statically, per data source', () => {
    const status = presentStatus([{ label: 'default', state: { kind: 'embedded', migrations: 2 }, coverage: 'read 40 of 42 columns (95.2%) statically; 2 unknown' }]);
    assert.equal(status.tooltip, 'default: embedded database (2 migrations replayed)\n  entities: read 40 of 42 columns (95.2%) statically; 2 unknown');
  });

  it('an error anywhere wins, offers retry first, and says the checks continue entity-only', () => {
    const status = presentStatus([
      { label: 'api / default', state: { kind: 'connected', description: 'x' } },
      { label: 'web / default', state: { kind: 'error', message: 'connection refused' } },
    ]);
    assert.equal(status.isError, true);
    assert.deepEqual(status.actions.slice(0, 2), ['refresh', 'connect']);
    assert.match(status.tooltip, /web \/ default: database error: connection refused \(entity-only checks meanwhile\)/);
  });

  it('disconnected offers to connect; embedded says so; restricted offers trust', () => {
    assert.equal(presentStatus([{ label: 'd', state: { kind: 'disconnected' } }]).actions[0], 'connect');
    assert.match(presentStatus([{ label: 'd', state: { kind: 'embedded', migrations: 1 } }]).tooltip, /1 migration replayed/);
    assert.equal(presentStatus([{ label: 'd', state: { kind: 'restricted' } }]).actions[0], 'manageTrust');
  });

  it('spins while starting or before any data source is known', () => {
    assert.match(presentStatus([]).text, /sync~spin/);
    assert.match(presentStatus([{ label: 'd', state: { kind: 'starting' } }]).text, /sync~spin/);
  });
});
