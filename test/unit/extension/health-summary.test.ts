import assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/rules';
import { bySeverity, findingLabel, healthStatusText, readGaps } from '../../../src/extension/health/summary';

const finding = (code: string, severity: Finding['severity'], fields: Partial<Finding> = {}): Finding => ({ code, severity, category: 'health', message: code, schema: 'public', table: '', fixes: [], ...fields });

describe('extension/health summary', () => {
  it('counts errors and warnings for the status bar; information alone is ok', () => {
    assert.equal(healthStatusText([]), 'health: ok');
    assert.equal(healthStatusText([finding('SL512', 'info')]), 'health: ok');
    assert.equal(healthStatusText([finding('SL503', 'warning'), finding('SL508', 'warning'), finding('SL502', 'error')]), 'health: 1 error, 2 warnings');
  });

  it('says how many parts could not be read: ok is only ok for what was read', () => {
    const gaps = readGaps([
      { severity: 'warning', message: 'Could not read table bloat: permission denied' },
      { severity: 'info', message: 'Column "t"."v" is a VIRTUAL generated column' },
      { severity: 'error', message: 'schema-lens.json is not JSON' },
    ]);
    assert.deepEqual(gaps.map((gap) => gap.severity), ['warning', 'error']);
    assert.equal(healthStatusText([], gaps.length), 'health: ok, 2 parts unread');
    assert.equal(healthStatusText([finding('SL502', 'error')], 1), 'health: 1 error, 1 part unread');
  });

  it('lists the most serious first and names what each finding is about', () => {
    const sorted = bySeverity([finding('SL507', 'info', { table: 'fresh' }), finding('SL502', 'error', { table: 'orders', constraint: 'orders_idx' }), finding('SL503', 'warning', { table: 'customer', column: 'id' })]);
    assert.deepEqual(sorted.map(findingLabel), ['SL502 orders_idx', 'SL503 customer.id', 'SL507 fresh']);
    assert.equal(findingLabel(finding('SL506', 'warning')), 'SL506');
  });
});
