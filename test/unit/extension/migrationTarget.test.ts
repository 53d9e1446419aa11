import assert from 'node:assert/strict';
import { migrationsFolder } from '../../../src/extension/migrationTarget';

describe('extension/migrationsFolder', () => {
  it('takes the static folder of the first migrations glob', () => {
    assert.equal(migrationsFolder('/p', ['src/migrations/*.ts'], []), '/p/src/migrations');
    assert.equal(migrationsFolder('/p', ['db/migrations/**/*.{ts,js}'], ['/p/other/1-a.ts']), '/p/db/migrations');
    assert.equal(migrationsFolder('/p', ['**/migrations/*.ts', 'x/*.ts'], []), '/p/x');
  });

  it('falls back to where the existing migrations are, then to src/migrations', () => {
    assert.equal(migrationsFolder('/p', ['**/migrations/*.ts'], ['/p/db/migrations/1700000000000-A.ts', '/p/db/migrations/1600000000000-B.ts']), '/p/db/migrations');
    assert.equal(migrationsFolder('/p', [], []), '/p/src/migrations');
  });
});
