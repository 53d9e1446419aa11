import assert from 'node:assert/strict';
import { KeyedDebouncer } from '../../../src/extension/debounce';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('extension/KeyedDebouncer', () => {
  it('runs once after a burst of triggers for one key', async () => {
    const debouncer = new KeyedDebouncer<string>(() => 20);
    let runs = 0;
    for (let i = 0; i < 5; i++) {
      debouncer.trigger('a', () => runs++);
      await sleep(5);
    }
    assert.equal(runs, 0);
    assert.ok(debouncer.isPending('a'));
    await sleep(40);
    assert.equal(runs, 1);
    assert.ok(!debouncer.isPending('a'));
  });

  it('keeps keys independent', async () => {
    const debouncer = new KeyedDebouncer<string>(() => 10);
    const ran: string[] = [];
    debouncer.trigger('a', () => ran.push('a'));
    debouncer.trigger('b', () => ran.push('b'));
    debouncer.trigger('a', () => ran.push('a2'));
    await sleep(30);
    assert.deepEqual(ran.sort(), ['a2', 'b']);
  });

  it('asks the delay per key', async () => {
    const debouncer = new KeyedDebouncer<string>((key) => (key === 'slow' ? 60 : 5));
    const ran: string[] = [];
    debouncer.trigger('slow', () => ran.push('slow'));
    debouncer.trigger('fast', () => ran.push('fast'));
    await sleep(30);
    assert.deepEqual(ran, ['fast']);
    await sleep(60);
    assert.deepEqual(ran, ['fast', 'slow']);
  });

  it('cancel and dispose drop pending work', async () => {
    const debouncer = new KeyedDebouncer<string>(() => 10);
    let runs = 0;
    debouncer.trigger('a', () => runs++);
    debouncer.cancel('a');
    debouncer.trigger('b', () => runs++);
    assert.ok(debouncer.hasPending());
    debouncer.dispose();
    assert.ok(!debouncer.hasPending());
    await sleep(30);
    assert.equal(runs, 0);
  });
});
