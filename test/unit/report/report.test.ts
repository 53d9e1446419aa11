import assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/rules/finding';
import { readCoverage, type Coverage } from '../../../src/core/model/coverage';
import type { Column, SchemaModel } from '../../../src/core/model/schema';
import { formatText, toJsonReport, toSarif } from '../../../src/core/report';

const root = '/work/project';
const findings: Finding[] = [
  {
    code: 'SL301',
    category: 'index',
    severity: 'warning',
    message: 'Foreign key posts(authorId) -> users(id) has no index.',
    schema: 'public',
    table: 'posts',
    column: 'authorId',
    span: { file: `${root}/src/post.entity.ts`, start: { line: 9, character: 2 }, end: { line: 9, character: 30 }, startOffset: 100, endOffset: 128 },
    fixes: [{ kind: 'migration', title: 'Create index', name: 'AddIndex', up: ['CREATE INDEX "i" ON "public"."posts" ("authorId")'], down: ['DROP INDEX "public"."i"'] }],
  },
  { code: 'SL110', category: 'drift', severity: 'info', message: 'Table legacy exists but no entity maps it.', schema: 'public', table: 'legacy', fixes: [] },
];

describe('reports', () => {
  it('JSON: the documented shape, file relative, 1-based line and column_number, fixes only when present', () => {
    const report = toJsonReport(findings, root);
    assert.deepEqual(report.findings[0], {
      code: 'SL301',
      category: 'index',
      severity: 'warning',
      message: findings[0]!.message,
      schema: 'public',
      table: 'posts',
      column: 'authorId',
      file: 'src/post.entity.ts',
      line: 10,
      column_number: 3,
      fixes: findings[0]!.fixes,
    });
    assert.deepEqual(Object.keys(report.findings[1]!).sort(), ['category', 'code', 'message', 'schema', 'severity', 'table']);
  });

  it('read problems: in JSON and as SARIF tool notifications (not results), paths relative, none when there are none', () => {
    const problems = [
      { severity: 'warning' as const, message: 'Could not read table bloat: permission denied for table pg_statistic' },
      { severity: 'warning' as const, message: 'The decorator @Money() is not known.', span: { file: `${root}/src/order.entity.ts`, start: { line: 4, character: 2 }, end: { line: 4, character: 10 }, startOffset: 40, endOffset: 48 } },
    ];
    assert.deepEqual(toJsonReport(findings, root, { problems }).problems, [
      { severity: 'warning', message: problems[0]!.message },
      { severity: 'warning', message: problems[1]!.message, file: 'src/order.entity.ts', line: 5, column: 3 },
    ]);
    assert.equal('problems' in toJsonReport(findings, root, { problems: [] }), false);
    const run = toSarif(findings, { root, problems }).runs[0]!;
    assert.equal(run.results!.length, findings.length);
    assert.deepEqual(run.invocations, [{
      executionSuccessful: true,
      toolExecutionNotifications: [
        { level: 'warning', message: { text: problems[0]!.message } },
        { level: 'warning', message: { text: problems[1]!.message }, locations: [{ physicalLocation: { artifactLocation: { uri: 'src/order.entity.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 5, startColumn: 3 } } }] },
      ],
    }]);
    assert.equal(toSarif(findings, { root }).runs[0]!.invocations, undefined);
  });

  it('text: grouped by file with file:line:col, no colour unless asked', () => {
    const plain = formatText(findings, { root, color: false });
    assert.ok(plain.includes('src/post.entity.ts\n  src/post.entity.ts:10:3  warning SL301  Foreign key'));
    assert.ok(plain.includes('database\n  public.legacy  info    SL110'));
    assert.ok(plain.endsWith('0 errors, 1 warning, 1 info\n'));
    assert.ok(!plain.includes('\u001b['));
    assert.ok(formatText(findings, { root, color: true }).includes('\u001b[33mwarning'));
    assert.equal(formatText([], { root, color: false }), 'No findings.\n');
  });

  it('text: a help line under each finding says what to do next, and which command writes its migration', () => {
    const lines = formatText(findings, { root, color: false }).split('\n');
    const under = (code: string): string | undefined => lines[lines.findIndex((line) => line.includes(` ${code}  `)) + 1];
    assert.equal(under('SL301'), '      help: add @Index() on the relation and create the index with a migration (CONCURRENTLY on a busy table); `schema-lens generate NAME` writes the migration');
    // No migration fix: the next step alone.
    assert.match(under('SL110')!, /^ {6}help: map it with an entity, drop it with a migration if obsolete/);
    assert.doesNotMatch(under('SL110')!, /schema-lens generate/);
  });

  it('SARIF 2.1.0 with what GitHub code scanning requires', () => {
    const log = toSarif(findings, { root, fallbackFile: 'src/data-source.ts' });
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const run = log.runs[0]!;
    assert.equal(run.tool.driver.name, 'Schema Lens');
    const rules = run.tool.driver.rules!;
    assert.deepEqual(rules.map((rule) => rule.id), ['SL110', 'SL301']);
    for (const rule of rules) {
      assert.ok(rule.shortDescription?.text && rule.fullDescription?.text && rule.help?.text && rule.help.markdown);
      assert.match(rule.helpUri!, new RegExp(`^https://.+/docs/rules/${rule.id}\\.md$`));
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration!.level!));
    }
    const results = run.results!;
    assert.equal(results.length, 2);
    for (const result of results) {
      assert.equal(rules[result.ruleIndex!]!.id, result.ruleId);
      assert.ok(result.message.text);
      const location = result.locations?.[0]?.physicalLocation;
      assert.ok(location?.artifactLocation?.uri && !location.artifactLocation.uri.startsWith('/'), 'relative URI');
      assert.equal(location.artifactLocation.uriBaseId, '%SRCROOT%');
      assert.ok(location.region!.startLine! >= 1);
      assert.ok(result.partialFingerprints?.['schemaLens/v1']);
    }
    assert.deepEqual(results[0]!.locations![0]!.physicalLocation!.region, { startLine: 10, startColumn: 3, endLine: 10, endColumn: 31 });
    assert.equal(results[0]!.level, 'warning');
    assert.equal(results[1]!.level, 'note');
    assert.equal(results[1]!.locations![0]!.physicalLocation!.artifactLocation!.uri, 'src/data-source.ts');
    assert.equal(run.originalUriBaseIds!['%SRCROOT%']!.uri, 'file:///work/project/');
  });

  it('coverage: every column read, inferred or unknown, an unreadable property an unknown column; in text, JSON and SARIF', () => {
    const unknown = { kind: 'unknown' as const, reason: 'r', cause: 'c' };
    const column = (name: string, certainty?: Column['certainty']): Column => ({ name, type: 'integer', nullable: false, ...(certainty ? { certainty } : {}) });
    const model: SchemaModel = {
      tables: [
        {
          schema: 'public',
          name: 'a',
          columns: [column('id'), column('b', { type: { kind: 'inferred', rule: 'design:type' } }), column('c', { default: unknown })],
          uniques: [],
          foreignKeys: [],
          checks: [],
          exclusions: [],
          indexes: [],
          unknown: { columns: [{ reason: 'p', cause: 'p' }], primaryKey: { reason: 'p', cause: 'p' } },
        },
      ],
      enums: [],
      views: [],
    };
    const coverage: Coverage = readCoverage(model);
    assert.deepEqual(coverage, { columns: { total: 4, read: 1, inferred: 1, unknown: 2 }, tables: { total: 1, unknown: 1 } });
    assert.match(formatText(findings, { root, color: false, coverage }), /\nEntities: read 2 of 4 columns \(50\.0%\) statically; 2 unknown\.\n$/);
    assert.deepEqual(toJsonReport(findings, root, { coverage }).coverage, coverage);
    assert.deepEqual(toSarif(findings, { root, coverage }).runs[0]!.properties, { coverage });
    assert.equal(toJsonReport(findings, root).coverage, undefined);
    // Which TypeORM the entities were read as, beside the coverage.
    const typeorm = { version: '0.3.20', range: '^0.3.17', source: 'lockfile', file: 'yarn.lock' };
    assert.deepEqual(toJsonReport(findings, root, { coverage, typeorm }).typeorm, typeorm);
    assert.deepEqual(toSarif(findings, { root, coverage, typeorm }).runs[0]!.properties, { typeorm, coverage });
  });
});
