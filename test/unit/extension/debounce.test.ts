// On the debouncer's own clock (node:test's mock timers): what runs when is decided by the delays
// alone, not by how busy the machine is.
import assert from 'node:assert/strict';
import { mock } from 'node:test';
import { KeyedDebouncer } from '../../../src/extension/debounce';

describe('extension/KeyedDebouncer', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  it('runs once after a burst of triggers for one key', () => {
    const debouncer = new KeyedDebouncer<string>(() => 20);
    let runs = 0;
    for (let i = 0; i < 5; i++) {
      debouncer.trigger('a', () => runs++);
      mock.timers.tick(5);
    }
    assert.equal(runs, 0);
    assert.ok(debouncer.isPending('a'));
    // The last trigger was 5 ms ago: 15 more to go.
    mock.timers.tick(14);
    assert.equal(runs, 0, 'not before the delay has passed since the last trigger');
    mock.timers.tick(1);
    assert.equal(runs, 1);
    assert.ok(!debouncer.isPending('a'));
  });

  it('keeps keys independent', () => {
    const debouncer = new KeyedDebouncer<string>(() => 10);
    const ran: string[] = [];
    debouncer.trigger('a', () => ran.push('a'));
    debouncer.trigger('b', () => ran.push('b'));
    debouncer.trigger('a', () => ran.push('a2'));
    mock.timers.tick(10);
    assert.deepEqual(ran.sort(), ['a2', 'b']);
  });

  it('asks the delay per key', () => {
    const debouncer = new KeyedDebouncer<string>((key) => (key === 'slow' ? 60 : 5));
    const ran: string[] = [];
    debouncer.trigger('slow', () => ran.push('slow'));
    debouncer.trigger('fast', () => ran.push('fast'));
    mock.timers.tick(30);
    assert.deepEqual(ran, ['fast']);
    mock.timers.tick(30);
    assert.deepEqual(ran, ['fast', 'slow']);
  });

  it('cancel and dispose drop pending work', () => {
    const debouncer = new KeyedDebouncer<string>(() => 10);
    let runs = 0;
    debouncer.trigger('a', () => runs++);
    debouncer.cancel('a');
    debouncer.trigger('b', () => runs++);
    assert.ok(debouncer.hasPending());
    debouncer.dispose();
    assert.ok(!debouncer.hasPending());
    mock.timers.tick(30);
    assert.equal(runs, 0);
  });
});
