// Writes the next TypeORM-generated migration of a shadow fixture project (a maintainer's tool,
// not a test): `tsx test/integration/shadow/support/generate-fixture.ts <project dir> <Name> <timestamp>`.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createTestDatabase, stopTestServer } from '../../support/postgres';
import { generateMigration } from './generate';

async function main(): Promise<void> {
  const [dir, name, timestamp] = process.argv.slice(2);
  if (!dir || !name || !timestamp) throw new Error('usage: generate-fixture.ts <project dir> <Name> <13-digit timestamp>');
  const root = resolve(dir);
  const list = (sub: string, suffix: string) => readdirSync(join(root, sub)).filter((file) => file.endsWith(suffix)).sort().map((file) => join(root, sub, file));
  const db = await createTestDatabase('generate');
  try {
    const file = await generateMigration({
      root,
      url: db.url,
      entityFiles: list('src/entities', '.entity.ts'),
      migrationFiles: list('src/migrations', '.ts'),
      migrationsDir: join(root, 'src/migrations'),
      name,
      timestamp: Number(timestamp),
    });
    process.stdout.write(file ? `wrote ${file}\n` : 'no changes\n');
  } finally {
    await db.drop();
    await stopTestServer();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
