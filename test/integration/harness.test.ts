// The harness itself: a real server answers, and each test database is isolated.
import assert from 'node:assert/strict';
import { createTestDatabase } from './support/postgres';

describe('integration harness', () => {
  it('gives each test its own empty database on a real PostgreSQL', async () => {
    const first = await createTestDatabase('harness a');
    const second = await createTestDatabase('harness b');
    try {
      await first.exec('CREATE TABLE only_in_first (id int)');
      const client = await second.connect();
      try {
        const { rows } = await client.query(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'only_in_first'`);
        assert.equal(rows[0].n, 0);
        const version = await client.query('SHOW server_version_num');
        assert.ok(Number(version.rows[0].server_version_num) >= 140000);
      } finally {
        await client.end();
      }
    } finally {
      await first.drop();
      await second.drop();
    }
  });
});
