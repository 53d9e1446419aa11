// judgeHealth: the health rules on a database read and the entities, with no database. What the
// editor relies on when it judges its last read again after each edit: a recommendation's entity
// edit carries its migration (one quick fix does both), spans and edits follow the entity's text,
// and a recommendation the entity already declares is gone. Also SL705 (full-text search).
import assert from 'node:assert/strict';
import type { HealthFacts, StatementStats } from '../../../src/core/dialect';
import { judgeHealth } from '../../../src/core/health';
import { HEALTH_THRESHOLD_DEFAULTS } from '../../../src/core/model/health-thresholds';
import type { Table } from '../../../src/core/model/schema';
import type { Finding } from '../../../src/core/rules';
import { applySourceEdits } from '../../../src/core/rules/source-edit';
import { onEntities } from '../../../src/extension/health/summary';
import { column, index, model, span, table } from './models';

const FILE = '/ws/src/entities/order.entity.ts';
const ENTITY = `import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('orders')
export class Order {
  @PrimaryGeneratedColumn()
  id!: number;
}
`;
const CLASS_OFFSET = ENTITY.indexOf("@Entity('orders')");

function statement(query: string, filter: Partial<NonNullable<StatementStats['filter']>>): StatementStats {
  return { query, calls: 60, totalMs: 120, meanMs: 2, rows: 60, plan: 'sequential scan', filter: { schema: 'public', table: 'orders', columns: [], orderBy: [], nullTests: [], contains: [], textSearch: [], ...filter } };
}

const facts: HealthFacts = {
  serverVersion: 180000,
  textSearchConfig: 'english',
  tables: [{ schema: 'public', table: 'orders', liveRows: 20000, deadRows: 0, seqScans: 200, indexScans: 0, lastVacuum: '2026-01-01T00:00:00Z', lastAnalyze: '2026-01-01T00:00:00Z', totalBytes: 4_000_000 }],
  indexes: [],
  tableBloat: [],
  indexBloat: [],
  sequences: [],
  running: [],
  statements: {
    installed: true,
    available: true,
    preloaded: true,
    hypopg: false,
    top: [
      statement('SELECT * FROM orders WHERE customer_id = $1 AND status = $2', { columns: ['customer_id', 'status'] }),
      statement('SELECT * FROM orders WHERE payload @> $1', { contains: ['payload'] }),
      statement('SELECT * FROM orders WHERE to_tsvector($2, note) @@ plainto_tsquery($3, $1)', { textSearch: [{ column: 'note', expression: true }] }),
      statement("SELECT * FROM orders WHERE search @@ to_tsquery('simple', $1)", { textSearch: [{ column: 'search', expression: false }] }),
    ],
  },
  columnStats: [{ schema: 'public', table: 'orders', column: 'status', type: 'character varying(20)', kind: 'text', nullFraction: 0, distinct: 2, commonValues: ['open', 'paid'], commonFrequencies: [0.5, 0.5] }],
};

const columns = [column('id'), column('customer_id'), column('status', 'character varying(20)'), column('payload', 'jsonb'), column('note', 'text'), column('search', 'tsvector')];
const actual = model(table('orders', columns, { estimatedRows: 20000 }));

function entity(extra: Partial<Table> = {}): Table {
  const properties: Record<string, string> = { customer_id: 'customerId', status: 'status', payload: 'payload', note: 'note', search: 'search', id: 'id' };
  return table('orders', columns.map((c, i) => ({ ...c, property: properties[c.name], span: span(FILE, 6 + i) })), { span: { ...span(FILE, 2, 0, CLASS_OFFSET) }, entity: { className: 'Order', file: FILE }, ...extra });
}

function judge(intended: Table, text = ENTITY, read: { facts: HealthFacts } = { facts }, migrationsTransactionMode: 'all' | 'each' = 'each'): Finding[] {
  return judgeHealth({ facts: read.facts, thresholds: HEALTH_THRESHOLD_DEFAULTS, actual }, { intended: model(intended), suppressions: [], readSource: (file) => (file === FILE ? text : undefined), migrationsTransactionMode });
}

const codes = (findings: Finding[]) => findings.map((f) => f.code).sort();
const RECOMMENDATIONS = ['SL701', 'SL703', 'SL704', 'SL705', 'SL705'];

describe('judgeHealth: recommendations against the entities as they are', () => {
  it('recommends SL701, SL703, SL704 and SL705 (expression and tsvector column), each with an entity edit that writes its migration', () => {
    const findings = judge(entity());
    assert.deepEqual(codes(findings).filter((code) => code.startsWith('SL7')), RECOMMENDATIONS);
    for (const finding of findings.filter((f) => f.code.startsWith('SL7'))) {
      const migration = finding.fixes.find((fix) => fix.kind === 'migration');
      const edit = finding.fixes.find((fix) => fix.kind === 'source-edit');
      assert.ok(migration?.kind === 'migration' && edit?.kind === 'source-edit', finding.code);
      assert.match(edit.title, / to Order and write the migration$/);
      assert.deepEqual(edit.migration?.up, migration.up, finding.code);
      assert.deepEqual(edit.migration?.down, migration.down, finding.code);
      assert.equal(edit.migration?.transaction, migration.transaction, finding.code);
    }
  });

  it('SL705: a GIN index on the expression with the configuration (default_text_search_config when a parameter), built CONCURRENTLY outside a transaction', () => {
    const [expression, tsvector] = judge(entity()).filter((f) => f.code === 'SL705');
    const fix = expression!.fixes[0]!;
    assert.ok(fix.kind === 'migration');
    assert.match(fix.up[0]!, /^CREATE INDEX CONCURRENTLY "IDX_[0-9a-f]+" ON "public"\."orders" USING gin \(\(to_tsvector\('english', "?note"?\)\)\)$/);
    // TypeORM reverts in a transaction whatever the class says: down() drops it plainly.
    assert.match(fix.down[0]!, /^DROP INDEX "public"\."IDX_[0-9a-f]+"$/);
    assert.equal(fix.transaction, false);
    assert.match(expression!.message, /default_text_search_config, english/);
    assert.equal(expression!.column, 'note');
    const column = tsvector!.fixes[0]!;
    assert.ok(column.kind === 'migration');
    assert.match(column.up[0]!, /USING gin \("search"\)$/);
    assert.doesNotMatch(tsvector!.message, /default_text_search_config/);
  });

  it("SL705 under migrationsTransactionMode 'all' (TypeORM refuses transaction = false there): a plain build, its title saying what would allow CONCURRENTLY", () => {
    const fix = judge(entity(), ENTITY, { facts }, 'all').find((f) => f.code === 'SL705')!.fixes[0]!;
    assert.ok(fix.kind === 'migration');
    assert.match(fix.up[0]!, /^CREATE INDEX "IDX_[0-9a-f]+" ON "public"\."orders" USING gin/);
    assert.equal(fix.transaction, undefined);
    assert.match(fix.title, /migrationsTransactionMode 'each' would let it be built CONCURRENTLY/);
  });

  it('SL705: no configuration known, no expression recommendation; a GIN index on the expression already there, none', () => {
    const { textSearchConfig: _, ...withoutConfig } = facts;
    assert.deepEqual(judge(entity(), ENTITY, { facts: withoutConfig }).filter((f) => f.code === 'SL705').map((f) => f.column), ['search']);
    const served = model(table('orders', columns, { indexes: [{ keys: [{ kind: 'expression', expression: "to_tsvector('english'::regconfig, note)" }], unique: false, method: 'gin', name: 'orders_note_fts' }, index(['search'], { method: 'gin' })] }));
    const findings = judgeHealth({ facts, thresholds: HEALTH_THRESHOLD_DEFAULTS, actual: served }, { intended: model(entity()), suppressions: [], readSource: () => ENTITY });
    assert.deepEqual(findings.filter((f) => f.code === 'SL705'), []);
  });

  it('SL703 with hypopg: confirmed with both costs when the planner would use the index, gone when it would still scan; without it, says it was not tested', () => {
    const withHypothetical = (hypotheticalIndex: StatementStats['hypotheticalIndex']): { facts: HealthFacts } => ({
      facts: { ...facts, statements: { ...facts.statements!, hypopg: true, top: facts.statements!.top!.map((s, i) => (i === 0 ? { ...s, hypotheticalIndex } : s)) } },
    });
    const sl703 = (read: { facts: HealthFacts }) => judge(entity(), ENTITY, read).filter((f) => f.code === 'SL703').map((f) => f.message);
    assert.deepEqual(sl703({ facts }).map((m) => /: (EXPLAIN [^.]*)\./.exec(m)?.[1]), ['EXPLAIN plans a sequential scan of it (not tested with a hypothetical index: hypopg is not installed)']);
    assert.deepEqual(sl703(withHypothetical({ used: true, costWithout: 3038.71, costWith: 77.03 })).map((m) => /: (EXPLAIN [^.]*)\./.exec(m)?.[1]), [
      'EXPLAIN plans a sequential scan of it (estimated cost 3,039), and with a hypothetical index on (customer_id, status) (hypopg) an index scan (cost 77)',
    ]);
    assert.deepEqual(sl703(withHypothetical({ used: false, costWithout: 3774, costWith: 3774 })), []);
    // hypopg installed but the index could not be tested (hypopg refused): EXPLAIN's word alone, no hint to install it.
    assert.deepEqual(sl703(withHypothetical(undefined)).map((m) => /: (EXPLAIN [^.]*)\./.exec(m)?.[1]), ['EXPLAIN plans a sequential scan of it']);
  });

  it('SL703: a filter by a prefix of another recommended index is served by it: one recommendation, saying so', () => {
    const top = [...facts.statements!.top!, statement('SELECT * FROM orders WHERE customer_id = $1', { columns: ['customer_id'] }), statement('SELECT * FROM orders WHERE status = $1', { columns: ['status'] })];
    const messages = judge(entity(), ENTITY, { facts: { ...facts, statements: { ...facts.statements!, top } } }).filter((f) => f.code === 'SL703').map((f) => f.message);
    assert.equal(messages.length, 2, messages.join('\n'));
    assert.match(messages.find((m) => /by \(customer_id, status\)/.test(m))!, /serves it\. It also serves the frequent statement on \(customer_id\)\.$/);
    // (status) is not a prefix of (customer_id, status): an index of its own.
    assert.ok(messages.some((m) => /by \(status\), which no index starts with/.test(m)));
  });

  it('the entity edit applies to the text it was judged on: the decorator above the class, the import extended', () => {
    const sl703 = judge(entity()).find((f) => f.code === 'SL703')!;
    const edit = sl703.fixes.find((fix) => fix.kind === 'source-edit')!;
    assert.ok(edit.kind === 'source-edit');
    const edited = applySourceEdits(ENTITY, edit.edits);
    assert.match(edited, /^import \{ Column, Entity, PrimaryGeneratedColumn, Index \} from 'typeorm';/);
    assert.match(edited, /\n@Index\(\['customerId', 'status'\]\)\n@Entity\('orders'\)/);
    // Judged again on a text with two more lines above the class: the edit goes where the class is now.
    const moved = `// a comment\n// another\n${ENTITY}`;
    const again = judge(entity({ span: span(FILE, 4, 0, CLASS_OFFSET + 25) }), moved).find((f) => f.code === 'SL703')!.fixes.find((fix) => fix.kind === 'source-edit')!;
    assert.ok(again.kind === 'source-edit');
    assert.match(applySourceEdits(moved, again.edits), /\n@Index\(\['customerId', 'status'\]\)\n@Entity\('orders'\)/);
  });

  it('a recommendation the entity already declares is gone: its @Index, @Check, or the GIN index named with synchronize: false', () => {
    const all = judge(entity());
    const nameOf = (code: string) => /"(IDX_[0-9a-f]+)"/.exec((all.find((f) => f.code === code)!.fixes[0] as { up: string[] }).up[0]!)![1]!;
    const declared = entity({
      indexes: [index(['customer_id', 'status'])],
      checks: [{ expression: "status IN ('open', 'paid')" }],
      unsynchronizedIndexes: [nameOf('SL704'), ...all.filter((f) => f.code === 'SL705').map((f) => /"(IDX_[0-9a-f]+)"/.exec((f.fixes[0] as { up: string[] }).up[0]!)![1]!)],
    });
    assert.deepEqual(codes(judge(declared)).filter((code) => code.startsWith('SL7')), []);
  });

  it('findings an entity maps go on its file (diagnostics); the others stay in the view', () => {
    const findings: Finding[] = [
      { code: 'SL703', category: 'recommendation', severity: 'info', message: 'm', schema: 'public', table: 'orders', span: span(FILE, 2), fixes: [] },
      { code: 'SL501', category: 'health', severity: 'warning', message: 'm', schema: 'public', table: 'audit_log', fixes: [] },
      { code: 'SL506', category: 'health', severity: 'warning', message: 'm', schema: '', table: '', fixes: [] },
    ];
    assert.deepEqual([...onEntities(findings)].map(([file, list]) => [file, list.map((f) => f.code)]), [[FILE, ['SL703']]]);
  });
});
