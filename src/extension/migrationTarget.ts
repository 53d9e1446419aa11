// Where a scaffolded migration goes: the static folder of the project's first migrations glob
// (`src/migrations/*.ts` -> `src/migrations`), or the folder the user set. Pure.
import { isAbsolute, join } from 'node:path';
import picomatch from 'picomatch';

export function migrationsFolder(root: string, migrationGlobs: readonly string[]): string {
  for (const glob of migrationGlobs) {
    const { base } = picomatch.scan(glob);
    if (base && base !== '.') return isAbsolute(base) ? base : join(root, base);
  }
  return join(root, 'src', 'migrations');
}

/** A migration name TypeORM accepts as a class name: `AddIndexPostAuthorId`. */
export function migrationName(title: string): string {
  const words = title.replace(/[^A-Za-z0-9]+/g, ' ').trim().split(/\s+/).filter(Boolean);
  const name = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  const safe = /^[A-Za-z]/.test(name) ? name : `Migration${name}`;
  return safe.slice(0, 80);
}
