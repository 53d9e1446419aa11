// Tests wait on conditions, never on sleeps: poll until it holds. The bound is generous because a
// loaded machine is slow, not stuck; the message says what never happened.
import assert from 'node:assert/strict';

export async function waitFor(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
