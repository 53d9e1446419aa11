// The `run()` that VS Code calls inside the extension host for `extensionTestsPath`. test/e2e/run.mjs
// bundles one of these per suite with a `loadTests` that requires the suite's test files, so mocha's
// globals (describe, it, ...) must exist before those modules evaluate: hence `pre-require` first.
import { appendFileSync } from 'node:fs';
import { format } from 'node:util';
import Mocha from 'mocha';

export interface SuiteRunOptions {
  /** Per-test timeout; also settable per suite in suite.json (`timeoutMs`). */
  timeoutMs: number;
  /** Registers the suite's tests (requires each test file). */
  loadTests: () => void;
}

export function runSuite(options: SuiteRunOptions): Promise<void> {
  // The extension host's console only reaches the workbench's log (re-formatted, mixed with
  // workbench chatter), so the reporter writes to a file the launcher streams to its stdout.
  const outputFile = process.env.SCHEMA_LENS_E2E_OUTPUT;
  if (outputFile) Mocha.reporters.Base.consoleLog = (...args: unknown[]) => appendFileSync(outputFile, `${format(...args)}\n`);
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    timeout: options.timeoutMs,
    grep: process.env.SCHEMA_LENS_E2E_GREP || undefined,
    forbidOnly: true,
  });
  mocha.suite.emit('pre-require', globalThis, 'e2e-bundle', mocha);
  options.loadTests();
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      // A rejected promise makes the extension host exit with code 1, which ends the launcher's run.
      if (failures > 0) reject(new Error(`${failures} e2e test(s) failed`));
      else if (!runner.stats?.tests) reject(new Error('no e2e tests ran (check the suite files and SCHEMA_LENS_E2E_GREP)'));
      else resolve();
    });
  });
}
