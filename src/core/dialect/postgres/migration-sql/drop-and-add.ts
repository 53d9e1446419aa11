// `DROP COLUMN c` followed by `ADD c <type>` on the same table loses every value of the column
// (TypeORM's migration:generate writes a type or length change that way): finding such pairs in
// migration SQL (status, SL411) and rewriting them into an in-place conversion (generate).

const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`;
const TABLE = String.raw`${IDENT}(?:\s*\.\s*${IDENT})?`;
const dropColumn = new RegExp(`^ALTER\\s+TABLE\\s+(${TABLE})\\s+DROP\\s+(?:COLUMN\\s+)?(?:IF\\s+EXISTS\\s+)?(${IDENT})\\s*;?\\s*$`, 'i');
const addColumn = new RegExp(`^ALTER\\s+TABLE\\s+(${TABLE})\\s+ADD\\s+(?:COLUMN\\s+)?(${IDENT})\\s+(.+?)\\s*;?\\s*$`, 'is');

function sameName(a: string, b: string): boolean {
  return a.replace(/\s+/g, '') === b.replace(/\s+/g, '');
}

/** Splits `type [NOT NULL] [DEFAULT expr]` of a simple ADD COLUMN; undefined for anything richer. */
function columnDefinition(definition: string): { type: string; notNull: boolean; default?: string } | undefined {
  const match = /^(.+?)(\s+NOT\s+NULL|\s+NULL)?(\s+DEFAULT\s+(.+?))?(\s+NOT\s+NULL|\s+NULL)?$/is.exec(definition.trim());
  if (!match) return undefined;
  const type = match[1]!.trim();
  if (/\b(PRIMARY|UNIQUE|REFERENCES|CHECK|GENERATED|CONSTRAINT|COLLATE)\b/i.test(type)) return undefined;
  return { type, notNull: /NOT/i.test(match[2] ?? match[5] ?? ''), default: match[4]?.trim() };
}

/** `DROP COLUMN c` followed by `ADD c ...` on the same table: the column's values are lost. */
export function findDropAndAdd(statements: string[]): Array<{ table: string; column: string }> {
  const pairs: Array<{ table: string; column: string }> = [];
  statements.forEach((statement, i) => {
    const drop = dropColumn.exec(statement);
    if (!drop) return;
    const readded = statements.slice(i + 1).some((later) => {
      const add = addColumn.exec(later);
      return add !== null && sameName(add[1]!, drop[1]!) && sameName(add[2]!, drop[2]!);
    });
    if (readded) pairs.push({ table: drop[1]!, column: drop[2]! });
  });
  return pairs;
}

/**
 * Rewrites `DROP COLUMN c` followed by `ADD c <type>` on the same table into an in-place
 * conversion that keeps the values: ALTER COLUMN c TYPE <type> USING c::<type>, with the ADD's
 * default and nullability.
 */
export function avoidDropAndAdd(statements: string[]): string[] {
  const result = [...statements];
  for (let i = 0; i < result.length; i++) {
    const drop = dropColumn.exec(result[i]!);
    if (!drop) continue;
    for (let j = i + 1; j < result.length; j++) {
      const add = addColumn.exec(result[j]!);
      if (!add || !sameName(add[1]!, drop[1]!) || !sameName(add[2]!, drop[2]!)) continue;
      const definition = columnDefinition(add[3]!);
      if (!definition) break;
      const alter = `ALTER TABLE ${drop[1]} ALTER COLUMN ${drop[2]}`;
      // The old default may not convert to the new type: drop it first, set the new one after.
      const replacement = [
        `${alter} DROP DEFAULT`,
        `${alter} TYPE ${definition.type} USING ${drop[2]}::${definition.type}`,
        ...(definition.default ? [`${alter} SET DEFAULT ${definition.default}`] : []),
        `${alter} ${definition.notNull ? 'SET' : 'DROP'} NOT NULL`,
      ];
      result.splice(j, 1);
      result.splice(i, 1, ...replacement);
      i += replacement.length - 1;
      break;
    }
  }
  return result;
}
