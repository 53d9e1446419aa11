// The names TypeORM gives the constraints and indexes it creates (its DefaultNamingStrategy), for
// the objects fixes create.
import { createHash } from 'node:crypto';
import type { ForeignKey, Index, Table } from './schema';

/**
 * The name TypeORM's DefaultNamingStrategy would give (`IDX_`/`FK_`/`PK_`/`UQ_`/`CHK_` + sha1 prefix),
 * so a later `migration:generate` sees the object the fix created as its own and leaves it alone.
 */
export function typeormName(prefix: 'PK' | 'UQ' | 'FK' | 'IDX' | 'CHK', tableName: string, parts: readonly string[], where?: string): string {
  const sorted = prefix === 'CHK' ? [...parts] : [...parts].sort();
  let key = `${tableName.replace('.', '_')}_${sorted.join('_')}`;
  if (where) key += `_${where}`;
  const length = prefix === 'IDX' || prefix === 'CHK' ? 26 : 27;
  return `${prefix}_${createHash('sha1').update(key).digest('hex').slice(0, length)}`;
}

export function indexName(table: Table, index: Index): string {
  if (index.name) return index.name;
  const parts = index.keys.map((key) => (key.kind === 'column' ? key.name : key.expression));
  return typeormName('IDX', table.name, parts, index.where);
}

export function foreignKeyName(table: Table, key: ForeignKey): string {
  return key.name ?? typeormName('FK', table.name, key.columns);
}
