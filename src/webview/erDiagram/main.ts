// The ER diagram webview's script (bundled alone into dist/er-diagram.js, loaded under a CSP with a
// nonce, no remote resources). It lays out what visible.ts says to draw with elkjs, draws it as SVG
// in the theme's colours, and handles pan, zoom, search, the schema/module filter, clicks (open
// the entity; Alt+click or double-click: draw that table's neighbourhood) and exports. Its state
// survives reloads through getState/setState, and the editor's serializer hands it back too.
import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';
import { readState, ZOOM_MAX, ZOOM_MIN, type DiagramState, type HostMessage, type WebviewMessage } from '../../core/diagram-protocol';
import type { ErEdge, ErGraph, ErNode } from '../../core/schema-docs';
import { filterChoices, searchMatches, visibleGraph, type Visible } from './visible';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: DiagramState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const SVG = 'http://www.w3.org/2000/svg';
const ROW = 18;
const HEADER = 26;
const CHAR = 7.2;
const PAD = 10;

let state: DiagramState = readState(vscode.getState());
let graph: ErGraph | undefined;
let drawn: Visible | undefined;
let drawing = 0;
const elk = new ELK();

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const canvas = byId<HTMLElement>('canvas');
const status = byId<HTMLElement>('status');
const searchBox = byId<HTMLInputElement>('search');
const viewSelect = byId<HTMLSelectElement>('view');
const projectSelect = byId<HTMLSelectElement>('project');
const filterList = byId<HTMLElement>('filters');

function post(message: WebviewMessage): void {
  vscode.postMessage(message);
}

function save(): void {
  vscode.setState(state);
}

/** A change the editor must know of: the view or project (it sends a new graph) and the state it restores. */
function changed(next: Partial<DiagramState>): void {
  state = { ...state, ...next };
  save();
  post({ type: 'state', state });
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>, parent?: Element): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  parent?.appendChild(element);
  return element;
}

function columnText(column: ErNode['columns'][number]): string {
  const keys = [column.primaryKey ? 'PK' : '', column.foreignKey ? 'FK' : '', column.unique && !column.primaryKey ? 'UK' : ''].filter(Boolean).join(' ');
  return `${column.name}: ${column.type}${column.nullable ? '?' : ''}${keys ? `  ${keys}` : ''}`;
}

function title(node: ErNode): string {
  return node.schema === 'public' ? node.name : `${node.schema}.${node.name}`;
}

function nodeSize(node: ErNode): { width: number; height: number } {
  const longest = Math.max(title(node).length + 4, ...node.columns.map((column) => columnText(column).length));
  return { width: Math.ceil(longest * CHAR + 2 * PAD), height: HEADER + node.columns.length * ROW + 6 };
}

async function layout(visible: Visible): Promise<ElkNode> {
  const children = visible.nodes.map((node) => ({ id: node.id, ...nodeSize(node) }));
  const edges: ElkExtendedEdge[] = visible.edges.filter((edge) => edge.from !== edge.to).map((edge) => ({ id: edge.id, sources: [edge.from], targets: [edge.to] }));
  return elk.layout({
    id: 'root',
    layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'RIGHT', 'elk.edgeRouting': 'POLYLINE', 'elk.spacing.nodeNode': '30', 'elk.layered.spacing.nodeNodeBetweenLayers': '60', 'elk.separateConnectedComponents': 'true' },
    children,
    edges,
  });
}

function drawNode(node: ErNode, placed: ElkNode, parent: SVGGElement, matches: Set<string>): void {
  const classes = ['table', `drift-${node.drift}`, matches.has(node.id) ? 'match' : '', drawn?.focus === node.id ? 'focus' : ''].filter(Boolean).join(' ');
  const group = svg('g', { class: classes, transform: `translate(${placed.x ?? 0},${placed.y ?? 0})`, 'data-table': node.id, tabindex: 0, role: 'button' }, parent);
  svg('title', {}, group).textContent = `${title(node)}${node.entity ? ` — ${node.entity.className} (${node.entity.file}:${node.entity.line})` : ''}${node.findings ? ` — ${node.findings} finding${node.findings === 1 ? '' : 's'}` : ''}\nClick: open the entity. Alt+click or double-click: its neighbourhood.`;
  svg('rect', { class: 'box', width: placed.width ?? 0, height: placed.height ?? 0, rx: 4 }, group);
  svg('rect', { class: 'header', width: placed.width ?? 0, height: HEADER, rx: 4 }, group);
  const name = svg('text', { class: 'name', x: PAD, y: 17 }, group);
  name.textContent = title(node);
  node.columns.forEach((column, i) => {
    const text = svg('text', { class: `column${column.drift ? ` drift-${column.drift}` : ''}${column.primaryKey ? ' pk' : ''}`, x: PAD, y: HEADER + 13 + i * ROW, 'data-column': column.name }, group);
    text.textContent = columnText(column);
  });
}

function drawEdge(edge: ErEdge, placed: ElkExtendedEdge | undefined, parent: SVGGElement): void {
  const section = placed?.sections?.[0];
  if (!section) return;
  const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint];
  const path = svg('path', { class: `edge${edge.drift ? ` drift-${edge.drift}` : ''}`, d: `M ${points.map((point) => `${point.x} ${point.y}`).join(' L ')}`, 'marker-end': 'url(#arrow)', 'data-edge': edge.id, 'data-from': edge.from, 'data-to': edge.to }, parent);
  svg('title', {}, path).textContent = `${edge.from} (${edge.columns.join(', ')}) -> ${edge.to} (${edge.referencedColumns.join(', ')})${edge.drift ? ` — ${edge.drift.replace('-', ' ')}` : ''}`;
}

function applyTransform(): void {
  canvas.querySelector('#viewport')?.setAttribute('transform', `translate(${state.x},${state.y}) scale(${state.zoom})`);
}

/** Lays out and draws what the state says; a newer call wins over a slower, older one. */
async function render(): Promise<void> {
  if (!graph) return;
  const ticket = ++drawing;
  const started = performance.now();
  const visible = visibleGraph(graph, state);
  const placed = await layout(visible);
  if (ticket !== drawing) return;
  const laidOut = performance.now();
  drawn = visible;
  const matches = new Set(searchMatches(visible.nodes, state.search).map((node) => node.id));
  const root = svg('svg', { id: 'diagram', xmlns: SVG, width: '100%', height: '100%' });
  const defs = svg('defs', {}, root);
  const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 8, markerHeight: 8, orient: 'auto-start-reverse' }, defs);
  svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow' }, marker);
  const viewport = svg('g', { id: 'viewport' }, root);
  const edgeLayer = svg('g', { class: 'edges' }, viewport);
  const nodeLayer = svg('g', { class: 'tables' }, viewport);
  const placedNodes = new Map((placed.children ?? []).map((child) => [child.id, child]));
  const placedEdges = new Map((placed.edges ?? []).map((edge) => [edge.id, edge]));
  for (const edge of visible.edges) drawEdge(edge, placedEdges.get(edge.id), edgeLayer);
  for (const node of visible.nodes) drawNode(node, placedNodes.get(node.id)!, nodeLayer, matches);
  root.dataset.width = String(placed.width ?? 0);
  root.dataset.height = String(placed.height ?? 0);
  canvas.replaceChildren(root);
  applyTransform();
  const done = performance.now();
  const scope = visible.mode === 'all' ? `${visible.nodes.length} tables` : `${visible.nodes.length} of ${visible.filtered} tables around ${visible.focus} (Alt+click a table for its neighbourhood)`;
  status.textContent = `${scope}, ${visible.edges.length} keys — layout ${Math.round(laidOut - started)} ms, drawn ${Math.round(done - laidOut)} ms`;
  document.body.dataset.rendered = String(ticket);
}

function fit(): void {
  const root = canvas.querySelector<SVGSVGElement>('#diagram');
  if (!root) return;
  const width = Number(root.dataset.width);
  const height = Number(root.dataset.height);
  const box = canvas.getBoundingClientRect();
  if (!width || !height || !box.width || !box.height) return;
  const zoom = Math.min(Math.max(Math.min(box.width / (width + 40), box.height / (height + 40), 1.5), ZOOM_MIN), ZOOM_MAX);
  changed({ zoom, x: (box.width - width * zoom) / 2, y: (box.height - height * zoom) / 2 });
  applyTransform();
}

function zoomAt(factor: number, cx: number, cy: number): void {
  const zoom = Math.min(Math.max(state.zoom * factor, ZOOM_MIN), ZOOM_MAX);
  const scale = zoom / state.zoom;
  state = { ...state, zoom, x: cx - (cx - state.x) * scale, y: cy - (cy - state.y) * scale };
  applyTransform();
  save();
}

function fillFilters(): void {
  if (!graph) return;
  const { schemas, modules } = filterChoices(graph);
  const box = (kind: 'schema' | 'module', value: string, hidden: string[]) => {
    const label = document.createElement('label');
    const input = document.createElement('input');
    input.type = 'checkbox';
    input.checked = !hidden.includes(value);
    input.dataset[kind] = value;
    input.addEventListener('change', () => {
      const key = kind === 'schema' ? 'hiddenSchemas' : 'hiddenModules';
      const rest = state[key].filter((item) => item !== value);
      changed({ [key]: input.checked ? rest : [...rest, value].sort() });
      void render().then(fit);
    });
    label.append(input, ` ${value}`);
    return label;
  };
  const schemaTitle = document.createElement('strong');
  schemaTitle.textContent = 'Schemas';
  const moduleTitle = document.createElement('strong');
  moduleTitle.textContent = 'Modules';
  filterList.replaceChildren(schemaTitle, ...schemas.map((schema) => box('schema', schema, state.hiddenSchemas)), moduleTitle, ...modules.map((module) => box('module', module, state.hiddenModules)));
}

/** The drawn SVG as a file: the theme's colours written in, since the file has no VS Code around it. */
function exportSvg(): string | undefined {
  const root = canvas.querySelector<SVGSVGElement>('#diagram');
  if (!root) return undefined;
  const copy = root.cloneNode(true) as SVGSVGElement;
  const width = Number(root.dataset.width) + 40;
  const height = Number(root.dataset.height) + 40;
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  copy.setAttribute('viewBox', `-20 -20 ${width} ${height}`);
  copy.querySelector('#viewport')?.removeAttribute('transform');
  const style = document.createElementNS(SVG, 'style');
  const computed = getComputedStyle(document.body);
  // The drawing's own rules (tables, columns, keys), not the toolbar's.
  const rules = [...document.styleSheets].flatMap((sheet) => [...sheet.cssRules]).map((rule) => rule.cssText).filter((text) => /^\.(table|column|edge|arrow)\b/.test(text)).join('\n');
  // Every var(--x) or var(--x, fallback), replaced by what the theme gives it now.
  const resolved = (text: string) => text.replace(/var\((--[\w-]+)(?:,\s*([^)]*))?\)/g, (_, name: string, fallback: string | undefined) => computed.getPropertyValue(name).trim() || fallback?.trim() || 'currentColor');
  style.textContent = `svg { background: ${resolved('var(--vscode-editor-background, white)')}; font-family: ${resolved('var(--vscode-editor-font-family, monospace)')}; }\n${resolved(rules)}`;
  copy.insertBefore(style, copy.firstChild);
  return new XMLSerializer().serializeToString(copy);
}

async function exportPng(): Promise<string | undefined> {
  const text = exportSvg();
  if (!text) return undefined;
  const image = new Image();
  const loaded = new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error('the diagram could not be drawn as an image'));
  });
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  await loaded;
  const scale = Math.min(2, 16000 / Math.max(image.width, image.height, 1));
  const picture = document.createElement('canvas');
  picture.width = Math.max(1, Math.round(image.width * scale));
  picture.height = Math.max(1, Math.round(image.height * scale));
  const context = picture.getContext('2d')!;
  context.scale(scale, scale);
  context.drawImage(image, 0, 0);
  return picture.toDataURL('image/png');
}

function tableOf(target: EventTarget | null): string | undefined {
  return (target as Element | null)?.closest?.('[data-table]')?.getAttribute('data-table') ?? undefined;
}

function focusOn(table: string): void {
  changed({ focus: table });
  void render().then(fit);
}

function wire(): void {
  let drag: { x: number; y: number; startX: number; startY: number } | undefined;
  canvas.addEventListener('pointerdown', (event) => {
    if (tableOf(event.target)) return;
    drag = { x: event.clientX, y: event.clientY, startX: state.x, startY: state.y };
    canvas.setPointerCapture(event.pointerId);
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!drag) return;
    state = { ...state, x: drag.startX + event.clientX - drag.x, y: drag.startY + event.clientY - drag.y };
    applyTransform();
  });
  canvas.addEventListener('pointerup', () => {
    if (drag) save();
    drag = undefined;
  });
  canvas.addEventListener('wheel', (event) => {
    event.preventDefault();
    const box = canvas.getBoundingClientRect();
    zoomAt(Math.exp(-event.deltaY / 400), event.clientX - box.left, event.clientY - box.top);
  }, { passive: false });
  canvas.addEventListener('click', (event) => {
    const table = tableOf(event.target);
    if (!table) return;
    const node = graph?.nodes.find((candidate) => candidate.id === table);
    if (event.altKey || !node?.entity) focusOn(table);
    else post({ type: 'open', table });
  });
  canvas.addEventListener('dblclick', (event) => {
    const table = tableOf(event.target);
    if (table) focusOn(table);
  });
  canvas.addEventListener('keydown', (event) => {
    const table = tableOf(event.target);
    if (table && event.key === 'Enter') post({ type: 'open', table });
  });
  searchBox.value = state.search;
  searchBox.addEventListener('input', () => {
    changed({ search: searchBox.value });
    for (const element of canvas.querySelectorAll('[data-table]')) element.classList.toggle('match', false);
    const matches = graph ? searchMatches(graph.nodes, state.search) : [];
    const shown = new Set(drawn?.nodes.map((node) => node.id));
    for (const match of matches) canvas.querySelector(`[data-table="${CSS.escape(match.id)}"]`)?.classList.add('match');
    // A table the drawing does not show (a big graph's other neighbourhood): draw its neighbourhood.
    if (matches[0] && !shown.has(matches[0].id)) focusOn(matches[0].id);
  });
  searchBox.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || !graph) return;
    const match = searchMatches(graph.nodes, state.search)[0];
    if (match) focusOn(match.id);
  });
  viewSelect.value = state.view;
  viewSelect.addEventListener('change', () => changed({ view: viewSelect.value as DiagramState['view'], focus: undefined }));
  projectSelect.addEventListener('change', () => changed({ project: projectSelect.value, focus: undefined, hiddenSchemas: [], hiddenModules: [] }));
  byId('zoom-in').addEventListener('click', () => zoomAt(1.25, canvas.clientWidth / 2, canvas.clientHeight / 2));
  byId('zoom-out').addEventListener('click', () => zoomAt(0.8, canvas.clientWidth / 2, canvas.clientHeight / 2));
  byId('fit').addEventListener('click', fit);
  byId('export-svg').addEventListener('click', () => {
    const data = exportSvg();
    if (data) post({ type: 'export', format: 'svg', data });
  });
  byId('export-png').addEventListener('click', () => {
    void exportPng().then((data) => data && post({ type: 'export', format: 'png', data }), (error: unknown) => (status.textContent = String(error)));
  });
  window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
    const message = event.data;
    if (message.type === 'empty') {
      graph = undefined;
      canvas.replaceChildren();
      status.textContent = message.message;
      return;
    }
    const first = graph === undefined;
    graph = message.graph;
    state = { ...state, ...message.state, project: message.project.key };
    save();
    viewSelect.value = state.view;
    projectSelect.replaceChildren(...message.projects.map((project) => Object.assign(document.createElement('option'), { value: project.key, textContent: project.label, selected: project.key === message.project.key })));
    projectSelect.hidden = message.projects.length < 2;
    fillFilters();
    // The first drawing (or one after a reload without a saved position) fits the window.
    void render().then(() => (first && state.zoom === 1 && state.x === 0 && state.y === 0 ? fit() : undefined));
  });
}

wire();
post({ type: 'ready', state });
