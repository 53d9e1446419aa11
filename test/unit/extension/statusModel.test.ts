import assert from 'node:assert/strict';
import { codeLensTitle, describeState, messageLines, noDataSourceFound, presentStatus } from '../../../src/extension/statusModel';

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

  it('one vocabulary: the views say the same as the status bar', () => {
    assert.equal(describeState({ kind: 'embedded', migrations: 2 }).short, 'embedded database · 2 migrations replayed');
    assert.equal(describeState({ kind: 'embedded', migrations: 1 }).long, 'embedded database (1 migration replayed)');
    assert.equal(describeState({ kind: 'error', message: 'connect ECONNREFUSED 127.0.0.1:9' }).short, 'database unreachable');
    assert.equal(describeState({ kind: 'disconnected', reason: 'no-migrations' }).long, 'no database and no migrations to replay: entity-only checks');
    assert.match(presentStatus([{ label: 'd', state: { kind: 'disconnected', reason: 'no-migrations' } }]).tooltip, /no migrations to replay/);
  });

  it('CodeLens: never "no findings" when the database could not be read', () => {
    assert.equal(codeLensTitle(0, { kind: 'error', message: 'x' }, false), 'not checked: database unreachable');
    assert.equal(codeLensTitle(1, { kind: 'error', message: 'x' }, false), 'not checked: database unreachable · 1 entity-only finding');
    assert.equal(codeLensTitle(0, { kind: 'connected', description: 'db' }, true), '$(check) in sync with the database');
    assert.equal(codeLensTitle(0, { kind: 'embedded', migrations: 3 }, true), '$(check) in sync with the schema the migrations build');
    assert.equal(codeLensTitle(2, { kind: 'connected', description: 'db' }, true), '2 differences');
    assert.equal(codeLensTitle(0, { kind: 'disconnected' }, false), 'no findings (entity-only: no database)');
  });

  it('an error message in lines a sidebar shows whole', () => {
    const lines = messageLines('Connection refused: is PostgreSQL running on 127.0.0.1:9 and accepting TCP/IP connections? Check the host and port.');
    assert.deepEqual(lines, ['Connection refused:', 'is PostgreSQL running on 127.0.0.1:9 and', 'accepting TCP/IP connections?', 'Check the host and port.']);
    assert.ok(lines.every((line) => line.length <= 48));
  });

  it('no data source: no DataSource file, no migrations and no database in any project', () => {
    const bare = { config: {}, migrations: [], state: { kind: 'disconnected', reason: 'no-migrations' } as const };
    assert.equal(noDataSourceFound([]), true);
    assert.equal(noDataSourceFound([bare]), true);
    assert.equal(noDataSourceFound([{ ...bare, config: { file: '/p/data-source.ts' } }]), false);
    assert.equal(noDataSourceFound([{ ...bare, migrations: ['m'] }]), false);
    assert.equal(noDataSourceFound([{ ...bare, state: { kind: 'error', message: 'x' } }]), false);
  });

  it('a database that stopped answering after a good read: its findings stay, marked stale, and that is said everywhere', () => {
    const state = { kind: 'error' as const, message: 'connection refused', staleSince: '14:02' };
    assert.equal(describeState(state).short, 'database unreachable · findings from 14:02');
    assert.match(describeState(state).long, /showing the findings of the last good read, 14:02, marked stale; retrying/);
    assert.equal(codeLensTitle(2, state, true), '2 differences at 14:02 · stale: database unreachable');
    assert.equal(codeLensTitle(0, state, true), 'in sync at 14:02 · stale: database unreachable');
  });
});
