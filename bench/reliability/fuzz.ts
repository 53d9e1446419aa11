// Fuzzing the readers of project files through their public entries: the entity reader (core/entities
// readEntities), the migration reader (core/migrations readMigrationFiles) and the migration lint
// (core/migrations lintMigrations on what the reader gave, lintSql on SQL alone). The
// cases are mutations of the real entity and migration files under test/fixtures (truncated,
// tokens deleted or duplicated, decorators swapped, wrong arguments, huge, deeply nested, invalid
// UTF-8), entity files fast-check makes from a small grammar, and SQL: the fixtures' statements
// mutated, and strings. A thrown error out of a reader is
// a crash; a case that takes over a second of CPU time is a hang (CPU, not wall-clock time: the
// machine is shared, and a reader that loops burns CPU). Problems and findings are fine: that is
// what bad input should give.
//
// The cases are fast-check samples of one seed: the same seed gives the same cases, so a failure
// reproduces with SCHEMA_LENS_FUZZ_SEED (and SCHEMA_LENS_FUZZ_CASE for one case).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { readEntities } from '../../src/core/entities';
import { lintMigrations, lintSql, readMigrationFiles } from '../../src/core/migrations';

const FIXTURES = join(__dirname, '..', '..', 'test', 'fixtures');
export const HANG_MS = 1_000;
/**
 * Huge cases: 100 KiB to 1 MiB, ten to a hundred times the largest real file here. Parsing is
 * linear in size (about a second per MiB on this shared machine), so a larger file is slow, not
 * stuck: bench/reliability measures that apart (hugeFileTimes).
 */
const HUGE_MIN = 100 * 1024;
export const HUGE_LIMIT = 1024 * 1024;

export type Mutation =
  | { op: 'truncate'; at: number }
  | { op: 'delete-token'; at: number }
  | { op: 'duplicate-token'; at: number; times: number }
  | { op: 'wrong-decorator'; at: number; name: string }
  | { op: 'wrong-arguments'; at: number; args: string }
  | { op: 'huge'; bytes: number }
  | { op: 'deep-nesting'; depth: number; shape: NestShape }
  | { op: 'invalid-utf8'; at: number; bytes: number[] };

type NestShape = 'array' | 'object' | 'parens' | 'call' | 'ternary' | 'binary' | 'template' | 'arrow';

export type FuzzCase =
  | { kind: 'entity' | 'migration'; file: string; mutations: Mutation[] }
  | { kind: 'generated-entity'; source: string }
  | { kind: 'sql'; sql: string };

export interface CaseResult {
  index: number;
  kind: FuzzCase['kind'];
  what: string;
  /** Wall-clock time. */
  ms: number;
  /** CPU time of this process (user + system) while the case ran: what a hang is judged by. */
  cpuMs: number;
  bytes: number;
  crash?: string;
}

export interface FuzzReport {
  seed: number;
  cases: number;
  byKind: Record<string, number>;
  crashes: CaseResult[];
  hangs: CaseResult[];
  maxMs: number;
  maxCpuMs: number;
  slowest?: CaseResult;
  p50CpuMs: number;
  p99CpuMs: number;
  largestBytes: number;
  totalMs: number;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.isFile() && entry.name.endsWith('.ts')) out.push(path);
  }
  return out;
}

interface Corpus {
  /** Seed files, relative to test/fixtures. */
  entities: string[];
  migrations: string[];
  /** The statements of the fixtures' migrations. */
  statements: string[];
}

export function corpus(): Corpus {
  const files = walk(FIXTURES).map((file) => relative(FIXTURES, file));
  const migrations = files.filter((file) => /(^|\/)migrations\//.test(file)).sort();
  const statements = readMigrationFiles(migrations.map((file) => join(FIXTURES, file))).flatMap((file) => [...(file.upSql ?? []), ...(file.downSql ?? [])]);
  return { entities: files.filter((file) => file.endsWith('.entity.ts')).sort(), migrations, statements: [...new Set(statements)].sort() };
}

const DECORATORS = [
  'Entity', 'Column', 'PrimaryColumn', 'PrimaryGeneratedColumn', 'ManyToOne', 'OneToMany', 'ManyToMany', 'OneToOne', 'JoinColumn',
  'JoinTable', 'Index', 'Unique', 'Check', 'Exclusion', 'ViewEntity', 'ViewColumn', 'Tree', 'TreeParent', 'TreeChildren',
  'CreateDateColumn', 'UpdateDateColumn', 'DeleteDateColumn', 'VersionColumn', 'Generated', 'RelationId', 'TableInheritance',
  'ChildEntity', 'VirtualColumn', 'ObjectIdColumn', 'Nope', 'constructor', '__proto__', 'toString', 'hasOwnProperty',
];

const WRONG_ARGUMENTS = [
  '', "'varchar'", '{ length: -1 }', '{ type: 42 }', '() => null', 'undefined', 'null', '{ name: 1e309 }', "{ default: () => 'now()' }",
  '[1, 2, 3]', '{ enum: {} }', '{ ...spread }', 'Symbol()', "{ precision: 'x', scale: {} }", '{ transformer: null }', '{ nullable: "yes" }',
  "'int', 'int', 'int'", '{ type: String }', '() => () => () => User', 'new Date()', '{ array: 1, enum: [1, {}, null] }', '{ name: `t${x}` }',
  '{ __proto__: { type: "int" } }', '{ constructor: 1 }', "{ type: 'enum', enum: undefined }", '{ onDelete: 42 }', '(x) => x.y.z', '...args',
  "{ default: '\\u0000' }", '{ length: Infinity }', '{ length: NaN }', '{ name: "a".repeat(1e6) }',
];

const UTF8_GARBAGE = [0x80, 0xbf, 0xc0, 0xc1, 0xf5, 0xfe, 0xff, 0xed, 0xa0, 0xe2, 0x28, 0xa1, 0x00];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ op: fc.constant('delete-token' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ op: fc.constant('duplicate-token' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), times: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ op: fc.constant('wrong-decorator' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), name: fc.constantFrom(...DECORATORS) }),
  fc.record({
    op: fc.constant('wrong-arguments' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    args: fc.oneof(fc.constantFrom(...WRONG_ARGUMENTS), fc.json({ maxDepth: 4 }), fc.string({ maxLength: 40 })),
  }),
  fc.record({ op: fc.constant('huge' as const), bytes: fc.integer({ min: HUGE_MIN, max: HUGE_LIMIT }) }),
  fc.record({
    op: fc.constant('deep-nesting' as const),
    depth: fc.integer({ min: 10, max: 5_000 }),
    shape: fc.constantFrom<NestShape>('array', 'object', 'parens', 'call', 'ternary', 'binary', 'template', 'arrow'),
  }),
  fc.record({ op: fc.constant('invalid-utf8' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), bytes: fc.array(fc.constantFrom(...UTF8_GARBAGE), { minLength: 1, maxLength: 8 }) }),
);

// A small grammar of entity files: classes of columns whose names, types and options are drawn at
// random (unicode names, types that exist and that do not, option values of any JSON shape).
const COLUMN_DECORATORS = ['Column', 'PrimaryColumn', 'PrimaryGeneratedColumn', 'CreateDateColumn', 'VersionColumn', 'Index', 'Unique', 'ManyToOne', 'OneToOne', 'JoinColumn'];
const TYPES = ['int', 'varchar', 'text', 'uuid', 'enum', 'decimal', 'timestamptz', 'jsonb', 'simple-array', 'int4range', 'geometry', 'nope', ''];
const OPTION_KEYS = ['type', 'name', 'length', 'nullable', 'default', 'unique', 'precision', 'scale', 'enum', 'enumName', 'array', 'primary', 'onDelete', 'comment', 'generatedType', 'asExpression', 'select', 'insert'];

const generatedEntity: fc.Arbitrary<string> = fc
  .record({
    table: fc.option(fc.string({ maxLength: 80, unit: 'grapheme' })),
    columns: fc.array(
      fc.record({
        decorator: fc.constantFrom(...COLUMN_DECORATORS),
        property: fc.stringMatching(/^[a-zA-Z_$][\w$]{0,20}$/),
        first: fc.option(fc.oneof(fc.constantFrom(...TYPES), fc.string({ maxLength: 20, unit: 'grapheme' }))),
        options: fc.dictionary(fc.constantFrom(...OPTION_KEYS), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }),
      }),
      { maxLength: 12 },
    ),
  })
  .map(({ table, columns }) => {
    const lines = ["import { Column, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryColumn, PrimaryGeneratedColumn, CreateDateColumn, VersionColumn, Unique } from 'typeorm';", ''];
    lines.push(`@Entity(${table === null ? '' : JSON.stringify(table)})`, 'export class Generated {');
    for (const column of columns) {
      const args = [column.first === null ? undefined : JSON.stringify(column.first), Object.keys(column.options).length ? JSON.stringify(column.options) : undefined].filter(Boolean);
      const relation = column.decorator === 'ManyToOne' || column.decorator === 'OneToOne' ? ['() => Generated', ...args] : args;
      lines.push(`  @${column.decorator}(${relation.join(', ')})`, `  ${column.property}!: unknown;`);
    }
    lines.push('}', '');
    return lines.join('\n');
  });

/** A statement's SQL mutated like a file (deep nesting and huge sizes are the files' cases). */
const sqlMutation = mutation.filter((change) => change.op !== 'huge' && change.op !== 'deep-nesting');

export function caseArbitrary(files: Corpus): fc.Arbitrary<FuzzCase> {
  const sql = fc.oneof(
    fc.tuple(fc.constantFrom(...files.statements), fc.array(sqlMutation, { minLength: 1, maxLength: 3 })).map(([statement, changes]) =>
      changes.reduce<Buffer>((current, change) => mutate(current, change, 'migration'), Buffer.from(statement)).toString('utf8'),
    ),
    fc.string({ maxLength: 200, unit: 'grapheme' }),
  );
  return fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('entity' as const), file: fc.constantFrom(...files.entities), mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('migration' as const), file: fc.constantFrom(...files.migrations), mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('generated-entity' as const), source: generatedEntity }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('sql' as const), sql }) },
  );
}

const TOKEN = /[A-Za-z_$][\w$]*|\d+(?:\.\d+)?|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`[^`]*`|\S/g;

function tokens(text: string): Array<{ start: number; end: number }> {
  return [...text.matchAll(TOKEN)].map((match) => ({ start: match.index!, end: match.index! + match[0].length }));
}

function pick<T>(items: T[], at: number): T | undefined {
  return items.length === 0 ? undefined : items[Math.min(items.length - 1, Math.floor(at * items.length))];
}

function nested(depth: number, shape: NestShape): string {
  switch (shape) {
    case 'array':
      return `${'['.repeat(depth)}1${']'.repeat(depth)}`;
    case 'object':
      return `${'{ a: '.repeat(depth)}1${' }'.repeat(depth)}`;
    case 'parens':
      return `${'('.repeat(depth)}1${')'.repeat(depth)}`;
    case 'call':
      return `${'f('.repeat(depth)}1${')'.repeat(depth)}`;
    case 'ternary':
      return `${'x ? 1 : '.repeat(depth)}0`;
    case 'binary':
      return Array.from({ length: depth }, (_, i) => `'s${i}'`).join(' + ');
    case 'template':
      return `${'`${'.repeat(depth)}1${'}`'.repeat(depth)}`;
    case 'arrow':
      return `${'() => '.repeat(depth)}1`;
  }
}

/** Applies one mutation to a file's bytes. */
export function mutate(bytes: Buffer, change: Mutation, kind: 'entity' | 'migration'): Buffer {
  const text = bytes.toString('utf8');
  const splice = (start: number, end: number, insert: string): Buffer => Buffer.from(text.slice(0, start) + insert + text.slice(end), 'utf8');
  switch (change.op) {
    case 'truncate':
      return bytes.subarray(0, Math.floor(change.at * bytes.length));
    case 'delete-token': {
      const token = pick(tokens(text), change.at);
      return token ? splice(token.start, token.end, '') : bytes;
    }
    case 'duplicate-token': {
      const token = pick(tokens(text), change.at);
      return token ? splice(token.end, token.end, ` ${text.slice(token.start, token.end)}`.repeat(change.times)) : bytes;
    }
    case 'wrong-decorator': {
      const decorator = pick([...text.matchAll(/@([A-Za-z_$][\w$]*)/g)], change.at);
      return decorator ? splice(decorator.index! + 1, decorator.index! + decorator[0].length, change.name) : bytes;
    }
    case 'wrong-arguments': {
      const call = pick([...text.matchAll(/@[A-Za-z_$][\w$]*\(|queryRunner\.query\(/g)], change.at);
      if (!call) return bytes;
      const open = call.index! + call[0].length;
      let depth = 1;
      let close = open;
      while (close < text.length && depth > 0) {
        if (text[close] === '(') depth++;
        else if (text[close] === ')') depth--;
        if (depth > 0) close++;
      }
      return splice(open, close, change.args);
    }
    case 'huge': {
      const copies = Math.max(1, Math.floor(change.bytes / Math.max(1, bytes.length)));
      // Class names repeat: a huge file of duplicate classes, as generated code can be.
      return Buffer.concat(Array.from({ length: copies }, () => bytes));
    }
    case 'deep-nesting': {
      const value = nested(change.depth, change.shape);
      if (kind === 'migration') {
        const at = text.indexOf('queryRunner.query(');
        return at < 0 ? Buffer.from(`${text}\nconst deep = ${value};\n`) : splice(at + 'queryRunner.query('.length, at + 'queryRunner.query('.length, `${value}, `);
      }
      const body = /class\s+\w+[^{]*\{/.exec(text);
      const property = `\n  @Column({ type: 'int', default: ${value} })\n  deep!: number;\n`;
      return body ? splice(body.index + body[0].length, body.index + body[0].length, property) : Buffer.from(`${text}\n${property}`);
    }
    case 'invalid-utf8': {
      const at = Math.floor(change.at * bytes.length);
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(change.bytes), bytes.subarray(at)]);
    }
  }
}

/** A copy of test/fixtures to mutate files in (the projects around a file, so imports resolve). */
export function fuzzWorkspace(): { dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'sl-fuzz-'));
  cpSync(FIXTURES, dir, { recursive: true, filter: (source) => !source.includes('/node_modules') });
  // Generated entities are read as a project of their own.
  mkdirSync(join(dir, 'fuzz-generated'));
  cpSync(join(FIXTURES, 'example', 'package.json'), join(dir, 'fuzz-generated', 'package.json'));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The folder an entity file's project starts at: the nearest with a package.json or tsconfig.json. */
function projectRoot(file: string, workspace: string): string {
  for (let dir = dirname(file); dir.startsWith(workspace) && dir !== workspace; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) || existsSync(join(dir, 'tsconfig.json'))) return dir;
  }
  return dirname(file);
}

function describeCase(fuzzCase: FuzzCase): string {
  if (fuzzCase.kind === 'generated-entity') return `generated entity (${fuzzCase.source.length} chars)`;
  if (fuzzCase.kind === 'sql') return `sql ${JSON.stringify(fuzzCase.sql.slice(0, 60))}`;
  const ops = fuzzCase.mutations.map((m) => (m.op === 'huge' ? `huge ${m.bytes} B` : m.op === 'deep-nesting' ? `deep-nesting ${m.shape} x${m.depth}` : m.op === 'wrong-decorator' ? `wrong-decorator @${m.name}` : m.op));
  return `${fuzzCase.file}: ${ops.join(', ')}`;
}

/** The file a case writes, its bytes, and what to put back afterwards. */
function caseFile(fuzzCase: FuzzCase, workspace: string): { file?: string; bytes: Buffer; original?: Buffer } {
  if (fuzzCase.kind === 'sql') return { bytes: Buffer.from(fuzzCase.sql, 'utf8') };
  if (fuzzCase.kind === 'generated-entity') return { file: join(workspace, 'fuzz-generated', 'generated.entity.ts'), bytes: Buffer.from(fuzzCase.source, 'utf8') };
  const file = join(workspace, fuzzCase.file);
  const original = readFileSync(file);
  return { file, original, bytes: fuzzCase.mutations.reduce<Buffer>((current, change) => mutate(current, change, fuzzCase.kind as 'entity' | 'migration'), original) };
}

/** Runs one case in the workspace: writes the mutated file, reads (and lints) it through the public entries, puts the original back. */
export async function runCase(fuzzCase: FuzzCase, index: number, workspace: string): Promise<CaseResult> {
  const { file, bytes, original } = caseFile(fuzzCase, workspace);
  if (file) writeFileSync(file, bytes);
  const result: CaseResult = { index, kind: fuzzCase.kind, what: describeCase(fuzzCase), ms: 0, cpuMs: 0, bytes: bytes.length };
  const cpu = process.cpuUsage();
  const started = performance.now();
  try {
    if (fuzzCase.kind === 'sql') await lintSql(fuzzCase.sql, { schema: 'public' });
    else if (fuzzCase.kind === 'migration') await lintMigrations(readMigrationFiles([file!]), { schema: 'public' });
    else readEntities({ root: projectRoot(file!, workspace), naming: 'default', files: [file!] });
  } catch (error) {
    result.crash = error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}\n${(error.stack ?? '').split('\n').slice(1, 6).join('\n')}` : String(error);
  } finally {
    result.ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    result.cpuMs = (used.user + used.system) / 1000;
    if (file && original) writeFileSync(file, original);
  }
  return result;
}

export function fuzzSeed(): number {
  const given = process.env.SCHEMA_LENS_FUZZ_SEED;
  if (given !== undefined && given !== '') {
    const seed = Number(given);
    if (!Number.isInteger(seed)) throw new Error(`SCHEMA_LENS_FUZZ_SEED must be an integer (got '${given}')`);
    return seed;
  }
  return Math.floor(Math.random() * 2 ** 31);
}

/** The cases of a seed, in order (fast-check samples: deterministic for a seed). */
export function fuzzCases(seed: number, count: number): FuzzCase[] {
  return fc.sample(caseArbitrary(corpus()), { seed, numRuns: count });
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/**
 * Runs `count` cases of `seed` (or only case `only`), and reports crashes, hangs and timings.
 * `onResult` sees each case as it finishes (progress, early reporting).
 */
export async function fuzz(options: { seed: number; count: number; only?: number; onResult?(result: CaseResult): void }): Promise<FuzzReport> {
  const cases = fuzzCases(options.seed, options.only !== undefined ? options.only + 1 : options.count);
  const workspace = fuzzWorkspace();
  const results: CaseResult[] = [];
  const started = performance.now();
  try {
    for (const [index, fuzzCase] of cases.entries()) {
      if (options.only !== undefined && index !== options.only) continue;
      let result = await runCase(fuzzCase, index, workspace.dir);
      // Over a second once may be a garbage collection; a hang is over a second twice.
      if (result.crash === undefined && result.cpuMs > HANG_MS) {
        const again = await runCase(fuzzCase, index, workspace.dir);
        if (again.crash !== undefined || again.cpuMs < result.cpuMs) result = again;
      }
      results.push(result);
      options.onResult?.(result);
    }
  } finally {
    workspace.dispose();
  }
  const times = results.map((result) => result.cpuMs).sort((a, b) => a - b);
  const slowest = [...results].sort((a, b) => b.cpuMs - a.cpuMs)[0];
  const byKind: Record<string, number> = {};
  for (const result of results) byKind[result.kind] = (byKind[result.kind] ?? 0) + 1;
  return {
    seed: options.seed,
    cases: results.length,
    byKind,
    crashes: results.filter((result) => result.crash !== undefined),
    hangs: results.filter((result) => result.crash === undefined && result.cpuMs > HANG_MS),
    maxMs: Math.max(0, ...results.map((result) => result.ms)),
    maxCpuMs: slowest?.cpuMs ?? 0,
    slowest,
    p50CpuMs: percentile(times, 0.5),
    p99CpuMs: percentile(times, 0.99),
    largestBytes: Math.max(0, ...results.map((result) => result.bytes)),
    totalMs: performance.now() - started,
  };
}

/** CPU time the readers take on one file of each size (a real fixture repeated): parsing is linear in size. */
export function hugeFileTimes(sizes: number[]): Array<{ bytes: number; entityCpuMs: number; migrationCpuMs: number }> {
  const workspace = fuzzWorkspace();
  try {
    const entity = join(workspace.dir, 'example', 'src', 'entities', 'task.entity.ts');
    const migration = join(workspace.dir, 'example', 'src', 'migrations', '1700000000000-InitialSchema.ts');
    return sizes.map((bytes) => {
      const time = (file: string, read: () => void): number => {
        const original = readFileSync(file);
        writeFileSync(file, mutate(original, { op: 'huge', bytes }, 'entity'));
        const cpu = process.cpuUsage();
        try {
          read();
        } finally {
          writeFileSync(file, original);
        }
        const used = process.cpuUsage(cpu);
        return (used.user + used.system) / 1000;
      };
      return {
        bytes,
        entityCpuMs: time(entity, () => readEntities({ root: join(workspace.dir, 'example'), naming: 'default', files: [entity] })),
        migrationCpuMs: time(migration, () => readMigrationFiles([migration])),
      };
    });
  } finally {
    workspace.dispose();
  }
}
