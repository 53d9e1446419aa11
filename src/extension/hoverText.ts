// Hover text: the table or column as the database has it, or why it is not there. Pure Markdown
// so its wording is unit-tested.
import type { Column, ForeignKey, Index, IndexKey, Table } from '../core/model';
import type { ObjectAtCursor } from './modelLookup';

export type ActualSourceLabel = 'database' | 'shadow' | 'none';

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function keyText(key: IndexKey): string {
  return key.kind === 'column' ? key.name : key.expression;
}

function indexLine(index: Index): string {
  const parts = [`${index.unique ? 'unique ' : ''}index ${code(index.name ?? '(unnamed)')} on (${index.keys.map(keyText).join(', ')})`];
  if (index.method !== 'btree') parts.push(`using ${index.method}`);
  if (index.where) parts.push(`where ${code(index.where)}`);
  if (index.valid === false) parts.push('**INVALID**');
  return parts.join(' ');
}

function foreignKeyLine(key: ForeignKey): string {
  const actions = [key.onDelete !== 'NO ACTION' ? `on delete ${key.onDelete}` : '', key.onUpdate !== 'NO ACTION' ? `on update ${key.onUpdate}` : '']
    .filter(Boolean).join(', ');
  return `foreign key (${key.columns.join(', ')}) → ${code(`${key.referencedTable.schema}.${key.referencedTable.name}`)}(${key.referencedColumns.join(', ')})${actions ? ` ${actions}` : ''}`;
}

function where(source: ActualSourceLabel): string {
  return source === 'shadow' ? 'the embedded database (migrations replayed)' : 'the database';
}

function columnFacts(table: Table, column: Column): string[] {
  const facts = [`${code(column.type)}`, column.nullable ? 'null' : 'not null'];
  if (column.default !== undefined) facts.push(`default ${code(column.default)}`);
  if (column.generated) facts.push(column.generated.kind === 'stored' ? `generated as ${code(column.generated.expression)}` : column.generated.kind === 'increment' ? 'serial' : 'identity');
  const lines = [`**${code(column.name)}** in ${code(`${table.schema}.${table.name}`)}: ${facts.join(', ')}`];
  if (table.primaryKey?.columns.includes(column.name)) lines.push('- part of the primary key');
  for (const unique of table.uniques.filter((u) => u.columns.includes(column.name))) lines.push(`- unique (${unique.columns.join(', ')})`);
  for (const key of table.foreignKeys.filter((k) => k.columns.includes(column.name))) lines.push(`- ${foreignKeyLine(key)}`);
  for (const index of table.indexes.filter((i) => i.keys.some((k) => k.kind === 'column' && k.name === column.name))) lines.push(`- ${indexLine(index)}`);
  return lines;
}

function tableFacts(table: Table): string[] {
  const lines = [`**${code(`${table.schema}.${table.name}`)}**: ${table.columns.length} column${table.columns.length === 1 ? '' : 's'}` +
    (table.estimatedRows !== undefined && table.estimatedRows >= 0 ? `, about ${Math.round(table.estimatedRows)} rows` : '')];
  lines.push(table.primaryKey ? `- primary key (${table.primaryKey.columns.join(', ')})` : '- **no primary key**');
  for (const unique of table.uniques) lines.push(`- unique (${unique.columns.join(', ')})`);
  for (const key of table.foreignKeys) lines.push(`- ${foreignKeyLine(key)}`);
  for (const index of table.indexes) lines.push(`- ${indexLine(index)}`);
  return lines;
}

/**
 * @param target what the cursor is on (from the intended model)
 * @param actualTable the same table in the actual model, when there is one
 */
export function renderHover(target: ObjectAtCursor, actualTable: Table | undefined, source: ActualSourceLabel, reason?: string): string {
  const tableName = code(`${target.table.schema}.${target.table.name}`);
  if (source === 'none') {
    return `Schema Lens: not compared with a database${reason ? ` (${reason})` : ''}. Entity maps to table ${tableName}.`;
  }
  const header = `Schema Lens — as ${where(source)} has it:\n\n`;
  if (!actualTable) return `${header}Table ${tableName} does **not exist** in ${where(source)}.`;
  const columnName = target.column?.name ?? target.foreignKey?.columns[0];
  if (columnName !== undefined) {
    const column = actualTable.columns.find((c) => c.name === columnName);
    if (!column) return `${header}Column ${code(columnName)} does **not exist** in ${tableName}.`;
    const lines = columnFacts(actualTable, column);
    if (target.foreignKey && !actualTable.foreignKeys.some((k) => k.columns.join() === target.foreignKey!.columns.join())) {
      lines.push(`- **no foreign key** on (${target.foreignKey.columns.join(', ')})`);
    }
    return header + lines.join('\n');
  }
  return header + tableFacts(actualTable).join('\n');
}
