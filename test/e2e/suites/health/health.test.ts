// The Health view: once connected, Refresh Health reads the database's health (read-only) and lists
// its findings; a table the entity maps points at the entity. The suite's server preloads
// pg_stat_statements (suite.json), so a seeded workload gets index recommendations: they are
// diagnostics on the entity (read on connect), and their quick fixes edit the entity and write the
// migration, which the Migrations view then runs on the database.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import * as vscode from 'vscode';
import { connectDatabase, describeDiagnostics, diagnosticCode, e2ePostgresUrl, openFile, waitFor, waitForActivation, waitForDiagnostics, workspaceUri } from '../../support';

interface HealthReport {
  dataSource: string;
  findings: string[];
  error?: string;
}

/** Refresh Health: each data source's report, the view as shown (a line per node) and the status bar text. */
async function refreshHealth(): Promise<{ reports: HealthReport[]; view: string[]; status: string }> {
  const refreshed = await vscode.commands.executeCommand<{ reports: HealthReport[]; view: string[]; status: string }>('schemaLens.health.refresh');
  assert.ok(refreshed, 'schemaLens.health.refresh returned nothing');
  return refreshed;
}

describe('health view', () => {
  it('lists nothing to read until a database is connected', async () => {
    await waitForActivation();
    const { reports, view } = await refreshHealth();
    assert.deepEqual(reports, []);
    assert.deepEqual(view, ['No data source is compared with a database: connect to one first.']);
  });

  it('reads the connected database once connected: a table without a primary key is SL501', async () => {
    const url = e2ePostgresUrl();
    assert.ok(url, 'the runner passes SCHEMA_LENS_E2E_PG_URL');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('CREATE TABLE audit_log (at timestamptz, message text)');
    } finally {
      await client.end();
    }
    await connectDatabase(url);
    const { reports } = await refreshHealth();
    assert.equal(reports.length, 1, JSON.stringify(reports));
    assert.equal(reports[0]!.error, undefined);
    assert.ok(reports[0]!.findings.includes('SL501'), JSON.stringify(reports));
  });
});

const ORDER_ENTITY = `import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('orders')
export class Order {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'customer_id', type: 'int' })
  customerId!: number;

  @Column({ type: 'varchar', length: 20 })
  status!: string;

  @Column({ type: 'jsonb' })
  payload!: object;
}
`;

/** The same table TypeORM would make for the entity, 20,000 rows of it, statistics and a workload pg_stat_statements records. */
async function seedOrders(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
      CREATE TABLE orders (id serial PRIMARY KEY, customer_id int NOT NULL, status varchar(20) NOT NULL, payload jsonb NOT NULL);
      INSERT INTO orders (customer_id, status, payload) SELECT i % 500, CASE WHEN i % 3 = 0 THEN 'paid' ELSE 'open' END, jsonb_build_object('kind', i % 50) FROM generate_series(1, 20000) i;`);
    await client.query('VACUUM ANALYZE orders');
    for (let i = 0; i < 60; i++) {
      await client.query('SELECT * FROM orders WHERE customer_id = $1 AND status = $2', [i, 'open']);
      await client.query('SELECT * FROM orders WHERE payload @> $1', [JSON.stringify({ kind: i % 50 })]);
    }
  } finally {
    await client.end();
  }
}

const codes = (diagnostics: readonly vscode.Diagnostic[]) => diagnostics.map(diagnosticCode);

describe('health findings on the entity, with quick fixes', () => {
  const orderFile = 'src/entities/order.entity.ts';
  let url: string;
  let uri: vscode.Uri;

  before(async () => {
    url = e2ePostgresUrl()!;
    assert.ok(url, 'the runner passes SCHEMA_LENS_E2E_PG_URL');
    await waitForActivation();
    await seedOrders(url);
    writeFileSync(workspaceUri(orderFile).fsPath, ORDER_ENTITY);
    uri = workspaceUri(orderFile);
  });

  it('reads the health on connect: SL701 on the property, SL703 on the class, SL704 on the jsonb property', async () => {
    await vscode.commands.executeCommand('schemaLens.disconnect', { dataSource: 'AppDataSource' });
    await connectDatabase(url);
    await openFile(orderFile);
    const diagnostics = await waitForDiagnostics(uri, (d) => ['SL701', 'SL703', 'SL704'].every((code) => codes(d).includes(code)), { timeoutMs: 60_000 });
    const line = (code: string) => diagnostics.find((d) => diagnosticCode(d) === code)!.range.start.line;
    const text = ORDER_ENTITY.split('\n');
    assert.equal(text[line('SL701')], '  @Column({ type: \'varchar\', length: 20 })', describeDiagnostics(diagnostics));
    assert.equal(text[line('SL703')], "@Entity('orders')", describeDiagnostics(diagnostics));
    assert.equal(text[line('SL704')], "  @Column({ type: 'jsonb' })", describeDiagnostics(diagnostics));
    const sl703 = diagnostics.find((d) => diagnosticCode(d) === 'SL703')!;
    assert.equal(sl703.source, 'Schema Lens');
    assert.match((sl703.code as { target: vscode.Uri }).target.path, /docs\/rules\/SL703\.md$/);
  });

  for (const [code, title, inEntity] of [
    ['SL703', /^Add @Index\(\['customerId', 'status'\]\) to Order and write the migration$/, "@Index(['customerId', 'status'])"],
    ['SL704', /^Add @Index\('IDX_[0-9a-f]+', \{ synchronize: false \}\) to Order and write the migration$/, '{ synchronize: false })'],
    ['SL701', /^Add @Check\(`status IN \('open', 'paid'\)`\) to Order and write the migration$/, "@Check(`status IN ('open', 'paid')`)"],
  ] as const) {
    it(`${code}'s quick fix adds the decorator to the entity and writes the migration; the diagnostic goes`, async () => {
      const diagnostic = (await waitForDiagnostics(uri, (d) => codes(d).includes(code))).find((d) => diagnosticCode(d) === code)!;
      const actions = await waitFor(`quick fixes of ${code}`, async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
        return found.some((action) => title.test(action.title)) && found;
      });
      const fix = actions.find((action) => title.test(action.title))!;
      assert.equal(fix.isPreferred, true, fix.title);
      assert.ok(actions.some((action) => /^Create migration: /.test(action.title)), actions.map((a) => a.title).join('; '));
      assert.ok(fix.edit && fix.command, 'the fix edits the entity and then writes the migration');
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      const migration = await vscode.commands.executeCommand<string>(fix.command.command, ...(fix.command.arguments ?? []));
      assert.ok(migration && existsSync(migration), `the migration was written: ${migration}`);
      const document = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === uri.fsPath)!;
      assert.ok(document.getText().includes(inEntity), document.getText());
      assert.match(document.getText(), /^import \{ [^}]*\b(Index|Check)\b[^}]* \} from 'typeorm';/);
      assert.match(readFileSync(migration, 'utf8'), code === 'SL701' ? /ADD CONSTRAINT "CHK_[0-9a-f]+" CHECK \(status IN \('open', 'paid'\)\)/ : /CREATE INDEX "IDX_[0-9a-f]+" ON "public"\."orders"/);
      // The entity now declares it: the recommendation is judged again without the database and goes.
      await waitForDiagnostics(uri, (d) => !codes(d).includes(code));
    });
  }

  it('the written migrations run on the database, and the next health read recommends none of it', async () => {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === uri.fsPath)!;
    assert.ok(await document.save());
    await vscode.commands.executeCommand('schemaLens.migrations.runPending');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const indexes = (await client.query<{ def: string }>(`SELECT indexdef AS def FROM pg_indexes WHERE tablename = 'orders' ORDER BY indexname`)).rows.map((row) => row.def);
      assert.ok(indexes.some((def) => /\(customer_id, status\)$/.test(def)), indexes.join('\n'));
      assert.ok(indexes.some((def) => /USING gin \(payload\)$/.test(def)), indexes.join('\n'));
      const checks = (await client.query<{ def: string }>(`SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'orders'::regclass AND contype = 'c'`)).rows;
      assert.equal(checks.length, 1, JSON.stringify(checks));
    } finally {
      await client.end();
    }
    const { reports } = await refreshHealth();
    const found = reports.flatMap((report) => report.findings);
    assert.deepEqual(found.filter((code) => ['SL701', 'SL703', 'SL704'].includes(code)), [], JSON.stringify(reports));
  });
});

describe('health view: what could not be read', () => {
  const projectFile = () => workspaceUri('schema-lens.json');

  after(async () => {
    await vscode.workspace.fs.delete(projectFile()).then(undefined, () => undefined);
  });

  it('lists a part it could not use as unread, in the view and the status bar, never as healthy; gone once fixed', async () => {
    // A threshold that is not a number is ignored (the default applies): the read says so.
    writeFileSync(projectFile().fsPath, JSON.stringify({ health: { cacheMinBlocks: 'lots' } }));
    const { view, status } = await refreshHealth();
    assert.ok(view.some((line) => /"health\.cacheMinBlocks" must be a number/.test(line)), view.join('\n'));
    assert.match(status, /, 1 part unread/);
    assert.ok(!view.some((line) => line.startsWith('Healthy')), view.join('\n'));
    writeFileSync(projectFile().fsPath, JSON.stringify({ health: { cacheMinBlocks: 200 } }));
    const fixed = await refreshHealth();
    assert.ok(!fixed.view.some((line) => /cacheMinBlocks/.test(line)), fixed.view.join('\n'));
    assert.doesNotMatch(fixed.status, /unread/);
  });
});
