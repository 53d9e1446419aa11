// Helpers for unit tests over small projects on disk: a fresh temporary project per test, and
// environment variables the project's .env is meant to decide, cleared for the suite.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A temporary project folder per test (made before each, removed after each). `root()` is the
 * current one; `write(path, text)` writes a file in it, making its folders.
 */
export function temporaryProjects(prefix: string): { root: () => string; write: (path: string, text: string) => void } {
  let current = '';
  beforeEach(() => {
    current = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => rmSync(current, { recursive: true, force: true }));
  return {
    root: () => current,
    write: (path, text) => {
      mkdirSync(dirname(join(current, path)), { recursive: true });
      writeFileSync(join(current, path), text);
    },
  };
}

/** Removes these variables from the test process for the suite, and puts them back after it. */
export function withoutEnvironment(keys: readonly string[]): void {
  const saved: Record<string, string | undefined> = {};
  before(() => {
    for (const key of keys) {
      saved[key] = process.env[key];
      delete process.env[key];
    }
  });
  after(() => {
    for (const key of keys) if (saved[key] !== undefined) process.env[key] = saved[key];
  });
}
