import assert from 'node:assert/strict';
import { pgDumpCompatible } from '../../../src/core/migrations/backup';
import { connectionUrl } from '../../../src/core/migrations/connection';
import { migrationLockKey } from '../../../src/core/migrations/lock';

describe('migrations/connection, lock key, pg_dump compatibility', () => {
  it('builds one URL from parts, a URL plus a separate password, with escaping', () => {
    assert.equal(connectionUrl({ host: 'db', port: 5433, user: 'app', password: 'p@ss/w', database: 'shop' }), 'postgres://app:p%40ss%2Fw@db:5433/shop');
    assert.equal(connectionUrl({ url: 'postgres://app@db/shop?sslmode=disable', password: 'secret' }), 'postgres://app:secret@db/shop?sslmode=disable');
    assert.equal(connectionUrl({ url: 'postgres://app@db/shop', ssl: true }), 'postgres://app@db/shop?sslmode=require');
  });

  it('uses a pg_dump only when it is at least as new as the server', () => {
    assert.equal(pgDumpCompatible(15, 18), false);
    assert.equal(pgDumpCompatible(18, 18), true);
    assert.equal(pgDumpCompatible(17, 14), true);
  });

  it('gives each migrations table its own lock key, stable across runs', () => {
    assert.equal(migrationLockKey('public', 'migrations'), migrationLockKey('public', 'migrations'));
    assert.notEqual(migrationLockKey('public', 'migrations'), migrationLockKey('tenant', 'migrations'));
    assert.ok(Number.isInteger(migrationLockKey('public', 'migrations')));
  });
});
