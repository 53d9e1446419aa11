import assert from 'node:assert/strict';
import { failureReport } from '../../integration/support/diagnostics';

describe('integration tests: the report of a failed test', () => {
  it('names the test, each command with its exit code and stderr tail, and the server log, with passwords masked', () => {
    const stderr = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`).join('\n');
    const report = failureReport(
      'migrations CLI refuses',
      [{ command: 'schema-lens migrate --db postgres://postgres:secret@127.0.0.1:5432/db', code: 2, stderr }],
      ['LOG:  connection authorized: user=postgres', 'FATAL:  password authentication failed for postgres://app:hunter2@x/y'],
    );
    assert.match(report, /diagnostics for the failed test "migrations CLI refuses"/);
    assert.match(report, /\$ schema-lens migrate --db postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:5432\/db {3}\(exit 2\)/);
    assert.ok(report.includes('  | line 40') && report.includes('  | line 11') && !report.includes('line 10\n'), 'the last 30 lines of stderr');
    assert.match(report, /PostgreSQL server log[\s\S]*connection authorized/);
    assert.ok(!report.includes('secret') && !report.includes('hunter2'));
  });
});
