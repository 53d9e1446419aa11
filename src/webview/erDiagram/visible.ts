// What the ER diagram draws, decided without the DOM: the tables the filter leaves, and, when that
// is more than a layout can take while staying responsive, the neighbourhood of one table (the one
// the user focused or searched for, else the most connected). Pure, so it is unit-tested.
import type { DiagramState } from '../../core/diagram-protocol';
import type { ErEdge, ErGraph, ErNode } from '../../core/schema-docs';

/**
 * Most tables drawn at once. elkjs' layered layout of all 1,000 tables of bench/er-diagram.ts took
 * 5 to 16 s here (by load) and gives a canvas no one can read; 150 of them lay out in about a
 * second and draw in 20 ms: above this, the neighbourhood of one table, on demand.
 */
export const DRAW_LIMIT = 150;

export interface Visible {
  nodes: ErNode[];
  edges: ErEdge[];
  /** `all`: everything the filter leaves; `neighbourhood`: the focus and the tables around it. */
  mode: 'all' | 'neighbourhood';
  focus?: string;
  /** How many tables the filter leaves (drawn or not). */
  filtered: number;
}

/** Tables whose name, `schema.name` or entity class contains the text, ignoring case. */
export function searchMatches(nodes: readonly ErNode[], text: string): ErNode[] {
  const wanted = text.trim().toLowerCase();
  if (!wanted) return [];
  return nodes.filter((node) => `${node.schema}.${node.name}`.toLowerCase().includes(wanted) || (node.entity?.className.toLowerCase().includes(wanted) ?? false));
}

function degrees(edges: readonly ErEdge[]): Map<string, number> {
  const degree = new Map<string, number>();
  for (const edge of edges) {
    degree.set(edge.from, (degree.get(edge.from) ?? 0) + 1);
    degree.set(edge.to, (degree.get(edge.to) ?? 0) + 1);
  }
  return degree;
}

/** The focus and the tables within reach, ring by ring, as long as a whole ring fits in the limit. */
export function neighbourhood(nodes: readonly ErNode[], edges: readonly ErEdge[], focus: string, limit: number): Set<string> {
  const around = new Map<string, string[]>();
  for (const edge of edges) {
    around.set(edge.from, [...(around.get(edge.from) ?? []), edge.to]);
    around.set(edge.to, [...(around.get(edge.to) ?? []), edge.from]);
  }
  const known = new Set(nodes.map((node) => node.id));
  const reached = new Set([focus]);
  let ring = [focus];
  while (ring.length > 0) {
    const next = [...new Set(ring.flatMap((id) => around.get(id) ?? []))].filter((id) => known.has(id) && !reached.has(id)).sort();
    // The first ring is always drawn (cut to the limit): a focused table shows what it touches.
    if (reached.size + next.length > limit && reached.size > 1) break;
    for (const id of next.slice(0, limit - reached.size)) reached.add(id);
    ring = next;
  }
  return reached;
}

/** What to draw for a graph and a state. */
export function visibleGraph(graph: ErGraph, state: DiagramState, limit = DRAW_LIMIT): Visible {
  const hiddenSchemas = new Set(state.hiddenSchemas);
  const hiddenModules = new Set(state.hiddenModules);
  const nodes = graph.nodes.filter((node) => !hiddenSchemas.has(node.schema) && !hiddenModules.has(node.module));
  const ids = new Set(nodes.map((node) => node.id));
  const edges = graph.edges.filter((edge) => ids.has(edge.from) && ids.has(edge.to));
  if (nodes.length <= limit) return { nodes, edges, mode: 'all', filtered: nodes.length };
  const degree = degrees(edges);
  const focus =
    (state.focus && ids.has(state.focus) ? state.focus : undefined) ??
    searchMatches(nodes, state.search)[0]?.id ??
    [...nodes].sort((a, b) => (degree.get(b.id) ?? 0) - (degree.get(a.id) ?? 0) || (a.id < b.id ? -1 : 1))[0]!.id;
  const shown = neighbourhood(nodes, edges, focus, limit);
  return { nodes: nodes.filter((node) => shown.has(node.id)), edges: edges.filter((edge) => shown.has(edge.from) && shown.has(edge.to)), mode: 'neighbourhood', focus, filtered: nodes.length };
}

/** The schemas and modules of a graph, sorted: the filter's choices. */
export function filterChoices(graph: ErGraph): { schemas: string[]; modules: string[] } {
  return { schemas: [...new Set(graph.nodes.map((node) => node.schema))].sort(), modules: [...new Set(graph.nodes.map((node) => node.module))].sort() };
}
