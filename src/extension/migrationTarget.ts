// Where a scaffolded migration goes: the static folder of the project's first migrations glob
// (`src/migrations/*.ts` -> `src/migrations`); for a glob without one (`**/migrations/*.ts`),
// the folder of the newest existing migration; else `src/migrations`. Pure.
import { dirname, isAbsolute, join } from 'node:path';
import picomatch from 'picomatch';

export function migrationsFolder(root: string, migrationGlobs: readonly string[], existingFiles: readonly string[]): string {
  for (const glob of migrationGlobs) {
    const { base } = picomatch.scan(glob);
    if (base && base !== '.') return isAbsolute(base) ? base : join(root, base);
  }
  const newest = [...existingFiles].sort().at(-1);
  return newest ? dirname(newest) : join(root, 'src', 'migrations');
}
