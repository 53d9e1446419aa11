// Small projects written to a temporary directory and read, for the entity reader's unit tests.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readEntities, type EntityReaderOptions, type NamingChoice } from '../../../src/core/entities';
import type { Table } from '../../../src/core/model/schema';

/** Writes a small project (file name -> source) and reads it. */
export function project(files: Record<string, string>, naming: NamingChoice = 'default', typeormVersion = '1.1.1', options: Partial<EntityReaderOptions> = {}) {
  const root = mkdtempSync(path.join(tmpdir(), 'sl-entities-'));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  const entityFiles = Object.keys(files).filter((name) => name.endsWith('.entity.ts')).map((name) => path.join(root, name));
  return { root, result: readEntities({ root, naming, files: entityFiles, typeormVersion, ...options }) };
}
export const roots: string[] = [];

export function table(tables: Table[], name: string): Table {
  const found = tables.find((t) => t.name === name);
  assert.ok(found, `table ${name} in ${tables.map((t) => t.name).join(', ')}`);
  return found;
}

export function columns(t: Table): string[] {
  return t.columns.map((c) => `${c.name} ${c.type}${c.nullable ? ' NULL' : ''}${c.default !== undefined ? ` DEFAULT ${c.default}` : ''}${c.generated ? ` ${c.generated.kind}` : ''}`);
}


/** For `after()`: removes every project written so far. */
export function removeProjects(): void {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
}
