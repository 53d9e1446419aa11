import assert from 'node:assert/strict';
import { suggestCommand } from '../../../src/cli/run';

describe('cli: did you mean', () => {
  it('suggests the command a typo, a swap or a beginning most likely meant', () => {
    assert.equal(suggestCommand('chekc'), 'check');
    assert.equal(suggestCommand('migrat'), 'migrate');
    assert.equal(suggestCommand('stauts'), 'status');
    assert.equal(suggestCommand('gen'), 'generate');
    assert.equal(suggestCommand('revrt'), 'revert');
  });

  it('suggests nothing for a word that is no command, nor for a beginning several commands share', () => {
    for (const word of ['deploy', 'help', 'test', 'sync']) assert.equal(suggestCommand(word), undefined, word);
    assert.equal(suggestCommand('re'), undefined, 'revert or restore');
  });
});
