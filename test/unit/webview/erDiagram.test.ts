// The ER diagram's pure parts: the message protocol both sides share (every message checked on
// arrival), what the webview draws for a graph and a state, and the page with its CSP.
import assert from 'node:assert/strict';
import { DEFAULT_STATE, exportBytes, readState, readWebviewMessage, ZOOM_MAX } from '../../../src/core/diagram-protocol';
import type { ErEdge, ErGraph, ErNode } from '../../../src/core/schema-docs';
import { contentSecurityPolicy, diagramHtml } from '../../../src/extension/erDiagramHtml';
import { filterChoices, neighbourhood, searchMatches, visibleGraph } from '../../../src/webview/erDiagram/visible';

function node(name: string, schema = 'public', module = 'src/entities', className?: string): ErNode {
  return { id: `${schema}.${name}`, schema, name, module, drift: 'in-sync', columns: [], findings: 0, ...(className ? { entity: { className, file: `${module}/${name}.ts`, line: 1 } } : {}) };
}

function edge(from: string, to: string): ErEdge {
  return { id: `${from}>${to}`, from: `public.${from}`, to: `public.${to}`, columns: [`${to}Id`], referencedColumns: ['id'], optional: false, oneToOne: false };
}

function graphOf(nodes: ErNode[], edges: ErEdge[]): ErGraph {
  return { view: 'both', compared: true, nodes, edges };
}

describe('ER diagram protocol', () => {
  it('reads the webview\'s messages, and nothing that is not one', () => {
    assert.deepEqual(readWebviewMessage({ type: 'open', table: 'public.users' }), { type: 'open', table: 'public.users' });
    assert.deepEqual(readWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(readWebviewMessage({ type: 'export', format: 'svg', data: '<svg/>' }), { type: 'export', format: 'svg', data: '<svg/>' });
    for (const bad of [null, 'open', [], { type: 'open' }, { type: 'open', table: 3 }, { type: 'run', command: 'rm' }, { type: 'export', format: 'exe', data: '' }, { type: 'export', format: 'png', data: 'file:///etc/passwd' }]) {
      assert.equal(readWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it('a state from anywhere gets every field checked and defaults for the rest', () => {
    assert.deepEqual(readState(undefined), DEFAULT_STATE);
    assert.deepEqual(readState({ view: 'database', search: 'user', hiddenSchemas: ['audit', 4], zoom: 99, x: 'a', y: 12, focus: 'public.users', project: 'p' }), {
      project: 'p', view: 'database', search: 'user', hiddenSchemas: ['audit'], hiddenModules: [], focus: 'public.users', x: 0, y: 12, zoom: ZOOM_MAX,
    });
    assert.equal(readState({ view: 'everything' }).view, 'both');
    assert.deepEqual(readWebviewMessage({ type: 'state', state: { view: 'entities' } }), { type: 'state', state: { ...DEFAULT_STATE, view: 'entities' } });
  });

  it('an export becomes the bytes of the file: SVG text, PNG decoded from its data URL', () => {
    assert.equal(new TextDecoder().decode(exportBytes({ type: 'export', format: 'svg', data: '<svg>é</svg>' })), '<svg>é</svg>');
    const png = exportBytes({ type: 'export', format: 'png', data: `data:image/png;base64,${Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64')}` });
    assert.deepEqual([...png], [0x89, 0x50, 0x4e, 0x47]);
  });
});

describe('ER diagram: what is drawn', () => {
  const small = graphOf([node('users', 'public', 'src/users', 'User'), node('posts', 'public', 'src/posts', 'Post'), node('events', 'audit', '(database)')], [edge('posts', 'users')]);

  it('draws everything the filter leaves when it fits', () => {
    const all = visibleGraph(small, DEFAULT_STATE);
    assert.equal(all.mode, 'all');
    assert.deepEqual(all.nodes.map((n) => n.id), ['public.users', 'public.posts', 'audit.events']);
    const filtered = visibleGraph(small, { ...DEFAULT_STATE, hiddenSchemas: ['audit'], hiddenModules: ['src/users'] });
    assert.deepEqual(filtered.nodes.map((n) => n.id), ['public.posts']);
    assert.deepEqual(filtered.edges, [], 'a key to a hidden table is not drawn');
    assert.deepEqual(filterChoices(small), { schemas: ['audit', 'public'], modules: ['(database)', 'src/posts', 'src/users'] });
  });

  it('search matches the name, schema.name and entity class, ignoring case', () => {
    assert.deepEqual(searchMatches(small.nodes, 'POST').map((n) => n.id), ['public.posts']);
    assert.deepEqual(searchMatches(small.nodes, 'audit.').map((n) => n.id), ['audit.events']);
    assert.deepEqual(searchMatches(small.nodes, 'user').map((n) => n.id), ['public.users']);
    assert.deepEqual(searchMatches(small.nodes, '  '), []);
  });

  it('above the limit: the neighbourhood of the focus, else of the first match, else of the most connected table', () => {
    // A chain t0 - t1 - ... - t9 plus a hub h that t5..t9 reference.
    const nodes = [...Array.from({ length: 10 }, (_, i) => node(`t${i}`)), node('h')];
    const edges = [...Array.from({ length: 9 }, (_, i) => edge(`t${i + 1}`, `t${i}`)), ...[5, 6, 7, 8, 9].map((i) => edge(`t${i}`, 'h'))];
    const graph = graphOf(nodes, edges);
    const hub = visibleGraph(graph, DEFAULT_STATE, 6);
    assert.equal(hub.mode, 'neighbourhood');
    assert.equal(hub.focus, 'public.h');
    assert.deepEqual(hub.nodes.map((n) => n.name), ['t5', 't6', 't7', 't8', 't9', 'h']);
    assert.equal(hub.filtered, 11);
    const searched = visibleGraph(graph, { ...DEFAULT_STATE, search: 't0' }, 6);
    assert.equal(searched.focus, 'public.t0');
    assert.deepEqual(searched.nodes.map((n) => n.name), ['t0', 't1', 't2', 't3', 't4', 't5']);
    assert.ok(searched.edges.every((e) => searched.nodes.some((n) => n.id === e.from) && searched.nodes.some((n) => n.id === e.to)));
    assert.equal(visibleGraph(graph, { ...DEFAULT_STATE, search: 't0', focus: 'public.t9' }, 6).focus, 'public.t9');
  });

  it('a neighbourhood takes whole rings while they fit, the first ring always (cut to the limit)', () => {
    const nodes = ['a', 'b', 'c', 'd', 'e'].map((name) => node(name));
    const star = [edge('b', 'a'), edge('c', 'a'), edge('d', 'a'), edge('e', 'b')];
    assert.deepEqual([...neighbourhood(nodes, star, 'public.a', 4)].sort(), ['public.a', 'public.b', 'public.c', 'public.d']);
    assert.deepEqual([...neighbourhood(nodes, star, 'public.a', 2)].sort(), ['public.a', 'public.b']);
    assert.deepEqual([...neighbourhood(nodes, star, 'public.a', 10)].sort(), ['public.a', 'public.b', 'public.c', 'public.d', 'public.e']);
  });
});

describe('ER diagram page', () => {
  const page = { cspSource: 'https://file+.vscode-resource.vscode-cdn.net', nonce: 'abc123+/=', scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/er-diagram.js', styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/er-diagram.css' };

  it('allows only its own nonce\'d script and stylesheet, and data: images for the PNG export', () => {
    assert.equal(contentSecurityPolicy(page), `default-src 'none'; img-src ${page.cspSource} data:; style-src ${page.cspSource}; font-src ${page.cspSource}; script-src 'nonce-abc123+/='`);
    assert.doesNotMatch(contentSecurityPolicy(page), /unsafe|\*/);
  });

  it('loads one script, with the nonce, and nothing from anywhere else', () => {
    const html = diagramHtml(page);
    assert.deepEqual([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]), [`<script nonce="abc123+/=" src="${page.scriptUri}">`]);
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(urls, [page.styleUri, page.scriptUri]);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    for (const id of ['canvas', 'search', 'view', 'filters', 'zoom-in', 'zoom-out', 'fit', 'export-svg', 'export-png', 'status', 'project']) assert.match(html, new RegExp(`id="${id}"`));
  });
});
