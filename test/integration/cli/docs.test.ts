// `schema-lens docs` end to end on the example workspace, as a user runs it (a child process), against a
// real PostgreSQL its own migration built, plus one table only the database has: the pages say what
// each table is, link the entity source, mark the drift check reports, and two runs write the same bytes.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { runCli } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

const ROOT = join(__dirname, '..', '..', 'fixtures', 'example');

/** Every file under a folder, by relative path, as bytes. */
function snapshot(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (folder: string, prefix: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(folder, entry.name), `${prefix}${entry.name}/`);
      else files.set(`${prefix}${entry.name}`, readFileSync(join(folder, entry.name)));
    }
  };
  walk(dir, '');
  return files;
}

/** The lines of one `## heading` section of a page. */
function section(page: string, heading: string): string {
  const start = page.indexOf(`## ${heading}\n`);
  assert.ok(start >= 0, `no section ${heading} in:\n${page}`);
  const end = page.indexOf('\n## ', start + 1);
  return page.slice(start, end < 0 ? undefined : end);
}

describe('schema-lens docs', function () {
  this.timeout(180_000);
  let database: TestDatabase;
  let scratch: string;

  before(async () => {
    database = await createTestDatabase('docs');
    const { InitialSchema1700000000000 } = await import(join(ROOT, 'src', 'migrations', '1700000000000-InitialSchema.ts'));
    const dataSource = new DataSource({ type: 'postgres', url: database.url, migrations: [InitialSchema1700000000000] });
    await dataSource.initialize();
    await dataSource.runMigrations();
    await dataSource.destroy();
    // A table no entity maps, with a key to an entity's table: it shows up in that table's "Referenced by".
    await database.exec(`CREATE TABLE audit_log (id serial PRIMARY KEY, "taskId" integer REFERENCES tasks (id) ON DELETE SET NULL, note text)`);
    scratch = mkdtempSync(join(tmpdir(), 'schema-lens-docs-'));
  });

  after(async () => {
    await database?.drop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('writes one page per table and an index with the ER diagram; two runs write identical bytes', async () => {
    const first = join(scratch, 'first');
    const second = join(scratch, 'second');
    const run = await runCli(['docs', '--root', ROOT, '--db', database.url, '--out', first]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /wrote 9 pages \(8 tables\)/);
    assert.equal((await runCli(['docs', '--root', ROOT, '--db', database.url, '--out', second])).code, 0);
    const a = snapshot(first);
    const b = snapshot(second);
    assert.deepEqual([...a.keys()].sort(), ['README.md', ...['audit_log', 'comments', 'organizations', 'projects', 'tags', 'tasks', 'tasks_tags_tags', 'users'].map((name) => `tables/public.${name}.md`)].sort());
    for (const [path, bytes] of a) assert.ok(bytes.equals(b.get(path)!), `${path} differs between two runs`);
    // Nothing of the machine it ran on: links are relative, no database address.
    for (const [path, bytes] of a) {
      assert.doesNotMatch(bytes.toString(), /\]\(\/|schema-lens-docs-/, `${path} holds an absolute path`);
      assert.ok(!bytes.toString().includes(new URL(database.url).port), `${path} names the database`);
    }

    const index = a.get('README.md')!.toString();
    assert.match(index, /8 tables, from the entities compared with the database\./);
    assert.match(index, /```mermaid\nerDiagram\n/);
    assert.match(index, /^ {4}t_tasks\["tasks"\] \{$/m);
    assert.match(index, /^ {4}t_projects \|\|--o\{ t_tasks : "projectId"$/m);
    assert.match(index, /^ {4}t_users \|o--o\{ t_tasks : "assigneeId"$/m);
    assert.match(index, /^ {8}timestamp_with_time_zone archivedAt "null; only entities"$/m);
    assert.match(index, /^\| `public\.tasks_status_enum` \| `todo`, `doing`, `done` \| {2}\| \[src\/entities\/task\.entity\.ts:18\]\([^)]*task\.entity\.ts#L18\) \| both \|$/m);
    assert.match(index, /\| \[`public.audit_log`\]\(tables\/public.audit_log.md\) \| {2}\| \*\*only in the database\*\* \(no entity maps it\) \|/);
    assert.match(index, /\| \[`public.projects`\]\(tables\/public.projects.md\) \| `Project` \(\[src\/entities\/project.entity.ts:5\]\(\.\.\/\.\.\/.*\/test\/fixtures\/example\/src\/entities\/project.entity.ts#L5\)\) \| \*\*differs from the database\*\* \| 1 \|/);
  });

  it('a table page: columns, keys both ways with links, the index, the check, the entity source and the findings', async () => {
    const out = join(scratch, 'pages');
    assert.equal((await runCli(['docs', '--root', ROOT, '--db', database.url, '--out', out])).code, 0);
    const tasks = readFileSync(join(out, 'tables', 'public.tasks.md'), 'utf8');
    // Links from tables/ to the entity file: up to the common folder, then down to the fixture.
    const source = (line: number) => new RegExp(`\\[src/entities/task\\.entity\\.ts:${line}\\]\\((\\.\\./)+[^)]*test/fixtures/example/src/entities/task\\.entity\\.ts#L${line}\\)`);
    assert.match(tasks, /^# public\.tasks$/m);
    assert.match(tasks, new RegExp(`^Entity \`Task\` in ${source(9).source}\\.$`, 'm'));
    assert.match(tasks, /^Drift: in sync\.$/m);
    assert.match(section(tasks, 'Columns'), /^\| `status` \| `tasks_status_enum` \| no \| `'todo'::tasks_status_enum` \| {2}\| .*task\.entity\.ts#L18\) \| {2}\|$/m);
    const outgoing = section(tasks, 'Foreign keys');
    assert.match(outgoing, /^\| `assigneeId` via `Task\.assignee` \| \[`public\.users`\]\(public\.users\.md\) \(`id`\) \| SET NULL \| NO ACTION \|/m);
    assert.match(outgoing, /^\| `projectId` via `Task\.project` \| \[`public\.projects`\]\(public\.projects\.md\) \(`id`\) \| CASCADE \| NO ACTION \| `FK_[0-9a-f]+` \|/m);
    // The table's neighbourhood as its own diagram: the tables its keys touch, either way, and those keys only.
    const diagram = tasks.slice(tasks.indexOf('```mermaid'), tasks.indexOf('## Columns'));
    assert.deepEqual([...diagram.matchAll(/^ {4}(\w+)\["/gm)].map((m) => m[1]), ['t_audit_log', 't_comments', 't_projects', 't_tasks', 't_tasks_tags_tags', 't_users']);
    assert.equal([...diagram.matchAll(/^ {4}\w+ [|}o]{2}(--|\.\.)[|{o]{2} \w+ : /gm)].length, 5);
    const incoming = section(tasks, 'Referenced by');
    assert.match(incoming, /^\| \[`public\.audit_log`\]\(public\.audit_log\.md\) \| `taskId` \| `id` \| SET NULL \| {2}\|$/m);
    assert.match(incoming, /^\| \[`public\.comments`\]\(public\.comments\.md\) \| `taskId` \| `id` \| CASCADE \| .*comment\.entity\.ts#L17\) \|$/m);
    assert.match(incoming, /^\| \[`public\.tasks_tags_tags`\]\(public\.tasks_tags_tags\.md\) \| `tasksId` \|/m);
    // The entity names no index: the database's name of the same index is shown.
    assert.match(section(tasks, 'Indexes'), new RegExp(`^\\| \`IDX_[0-9a-f]+\` \\| \`projectId\` \\| no \\| btree \\| {2}\\| ${source(24).source} \\| {2}\\|$`, 'm'));
    assert.match(section(tasks, 'Check constraints'), new RegExp(`^\\| {2}\\| \`CHECK \\("estimateHours" >= 0\\)\` \\| ${source(10).source} \\| {2}\\|$`, 'm'));
    assert.match(section(tasks, 'Findings'), /^- \[SL301\]\([^)]*SL301\.md\) warning: Foreign key tasks\(assigneeId\) -> users\(id\) has no index/m);

    const projects = readFileSync(join(out, 'tables', 'public.projects.md'), 'utf8');
    assert.match(projects, /^Drift: \*\*differs from the database\*\*\.$/m);
    assert.match(section(projects, 'Columns'), /^\| `archivedAt` \| `timestamp with time zone` \| yes \| .*project\.entity\.ts#L17\) \| only in the entities \[SL102\]\([^)]*SL102\.md\) \|$/m);
    assert.match(section(projects, 'Findings'), /^- \[SL102\]\([^)]*\) error, drift: /m);

    const audit = readFileSync(join(out, 'tables', 'public.audit_log.md'), 'utf8');
    assert.match(audit, /^Drift: \*\*only in the database\*\* \(no entity maps it\)\.$/m);
    assert.doesNotMatch(audit, /^Entity /m);
    assert.match(section(audit, 'Foreign keys'), /^\| `taskId` \| \[`public\.tasks`\]\(public\.tasks\.md\) \(`id`\) \| SET NULL \| NO ACTION \| `audit_log_taskId_fkey` \|/m);
    assert.match(section(audit, 'Findings'), /^- \[SL110\]/m);
  });

  it('--entities-only compares with nothing; a later run removes its own stale pages and nothing else', async () => {
    const out = join(scratch, 'entities-only');
    assert.equal((await runCli(['docs', '--root', ROOT, '--db', database.url, '--out', out])).code, 0);
    writeFileSync(join(out, 'tables', 'notes.md'), '# Our own notes\n');
    const run = await runCli(['docs', '--root', ROOT, '--db', database.url, '--out', out, '--entities-only']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /wrote 8 pages \(7 tables\) .*; removed 1 stale/);
    assert.deepEqual(readdirSync(join(out, 'tables')).sort(), ['notes.md', ...['comments', 'organizations', 'projects', 'tags', 'tasks', 'tasks_tags_tags', 'users'].map((name) => `public.${name}.md`)].sort());
    assert.match(readFileSync(join(out, 'README.md'), 'utf8'), /7 tables, from the entities alone \(no database compared: no drift is shown\)\./);
    const projects = readFileSync(join(out, 'tables', 'public.projects.md'), 'utf8');
    assert.match(projects, /^Drift: not compared \(entities only\)\.$/m);
    assert.doesNotMatch(projects, /SL102|only in the/);
  });

  it('--format json writes the models in the model command\'s format', async () => {
    const out = join(scratch, 'json');
    const run = await runCli(['docs', '--root', ROOT, '--db', database.url, '--out', out, '--format', 'json']);
    assert.equal(run.code, 0, run.stderr);
    const entities = JSON.parse(readFileSync(join(out, 'entities.json'), 'utf8')) as { source: string; model: { tables: { name: string; entity?: { file: string } }[] } };
    const model = await runCli(['model', '--root', ROOT, '--json']);
    assert.deepEqual(entities.model, (JSON.parse(model.stdout) as { model: unknown }).model);
    assert.equal(entities.source, 'entities');
    const actual = JSON.parse(readFileSync(join(out, 'database.json'), 'utf8')) as { source: string; model: { tables: { name: string }[] } };
    assert.equal(actual.source, 'database');
    assert.deepEqual(actual.model.tables.map((table) => table.name).sort(), ['audit_log', 'comments', 'organizations', 'projects', 'tags', 'tasks', 'tasks_tags_tags', 'users']);
  });

  it('says what is wrong without --out, and exits 2', async () => {
    const run = await runCli(['docs', '--root', ROOT]);
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'schema-lens docs: --out DIR is required: the folder to write the pages to\n');
  });
});
