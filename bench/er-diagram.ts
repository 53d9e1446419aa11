// The ER diagram at 1,000 tables: how long the graph takes to build, what elkjs' layered layout of
// the whole graph would take (why the webview draws neighbourhoods above DRAW_LIMIT tables), and
// what the webview itself takes to lay out and draw, in headless Chromium with the built
// dist/er-diagram.js (run `npm run build` first). Usage: npx tsx bench/er-diagram.ts [tables]
import { join } from 'node:path';
import ELK from 'elkjs/lib/elk.bundled.js';
import { chromium } from 'playwright-core';
import { DEFAULT_STATE, type HostMessage } from '../src/core/diagram-protocol';
import { emptyModel, emptyTable, type SchemaModel, type Table } from '../src/core/model';
import { buildErGraph, documentedTables } from '../src/core/schema-docs';

const COUNT = Number(process.argv[2] ?? 1000);
const REPO = join(__dirname, '..');

/** Tables in 10 modules, 3 to 10 columns, each referencing one or two earlier tables. */
function syntheticModel(count: number): SchemaModel {
  const tables: Table[] = [];
  for (let i = 0; i < count; i++) {
    const name = `table_${String(i).padStart(4, '0')}`;
    const targets = i === 0 ? [] : [Math.floor(i / 3), ...(i % 2 ? [(i * 7) % i] : [])];
    const columns = [{ name: 'id', type: 'integer', nullable: false }, ...Array.from({ length: 2 + (i % 8) }, (_, c) => ({ name: `field_${c}`, type: 'character varying(255)', nullable: c % 2 === 1 }))];
    const table: Table = { ...emptyTable('public', name), primaryKey: { columns: ['id'] }, entity: { className: `Entity${i}`, file: `/bench/src/module${i % 10}/${name}.entity.ts` } };
    table.columns = [...columns, ...[...new Set(targets)].map((target) => ({ name: `ref_${target}`, type: 'integer', nullable: true }))];
    table.foreignKeys = [...new Set(targets)].map((target) => ({ columns: [`ref_${target}`], referencedTable: { schema: 'public', name: `table_${String(target).padStart(4, '0')}` }, referencedColumns: ['id'], onDelete: 'NO ACTION' as const, onUpdate: 'NO ACTION' as const }));
    tables.push(table);
  }
  return { ...emptyModel(), tables };
}

async function main(): Promise<void> {
  const model = syntheticModel(COUNT);
  let started = performance.now();
  const graph = buildErGraph(documentedTables(model, model, []), 'both', '/bench');
  const buildMs = performance.now() - started;
  console.log(`${COUNT} tables, ${graph.edges.length} keys: graph built in ${buildMs.toFixed(0)} ms`);

  started = performance.now();
  await new ELK().layout({
    id: 'root',
    layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'RIGHT', 'elk.edgeRouting': 'POLYLINE' },
    children: graph.nodes.map((node) => ({ id: node.id, width: 220, height: 26 + 18 * node.columns.length })),
    edges: graph.edges.map((edge) => ({ id: edge.id, sources: [edge.from], targets: [edge.to] })),
  });
  console.log(`elkjs layered layout of all ${COUNT} tables (Node, one thread): ${(performance.now() - started).toFixed(0)} ms`);

  const browser = await chromium.launch({ executablePath: process.env.SCHEMA_LENS_E2E_CHROMIUM ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.setContent(`<!DOCTYPE html><html><body>
      <select id="project"></select><select id="view"><option value="both">both</option></select><input id="search"><div id="filters"></div>
      <button id="zoom-out"></button><button id="zoom-in"></button><button id="fit"></button><button id="export-svg"></button><button id="export-png"></button>
      <main id="canvas" style="width:1400px;height:850px"></main><footer id="status"></footer>
      <script>window.acquireVsCodeApi = () => ({ postMessage() {}, getState() {}, setState() {} });</script></body></html>`);
    await page.addStyleTag({ path: join(REPO, 'media', 'er-diagram.css') });
    await page.addScriptTag({ path: join(REPO, 'dist', 'er-diagram.js') });
    const message: HostMessage = { type: 'graph', graph, project: { key: 'bench', label: 'bench' }, projects: [{ key: 'bench', label: 'bench' }], state: DEFAULT_STATE };
    started = performance.now();
    // Evaluated as text: this file is type-checked for Node, without the DOM's types.
    await page.evaluate(`window.postMessage(${JSON.stringify(message)}, '*')`);
    await page.waitForSelector('body[data-rendered]', { timeout: 120_000 });
    const wall = performance.now() - started;
    const tables = await page.locator('[data-table]').count();
    console.log(`webview: ${await page.locator('#status').textContent()}; ${tables} tables in the DOM; message to drawn ${wall.toFixed(0)} ms`);
    started = performance.now();
    await page.evaluate(`{ const box = document.querySelector('#search'); box.value = 'table_0999'; box.dispatchEvent(new Event('input')); }`);
    await page.waitForSelector('body[data-rendered="2"]', { timeout: 120_000 });
    console.log(`search for a table outside the drawing, to its neighbourhood drawn: ${(performance.now() - started).toFixed(0)} ms (${await page.locator('#status').textContent()})`);
  } finally {
    await browser.close();
  }
}

void main();
