import assert from 'node:assert/strict';
import { nextStep, ruleCatalogue } from '../../../src/core/rules';

describe('next steps', () => {
  it('every code in the catalogue says what to do next, in one line', () => {
    for (const { code } of ruleCatalogue) {
      const step = nextStep(code);
      assert.ok(step, `${code} has no next step: add one line to src/core/rules/next-steps.ts (what to do about it)`);
      assert.doesNotMatch(step, /\n/, `${code}'s next step is one line`);
      assert.ok(step.length <= 160, `${code}'s next step is short (${step.length} characters)`);
    }
  });
});
