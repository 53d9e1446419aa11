// Shadow database benchmark: 100 generated migrations (or an existing workspace's) replayed into
// PGlite through the shadow's child process. Prints one JSON line.
// Usage: tsx bench/shadow.ts [migrations=100 | workspace root, e.g. bench/workspaces/ws-shadow] [--check-down]
// --check-down: every figure with the down() check (SL624) on, as `schema-lens lint` runs it.
// Every cold figure is a fresh cache directory and a fresh shadow process:
// cold: as every user's first check runs (the empty cluster the build ships, from source the one
// in node_modules/.cache/schema-lens); coldNoCluster: a build without that cluster (initdb runs);
// warm: nothing changed (new ShadowDatabase, as a new editor session); recheck: the same again in
// the same process right after cold (it waits for cold's snapshot to be saved); append: one
// migration added; hostRssGrowthMb: this process's peak RSS growth; shadowProcessPeakRssMb: the
// shadow's own process (sampled with ps, Linux); *CpuSeconds: CPU time the shadow process spent
// (a fair figure on a loaded machine).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { discoverDataSources, findFiles, type DataSourceConfig } from '../src/core/config';
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

interface Project {
  dataSource: DataSourceConfig;
  files: string[];
  add?(): void;
}

/** The workspace's own data source and migrations (read only: appending is skipped). */
async function existingProject(root: string): Promise<Project> {
  const { dataSources } = await discoverDataSources(root);
  const dataSource = dataSources[0]!;
  return { dataSource, files: await findFiles(root, dataSource.migrationGlobs) };
}

async function main(): Promise<void> {
  const checkDown = process.argv.includes('--check-down');
  const arg = process.argv.slice(2).find((value) => !value.startsWith('--')) ?? '100';
  const workspace = /^\d+$/.test(arg) ? undefined : resolve(arg);
  const count = workspace ? 0 : Number(arg);
  const base = mkdtempSync(join(tmpdir(), 'sl-bench-shadow-'));
  const generated = (name: string): Project => {
    const root = join(base, name);
    mkdirSync(join(root, 'migrations'), { recursive: true });
    const files: string[] = [];
    const write = (index: number): void => {
      const { name: fileName, text } = migration(index);
      const file = join(root, 'migrations', fileName);
      writeFileSync(file, text);
      files.push(file);
    };
    for (let index = 0; index < count; index++) write(index);
    const dataSource: DataSourceConfig = { name: 'default', root, entityGlobs: [], migrationGlobs: ['migrations/*.ts'], migrationsTableName: 'migrations', migrationsTransactionMode: 'all', naming: 'default', schema: 'public' };
    return { dataSource, files, add: () => write(files.length) };
  };
  const projectFor = async (name: string): Promise<Project> => (workspace ? existingProject(workspace) : generated(name));
  const shadows: ShadowDatabase[] = [];
  const shadowWith = (options: { cacheDir: string; clusterDir?: string }): ShadowDatabase => {
    const shadow = new ShadowDatabase(options);
    shadows.push(shadow);
    return shadow;
  };
  /** A cold replay in a fresh shadow process on a fresh cache directory, with its CPU seconds. */
  const coldRun = async (shadow: ShadowDatabase, project: Project) => {
    const cpuBefore = childCpuSeconds();
    const [result, ms] = await timed(() => shadow.analyse(project.dataSource, project.files, { checkDown }));
    return { result, ms, cpuSeconds: Math.round((childCpuSeconds() - cpuBefore) * 100) / 100 };
  };
  try {
    const rssBefore = process.memoryUsage().rss;
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

    // A build without the shipped cluster: an empty directory stands for it.
    const noCluster = await coldRun(shadowWith({ cacheDir: join(base, 'cache-no-cluster'), clusterDir: join(base, 'no-cluster') }), await projectFor('no-cluster'));
    for (const shadow of shadows.splice(0)) await shadow.dispose();

    const cacheDir = join(base, 'cache');
    const project = await projectFor('project');
    const shadow = shadowWith({ cacheDir });
    const cold = await coldRun(shadow, project);
    const [, recheckMs] = await timed(() => shadow.analyse(project.dataSource, project.files, { checkDown }));
    const [warm, warmMs] = await timed(() => shadowWith({ cacheDir }).analyse(project.dataSource, project.files, { checkDown }));
    let append: { ms: number; replayed: number } | undefined;
    if (project.add) {
      project.add();
      const [appended, ms] = await timed(() => shadow.analyse(project.dataSource, [...project.files], { checkDown }));
      append = { ms, replayed: appended.replayed };
    }
    clearInterval(sampler);
    const hostRssGrowthMb = Math.round((peakRss - rssBefore) / 2 ** 20);
    for (const each of shadows) await each.dispose();
    process.stdout.write(
      `${JSON.stringify({
        migrations: project.files.length - (append ? 1 : 0),
        checkDown,
        coldMs: cold.ms,
        coldShadowCpuSeconds: cold.cpuSeconds,
        coldNoClusterMs: noCluster.ms,
        coldNoClusterShadowCpuSeconds: noCluster.cpuSeconds,
        recheckMs,
        warmMs,
        appendMs: append?.ms,
        replayed: { cold: cold.result.replayed, coldNoCluster: noCluster.result.replayed, warm: warm.replayed, append: append?.replayed },
        tables: cold.result.model.tables.length,
        findings: cold.result.findings.length,
        hostRssGrowthMb,
        shadowProcessPeakRssMb: Math.round(childPeakKb / 1024),
      })}\n`,
    );
  } finally {
    for (const each of shadows) await each.dispose();
    rmSync(base, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
