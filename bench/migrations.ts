// Migrations for the shadow benchmark: TypeORM's own DDL for a workspace, split into N migration
// files written by the product's scaffolder, as if the schema had grown over N releases.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scaffoldMigration } from '../src/core/migrations/scaffold';

const FIRST_TIMESTAMP = 1_700_000_000_000;

/** Writes `count` migrations into <root>/src/migrations and returns how many it wrote. */
export function writeMigrations(root: string, statements: string[], count: number): number {
  const dir = join(root, 'src', 'migrations');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let written = 0;
  for (let i = 0; i < count; i++) {
    // Spread evenly, so there are exactly `count` migrations (fewer only with fewer statements).
    const up = statements.slice(Math.floor((i * statements.length) / count), Math.floor(((i + 1) * statements.length) / count));
    if (up.length === 0) continue;
    const { fileName, text } = scaffoldMigration({ name: `Release${i + 1}`, up, down: [], timestamp: FIRST_TIMESTAMP + i * 60_000 });
    writeFileSync(join(dir, fileName), text);
    written++;
  }
  return written;
}
