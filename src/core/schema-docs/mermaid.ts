// Mermaid `erDiagram` text that GitHub renders. Mermaid's ER grammar takes only a few characters
// in entity ids, attribute types and attribute names, and no double quote inside a quoted label:
// every table gets a plain id with its real name as the label, types and names are reduced to the
// characters Mermaid takes (the real name then goes into the attribute's comment), and quotes in
// labels become single quotes.
import type { ErEdge, ErNode } from './graph';

/** What Mermaid takes in an id, attribute type or name (erDiagram's lexer): letters, digits, `_`, `-`, brackets. */
const UNSAFE = /[^A-Za-z0-9_\-[\]()]/g;

function safeWord(text: string): string {
  const word = text.replace(UNSAFE, '_');
  return /^[A-Za-z_*]/.test(word) ? word : `_${word}`;
}

function label(text: string): string {
  return text.replace(/"/g, "'").replace(/[\r\n]+/g, ' ');
}

/** Node ids Mermaid takes, unique in the diagram, the same for the same input. */
function mermaidIds(nodes: readonly ErNode[]): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const node of nodes) {
    const base = safeWord(node.schema === 'public' ? node.name : `${node.schema}__${node.name}`);
    let id = base;
    for (let n = 2; used.has(id.toLowerCase()); n++) id = `${base}_${n}`;
    used.add(id.toLowerCase());
    ids.set(node.id, id);
  }
  return ids;
}

/**
 * The diagram of these nodes and the edges between them (edges to other nodes are left out: the
 * caller lists them). Cardinality: the referenced side is exactly one (zero or one when a
 * referencing column is nullable); the referencing side many, or zero or one for a unique key.
 */
export function mermaidErDiagram(nodes: readonly ErNode[], edges: readonly ErEdge[]): string {
  const ids = mermaidIds(nodes);
  const lines = ['erDiagram'];
  for (const node of nodes) {
    const name = node.schema === 'public' ? node.name : `${node.schema}.${node.name}`;
    lines.push(`    ${ids.get(node.id)}["${label(name)}"] {`);
    for (const column of node.columns) {
      const keys = [column.primaryKey ? 'PK' : '', column.foreignKey ? 'FK' : '', column.unique && !column.primaryKey ? 'UK' : ''].filter(Boolean).join(', ');
      const safeName = safeWord(column.name);
      const notes = [safeName === column.name ? '' : column.name, column.nullable ? 'null' : '', column.drift ? column.drift.replace('-', ' ') : ''].filter(Boolean).join('; ');
      lines.push(`        ${safeWord(column.type)} ${safeName}${keys ? ` ${keys}` : ''}${notes ? ` "${label(notes)}"` : ''}`);
    }
    lines.push('    }');
  }
  for (const edge of edges) {
    const from = ids.get(edge.from);
    const to = ids.get(edge.to);
    if (!from || !to) continue;
    const parent = edge.optional ? '|o' : '||';
    const child = edge.oneToOne ? 'o|' : 'o{';
    const line = edge.drift ? '..' : '--';
    const text = `${edge.columns.join(', ')}${edge.drift ? ` (${edge.drift.replace('-', ' ')})` : ''}`;
    lines.push(`    ${to} ${parent}${line}${child} ${from} : "${label(text)}"`);
  }
  return `${lines.join('\n')}\n`;
}
