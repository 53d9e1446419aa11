// The ER graph, the Mermaid text and the page names of schema docs, as pure functions of models and findings.
import assert from 'node:assert/strict';
import { emptyModel, emptyTable, type SchemaModel, type Table } from '../../../src/core/model';
import type { Finding } from '../../../src/core/rules';
import { buildErGraph, diagramGroups, documentedTables, mermaidErDiagram, pageFileNames, DIAGRAM_LIMIT } from '../../../src/core/schema-docs';

const ROOT = '/repo';

function table(name: string, columns: string[], extra: Partial<Table> = {}, schema = 'public'): Table {
  return { ...emptyTable(schema, name), columns: columns.map((column) => ({ name: column, type: column === 'id' ? 'integer' : 'text', nullable: column.endsWith('?') })), primaryKey: { columns: ['id'] }, ...extra };
}

function model(...tables: Table[]): SchemaModel {
  return { ...emptyModel(), tables };
}

function finding(code: string, tableName: string, column?: string, category: Finding['category'] = 'drift'): Finding {
  return { code, category, severity: 'error', message: `${code} on ${tableName}`, schema: 'public', table: tableName, ...(column ? { column } : {}), fixes: [] };
}

const toUsers = { columns: ['userId'], referencedTable: { schema: 'public', name: 'users' }, referencedColumns: ['id'], onDelete: 'CASCADE' as const, onUpdate: 'NO ACTION' as const };

describe('schema docs: tables, drift and the ER graph', () => {
  it('each table says on which side it is and whether a drift finding is open on it', () => {
    const intended = model(table('users', ['id', 'email']), table('posts', ['id', 'title', 'userId']), table('drafts', ['id']));
    const actual = model(table('users', ['id', 'email']), table('posts', ['id', 'userId']), table('audit', ['id']));
    const findings = [finding('SL102', 'posts', 'title'), finding('SL301', 'users', undefined, 'index'), finding('SL101', 'drafts'), finding('SL110', 'audit')];
    const tables = documentedTables(intended, actual, findings);
    assert.deepEqual(tables.map((t) => `${t.name}:${t.drift}:${t.findings.map((f) => f.code).join(',')}`), ['audit:only-database:SL110', 'drafts:only-entities:SL101', 'posts:differs:SL102', 'users:in-sync:SL301']);
    assert.deepEqual(documentedTables(intended, undefined, []).map((t) => t.drift), ['not-compared', 'not-compared', 'not-compared']);
  });

  it('the both view marks columns and keys one side lacks; one side\'s view shows that side only', () => {
    const intended = model(table('users', ['id', 'email']), table('posts', ['id', 'title', 'userId?'], { foreignKeys: [toUsers] }));
    const actual = model(table('users', ['id', 'email', 'legacy']), table('posts', ['id', 'userId?']));
    const tables = documentedTables(intended, actual, [finding('SL102', 'posts', 'title'), finding('SL201', 'posts', 'userId', 'integrity')]);
    const both = buildErGraph(tables, 'both', ROOT);
    const users = both.nodes.find((node) => node.name === 'users')!;
    assert.deepEqual(users.columns.map((column) => `${column.name}${column.drift ? `:${column.drift}` : ''}`), ['id', 'email', 'legacy:only-database']);
    const posts = both.nodes.find((node) => node.name === 'posts')!;
    assert.deepEqual(posts.columns.map((column) => `${column.name}${column.drift ? `:${column.drift}` : ''}`), ['id', 'title:only-entities', 'userId?']);
    assert.deepEqual(both.edges, [{ id: 'public.posts(userId>public.users(id))', from: 'public.posts', to: 'public.users', columns: ['userId'], referencedColumns: ['id'], optional: false, oneToOne: false, drift: 'only-entities' }]);
    const database = buildErGraph(tables, 'database', ROOT);
    assert.deepEqual(database.edges, []);
    assert.deepEqual(database.nodes.find((node) => node.name === 'users')!.columns.map((column) => column.name), ['id', 'email', 'legacy']);
    assert.ok(database.nodes.every((node) => node.columns.every((column) => column.drift === undefined)));
  });

  it('a node names its entity class, file relative to the root and 1-based line, and its folder as the module', () => {
    const span = { file: '/repo/src/billing/invoice.entity.ts', start: { line: 4, character: 0 }, end: { line: 9, character: 1 }, startOffset: 0, endOffset: 1 };
    const graph = buildErGraph(documentedTables(model(table('invoice', ['id'], { entity: { className: 'Invoice', file: span.file }, span })), undefined, []), 'entities', ROOT);
    assert.deepEqual(graph.nodes[0]!.entity, { className: 'Invoice', file: 'src/billing/invoice.entity.ts', line: 5 });
    assert.equal(graph.nodes[0]!.module, 'src/billing');
    assert.equal(graph.compared, false);
  });

  it('one-to-one and optional keys get their cardinality in Mermaid', () => {
    const profile = table('profile', ['id', 'userId?'], { foreignKeys: [toUsers], uniques: [{ columns: ['userId'] }] });
    const graph = buildErGraph(documentedTables(model(table('users', ['id']), profile), undefined, []), 'entities', ROOT);
    assert.deepEqual(graph.edges.map((edge) => [edge.optional, edge.oneToOne]), [[false, true]]);
    assert.match(mermaidErDiagram(graph.nodes, graph.edges), /^ {4}t_users \|\|--o\| t_profile : "userId"$/m);
  });
});

describe('schema docs: Mermaid and file names', () => {
  it('names Mermaid cannot take become plain ids with the real name as a label; types and columns are reduced', () => {
    const odd = table('Order "Items"', ['id', 'unit price'], {}, 'sales');
    odd.columns[1]!.type = 'numeric(10,2)';
    const other = table('order__items', ['id'], {}, 'public');
    const graph = buildErGraph(documentedTables(model(odd, other, table('1st', ['id'])), undefined, []), 'entities', ROOT);
    const text = mermaidErDiagram(graph.nodes, graph.edges);
    assert.match(text, /^ {4}t_order__items\["order__items"\] \{$/m);
    assert.match(text, /^ {4}t_1st\["1st"\] \{$/m);
    assert.match(text, /^ {4}t_sales__Order__Items_\["sales\.Order 'Items'"\] \{$/m);
    assert.match(text, /^ {8}numeric\(10_2\) unit_price "unit price"$/m);
    // Every entity id and attribute is made of what Mermaid's ER lexer takes.
    for (const line of text.split('\n').slice(1)) {
      if (/^ {4}\S+\[".*"\] \{$/.test(line)) assert.match(line, /^ {4}[A-Za-z_][A-Za-z0-9_\-[\]()]*\["[^"]*"\] \{$/);
      else if (/^ {8}/.test(line)) assert.match(line, /^ {8}[A-Za-z_*][A-Za-z0-9_\-[\]()]* [A-Za-z_*][A-Za-z0-9_\-[\]()]*( PK| FK| UK|, )*( "[^"]*")?$/);
    }
  });

  it('ids are a fixed prefix and word characters; a column named like a key (Mermaid reads it as one) and % in a name are written so Mermaid takes them', () => {
    const names = ['todos', 'classes', 'styles', 'end', 'one_time', 'many'];
    const tables = names.map((name) => table(name, ['id', 'pk', 'fk-ref']));
    tables[0]!.name = '100% done';
    const text = mermaidErDiagram(buildErGraph(documentedTables(model(...tables), undefined, []), 'entities', ROOT).nodes, []);
    assert.deepEqual([...text.matchAll(/^ {4}(\S+)\[/gm)].map((m) => m[1]), ['t_100__done', 't_classes', 't_end', 't_many', 't_one_time', 't_styles']);
    assert.match(text, /^ {4}t_100__done\["100_ done"\] \{$/m);
    assert.match(text, /^ {8}text pk_ "pk"$/m);
    assert.match(text, /^ {8}text fk_ref "fk-ref"$/m);
  });

  it('ids that would meet (case, or schema and name) stay apart', () => {
    const graph = buildErGraph(documentedTables(model(table('Users', ['id']), table('users', ['id'])), undefined, []), 'entities', ROOT);
    assert.match(mermaidErDiagram(graph.nodes, []), /t_Users\["Users"\][\s\S]*t_users_2\["users"\]/);
  });

  it('page names are safe on every file system, lower-cased, and kept apart by a hash when they meet', () => {
    const names = pageFileNames([{ key: 'public.Users' }, { key: 'public.users' }, { key: 'app.a/b "c"' }]);
    assert.deepEqual([...names.values()], ['tables/public.users.md', `tables/public.users-${names.get('public.users')!.slice(-11, -3)}.md`, 'tables/app.a_2f_b_20__22_c_22_.md']);
    assert.match(names.get('public.users')!, /^tables\/public\.users-[0-9a-f]{8}\.md$/);
  });

  it('one diagram up to the limit; above it one per schema, and a big schema one per folder', () => {
    const many = (schema: string, count: number, folder: (i: number) => string) =>
      Array.from({ length: count }, (_, i) => table(`t${String(i).padStart(3, '0')}`, ['id'], { entity: { className: `T${i}`, file: `/repo/${folder(i)}/t.ts` } }, schema));
    const small = buildErGraph(documentedTables(model(...many('public', DIAGRAM_LIMIT, () => 'src')), undefined, []), 'entities', ROOT);
    assert.deepEqual(diagramGroups(small).map((group) => [group.title, group.nodes.length]), [['', DIAGRAM_LIMIT]]);
    const big = buildErGraph(documentedTables(model(...many('public', 60, (i) => (i < 30 ? 'src/a' : 'src/b')), ...many('audit', 5, () => 'src/audit')), undefined, []), 'entities', ROOT);
    assert.deepEqual(diagramGroups(big).map((group) => [group.title, group.nodes.length]), [['Schema audit', 5], ['Schema public, src/a', 30], ['Schema public, src/b', 30]]);
  });
});
