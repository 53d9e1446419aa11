// How long the migration lint takes per 1,000 migration files (issue 15: under 1 s warm). Writes
// 1,000 migrations shaped like TypeORM's migration:generate output (a table with a foreign key and
// indexes, an added column, a type change; 8 statements in up() and down()), then times, in one
// process: the first lint (parser wasm loaded, nothing cached), a lint of 1,000 other files with
// the process warm but nothing cached, and a re-lint of unchanged files (the editor's and CI's
// second run: files and statements cached by content). `npm run bench:lint:speed` prints the table.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintMigrations, readMigrationFiles } from '../../src/core/migrations';

function migration(index: number, salt: string): { name: string; text: string } {
  const timestamp = 1700000000000 + index;
  const table = `t_${salt}_${index}`;
  const up = [
    `CREATE TABLE "${table}" ("id" SERIAL NOT NULL, "name" character varying(255) NOT NULL, "ownerId" integer, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_${table}" PRIMARY KEY ("id"))`,
    `CREATE INDEX "IDX_${table}_owner" ON "${table}" ("ownerId")`,
    `ALTER TABLE "${table}" ADD CONSTRAINT "FK_${table}_owner" FOREIGN KEY ("ownerId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    `ALTER TABLE "user" ADD "c_${salt}_${index}" integer`,
    `ALTER TABLE "post" ALTER COLUMN "title" TYPE text`,
  ];
  const down = [`ALTER TABLE "post" ALTER COLUMN "title" TYPE character varying`, `ALTER TABLE "user" DROP COLUMN "c_${salt}_${index}"`, `DROP TABLE "${table}"`];
  const body = (statements: string[]): string => statements.map((sql) => `        await queryRunner.query(\`${sql}\`);\n`).join('');
  const name = `M${salt}${index}${timestamp}`;
  return {
    name: `${timestamp}-M${index}.ts`,
    text: `import { MigrationInterface, QueryRunner } from "typeorm";\n\nexport class ${name} implements MigrationInterface {\n    name = '${name}'\n\n    public async up(queryRunner: QueryRunner): Promise<void> {\n${body(up)}    }\n\n    public async down(queryRunner: QueryRunner): Promise<void> {\n${body(down)}    }\n}\n`,
  };
}

function writeSet(dir: string, salt: string, count: number): string[] {
  mkdirSync(dir, { recursive: true });
  return Array.from({ length: count }, (_, index) => {
    const { name, text } = migration(index, salt);
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  });
}

/** Wall-clock and CPU time: on a shared, loaded machine the CPU time is the steadier number. */
async function time(files: string[]): Promise<{ ms: number; cpuMs: number; findings: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const findings = await lintMigrations(readMigrationFiles(files), { schema: 'public' });
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, findings: findings.length };
}

export async function lintSpeed(count = 1000): Promise<Array<{ run: string; ms: number; cpuMs: number; findings: number }>> {
  const root = mkdtempSync(join(tmpdir(), 'sl-lint-bench-'));
  try {
    const first = writeSet(join(root, 'a'), 'a', count);
    const other = writeSet(join(root, 'b'), 'b', count);
    const cold = await time(first);
    const warmUncached = await time(other);
    const warmCached = await time(first);
    return [
      { run: 'first lint in the process (parser loaded, nothing cached)', ...cold },
      { run: 'warm process, 1,000 files not seen before', ...warmUncached },
      { run: 'warm, unchanged files (re-lint)', ...warmCached },
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void lintSpeed().then((rows) => {
    process.stdout.write('| run (1,000 migrations, 8 statements each) | wall | CPU | findings |\n|---|---|---|---|\n');
    for (const row of rows) process.stdout.write(`| ${row.run} | ${Math.round(row.ms)} ms | ${Math.round(row.cpuMs)} ms | ${row.findings} |\n`);
  });
}
