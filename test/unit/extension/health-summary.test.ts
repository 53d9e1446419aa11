import assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/rules';
import { bySeverity, findingLabel, healthStatusText } from '../../../src/extension/health/summary';

const finding = (code: string, severity: Finding['severity'], fields: Partial<Finding> = {}): Finding => ({ code, severity, category: 'health', message: code, schema: 'public', table: '', fixes: [], ...fields });

describe('extension/health summary', () => {
  it('counts errors and warnings for the status bar; information alone is ok', () => {
    assert.equal(healthStatusText([]), 'health: ok');
    assert.equal(healthStatusText([finding('SL512', 'info')]), 'health: ok');
    assert.equal(healthStatusText([finding('SL503', 'warning'), finding('SL508', 'warning'), finding('SL502', 'error')]), 'health: 1 error, 2 warnings');
  });

  it('lists the most serious first and names what each finding is about', () => {
    const sorted = bySeverity([finding('SL507', 'info', { table: 'fresh' }), finding('SL502', 'error', { table: 'orders', constraint: 'orders_idx' }), finding('SL503', 'warning', { table: 'customer', column: 'id' })]);
    assert.deepEqual(sorted.map(findingLabel), ['SL502 orders_idx', 'SL503 customer.id', 'SL507 fresh']);
    assert.equal(findingLabel(finding('SL506', 'warning')), 'SL506');
  });
});
