// Mermaid `erDiagram` text that GitHub renders. Mermaid's ER grammar (erDiagram.jison) takes only a
// few characters in entity ids, attribute types and attribute names, reads a word PK, FK or UK in a
// block as a key, and takes no `"`, `%` or `\` in a quoted label. So every table gets a plain id (a
// fixed prefix and word characters: nothing a keyword or a number could be read as) with its real
// name as the label, types and column names are reduced to what Mermaid takes (the real name then
// goes into the attribute's comment), and labels lose the characters they cannot hold. Checked
// with Mermaid 11.17.2 itself (parse and render in Chromium) on the example's pages and on hostile
// names: a column named `pk` and a `%` in a name broke the diagram before.
import type { ErEdge, ErNode } from './graph';

/** Attribute types and names: letters, digits, `_`, brackets (`character_varying(255)`, `text[]`). */
function attributeWord(text: string): string {
  const word = text.replace(/[^A-Za-z0-9_()[\]]/g, '_');
  const started = /^[A-Za-z_]/.test(word) ? word : `_${word}`;
  return /^(pk|fk|uk)$/i.test(started) ? `${started}_` : started;
}

function label(text: string): string {
  return text.replace(/"/g, "'").replace(/[%\\]/g, '_').replace(/[\r\n]+/g, ' ') || '_';
}

/** Node ids Mermaid takes (`t_` and word characters), unique in the diagram, the same for the same input. */
function mermaidIds(nodes: readonly ErNode[]): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const node of nodes) {
    const base = `t_${(node.schema === 'public' ? node.name : `${node.schema}__${node.name}`).replace(/\W/g, '_')}`;
    let id = base;
    // Mermaid reads its input ignoring case: `Users` and `users` would be one entity.
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
      const safeName = attributeWord(column.name);
      const notes = [safeName === column.name ? '' : column.name, column.nullable ? 'null' : '', column.drift ? column.drift.replace('-', ' ') : ''].filter(Boolean).join('; ');
      lines.push(`        ${attributeWord(column.type)} ${safeName}${keys ? ` ${keys}` : ''}${notes ? ` "${label(notes)}"` : ''}`);
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
