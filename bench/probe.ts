// One measurement in a process of its own, so each figure comes with that process's own peak
// memory and nothing is warmed by an earlier measurement. Prints one JSON line on stdout.
// Usage: tsx bench/probe.ts <task> <json args>
import { readFileSync } from 'node:fs';
import { analyze } from '../src/core/analyze';
import { runCheck } from '../src/core/check';
import { findFiles } from '../src/core/config';
import { connectReadOnly, introspect } from '../src/core/dialect/postgres/catalog';
import { EntityReader, readEntities } from '../src/core/entities';
import { ShadowDatabase } from '../src/core/shadow';
import { discoverDataSources } from '../src/core/config';

interface Args {
  root: string;
  url?: string;
  edits?: number;
  cacheDir?: string;
}

const ENTITY_GLOBS = ['src/entities/**/*.entity.ts'];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summarise(samples: number[]): { p50: number; p95: number; min: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

async function entityFiles(root: string): Promise<string[]> {
  return findFiles(root, ENTITY_GLOBS);
}

async function actualModel(url: string) {
  const client = await connectReadOnly({ url }, { timeoutMs: 60_000 });
  try {
    return (await introspect(client, { schemas: ['public'] })).model;
  } finally {
    await client.end();
  }
}

/**
 * Edits one file in the middle of the workspace the way typing does: each edit adds one more
 * column to the class body, so every re-read sees a real change.
 */
function* typedEdits(file: string, count: number): Generator<string> {
  const original = readFileSync(file, 'utf8');
  const closing = original.lastIndexOf('}');
  for (let k = 0; k < count; k++) {
    yield `${original.slice(0, closing)}\n  @Column({ nullable: true })\n  typed${k}!: string;\n${original.slice(closing)}`;
  }
}

const tasks: Record<string, (args: Args) => Promise<Record<string, unknown>>> = {
  async 'read-cold'({ root }) {
    const files = await entityFiles(root);
    const started = performance.now();
    const result = readEntities({ root, naming: 'default', files });
    return { ms: performance.now() - started, tables: result.model.tables.length, problems: result.problems.length };
  },

  async reread({ root, edits = 200 }) {
    const files = await entityFiles(root);
    const reader = new EntityReader({ root, naming: 'default' });
    reader.setFiles(files);
    reader.read();
    const target = files[Math.floor(files.length / 2)]!;
    const samples: number[] = [];
    let incremental = 0;
    for (const text of typedEdits(target, edits)) {
      const started = performance.now();
      reader.updateFile(target, text);
      reader.read();
      samples.push(performance.now() - started);
      if (reader.lastRead === 'incremental') incremental++;
    }
    return { ...summarise(samples), incremental, edits };
  },

  async keystroke({ root, url, edits = 200 }) {
    const files = await entityFiles(root);
    const reader = new EntityReader({ root, naming: 'default' });
    reader.setFiles(files);
    const actual = await actualModel(url!);
    analyze({ intended: reader.read(), actual, actualSource: 'database' });
    const target = files[Math.floor(files.length / 2)]!;
    const samples: number[] = [];
    let findings = 0;
    for (const text of typedEdits(target, edits)) {
      const started = performance.now();
      reader.updateFile(target, text);
      findings = analyze({ intended: reader.read(), actual, actualSource: 'database' }).length;
      samples.push(performance.now() - started);
    }
    return { ...summarise(samples), findings };
  },

  async introspect({ url }) {
    const started = performance.now();
    const client = await connectReadOnly({ url }, { timeoutMs: 60_000 });
    const connected = performance.now();
    try {
      const { model, queryCount } = await introspect(client, { schemas: ['public'] });
      return { ms: performance.now() - connected, connectMs: connected - started, queryCount, tables: model.tables.length };
    } finally {
      await client.end();
    }
  },

  async check({ root, url }) {
    const started = performance.now();
    const result = await runCheck({ root, overrides: { db: url, entities: ENTITY_GLOBS }, shadow: 'never', timeoutMs: 60_000 });
    const byCategory: Record<string, number> = {};
    for (const finding of result.findings) byCategory[finding.category] = (byCategory[finding.category] ?? 0) + 1;
    return { ms: performance.now() - started, findings: result.findings.length, byCategory, source: result.source };
  },

  async shadow({ root, cacheDir }) {
    const { dataSources } = await discoverDataSources(root);
    const dataSource = dataSources[0]!;
    const migrations = await findFiles(root, dataSource.migrationGlobs);
    const shadow = new ShadowDatabase({ cacheDir: cacheDir! });
    const memoryBefore = process.memoryUsage().rss;
    try {
      const first = performance.now();
      const cold = await shadow.analyse(dataSource, migrations);
      const second = performance.now();
      const warm = await shadow.analyse(dataSource, migrations);
      const done = performance.now();
      return {
        firstMs: second - first,
        firstFromCache: cold.fromCache,
        replayed: cold.replayed,
        tables: cold.model.tables.length,
        replayFindings: cold.findings.length,
        warmMs: done - second,
        warmFromCache: warm.fromCache,
        hostRssGrowthMb: (process.memoryUsage().rss - memoryBefore) / 2 ** 20,
      };
    } finally {
      await shadow.dispose();
    }
  },
};

async function main(): Promise<void> {
  const [task, json] = process.argv.slice(2);
  const run = task ? tasks[task] : undefined;
  if (!run || !json) throw new Error(`usage: probe <${Object.keys(tasks).join('|')}> <json args>`);
  const result = await run(JSON.parse(json) as Args);
  process.stdout.write(`${JSON.stringify({ ...result, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
