// Shadow database benchmark: 100 generated migrations replayed into PGlite through the shadow's
// child process. Prints one JSON line. Usage: tsx bench/shadow.ts [migrations=100]
// cold-initdb: empty cache (PGlite's initdb included); cold: the empty cluster already saved (a
// project's first check after any other); warm: nothing changed (new ShadowDatabase, as a new
// editor session); append: one migration added; hostRssGrowthMb: this process's peak RSS growth;
// shadowProcessPeakRssMb: the shadow's own process (sampled with ps, Linux); coldShadowCpuSeconds:
// CPU time the shadow process spent on the cold replay (a fair figure on a loaded machine).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSourceConfig } from '../src/core/config';
import { ShadowDatabase } from '../src/core/shadow';

function migration(index: number): { name: string; text: string } {
  const timestamp = 1700000000000 + index * 1000;
  const className = `Step${index}${timestamp}`;
  const table = `table_${index}`;
  const statements = [
    `CREATE TABLE "${table}" ("id" SERIAL NOT NULL, "name" character varying(100) NOT NULL, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "active" boolean NOT NULL DEFAULT true, ${index > 0 ? '"parentId" integer, ' : ''}CONSTRAINT "PK_${table}" PRIMARY KEY ("id"))`,
    `CREATE INDEX "IDX_${table}_name" ON "${table}" ("name")`,
    ...(index > 0 ? [`ALTER TABLE "${table}" ADD CONSTRAINT "FK_${table}_parent" FOREIGN KEY ("parentId") REFERENCES "table_${index - 1}"("id") ON DELETE CASCADE`] : []),
  ];
  const body = statements.map((sql) => `        await queryRunner.query(\`${sql}\`);`).join('\n');
  return {
    name: `${timestamp}-Step${index}.ts`,
    text: `import { MigrationInterface, QueryRunner } from "typeorm";\n\nexport class ${className} implements MigrationInterface {\n    name = '${className}'\n\n    public async up(queryRunner: QueryRunner): Promise<void> {\n${body}\n    }\n\n    public async down(queryRunner: QueryRunner): Promise<void> {\n        await queryRunner.query(\`DROP TABLE "${table}"\`);\n    }\n}\n`,
  };
}

/**
 * CPU seconds (user + system) used so far by this process's children, from /proc (Linux). On a
 * shared machine wall time mostly measures the other processes; CPU time is what the shadow costs.
 */
function childCpuSeconds(): number {
  let pids: number[] = [];
  try {
    pids = execFileSync('ps', ['-o', 'pid=', '--ppid', String(process.pid)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return 0;
  }
  return pids.reduce((total, pid) => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return total + (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return total;
    }
  }, 0);
}

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await run();
  return [result, Math.round(performance.now() - started)];
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 100);
  const base = mkdtempSync(join(tmpdir(), 'sl-bench-shadow-'));
  const cacheDir = join(base, 'cache');
  const projectFor = (name: string, migrations: number): { dataSource: DataSourceConfig; files: string[]; add(index: number): void } => {
    const root = join(base, name);
    mkdirSync(join(root, 'migrations'), { recursive: true });
    const files: string[] = [];
    const add = (index: number): void => {
      const { name: fileName, text } = migration(index);
      const file = join(root, 'migrations', fileName);
      writeFileSync(file, text);
      files.push(file);
    };
    for (let index = 0; index < migrations; index++) add(index);
    const dataSource: DataSourceConfig = { name: 'default', root, entityGlobs: [], migrationGlobs: ['migrations/*.ts'], migrationsTableName: 'migrations', migrationsTransactionMode: 'all', naming: 'default', schema: 'public' };
    return { dataSource, files, add };
  };
  try {
    const rssBefore = process.memoryUsage().rss;
    const shadow = new ShadowDatabase({ cacheDir });
    let peakRss = rssBefore;
    let childPeakKb = 0;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      try {
        const rss = execFileSync('ps', ['-o', 'rss=', '--ppid', String(process.pid)], { encoding: 'utf8' });
        childPeakKb = Math.max(childPeakKb, ...rss.split('\n').filter(Boolean).map(Number));
      } catch {
        // ps exits 1 when there is no child right now.
      }
    }, 100);
    const first = projectFor('first', count);
    const [coldInitdb, coldInitdbMs] = await timed(() => shadow.analyse(first.dataSource, first.files));
    // Let the shadow process finish writing its cache, as it does right after answering.
    await shadow.analyse(first.dataSource, first.files);
    const second = projectFor('second', count);
    const cpuBeforeCold = childCpuSeconds();
    const [cold, coldMs] = await timed(() => shadow.analyse(second.dataSource, second.files));
    const coldCpuSeconds = childCpuSeconds() - cpuBeforeCold;
    await shadow.analyse(second.dataSource, second.files);
    const fresh = new ShadowDatabase({ cacheDir });
    const [warm, warmMs] = await timed(() => fresh.analyse(second.dataSource, second.files));
    second.add(count);
    const [appended, appendMs] = await timed(() => shadow.analyse(second.dataSource, [...second.files]));
    clearInterval(sampler);
    const hostRssGrowthMb = Math.round((peakRss - rssBefore) / 2 ** 20);
    await shadow.dispose();
    await fresh.dispose();
    process.stdout.write(
      `${JSON.stringify({
        migrations: count,
        coldInitdbMs,
        coldMs,
        coldShadowCpuSeconds: Math.round(coldCpuSeconds * 100) / 100,
        warmMs,
        appendMs,
        replayed: { coldInitdb: coldInitdb.replayed, cold: cold.replayed, warm: warm.replayed, append: appended.replayed },
        tables: cold.model.tables.length,
        findings: cold.findings.length,
        hostRssGrowthMb,
        shadowProcessPeakRssMb: Math.round(childPeakKb / 1024),
      })}\n`,
    );
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
