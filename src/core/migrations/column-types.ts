// The type each column has when a migration runs, as the migrations before it say: created with its
// table, added, changed, renamed, dropped — in TypeORM's order (by timestamp). The lint asks it
// whether a type change only widens the column (varchar(512) -> varchar(8192) touches no row).
// What no earlier migration says (the column predates them, or a statement was not readable) is
// unknown, never assumed.
import type { SqlOperation } from '../dialect';
import { qualifiedKey, type QualifiedName } from '../model/schema';

const columnKey = (table: QualifiedName, column: string): string => `${qualifiedKey(table)}.${column}`;
/** Marks a table created again, dropped or renamed: what was known of its columns before no longer applies. */
const forgetMark = (table: QualifiedName): string => `${qualifiedKey(table)}.*`;

/** What is known before the statements a ColumnTypes follows. */
export type TypeBefore = (table: QualifiedName, column: string) => string | undefined;

/** Column types (`schema.table.column` -> type) as statements change them. */
export class ColumnTypes {
  private readonly types = new Map<string, string | undefined>();
  /** The column keys set here, per table: forgetting a table touches its own columns only. */
  private readonly columnsOfTable = new Map<string, Set<string>>();

  constructor(private readonly before?: TypeBefore) {}

  typeOf(table: QualifiedName, column: string): string | undefined {
    const key = columnKey(table, column);
    if (this.types.has(key)) return this.types.get(key);
    return this.types.has(forgetMark(table)) ? undefined : this.before?.(table, column);
  }

  /** Keys this set has changed (for a history of snapshots). */
  changed(): ReadonlyMap<string, string | undefined> {
    return this.types;
  }

  apply(operation: SqlOperation): void {
    switch (operation.kind) {
      case 'create-table':
        this.forgetTable(operation.table);
        for (const column of operation.columns) this.set(operation.table, column.name, column.type);
        break;
      case 'add-column':
        this.set(operation.table, operation.column.name, operation.column.type);
        break;
      case 'alter-column-type':
        this.set(operation.table, operation.column, operation.type);
        break;
      case 'drop-column':
        this.set(operation.table, operation.column, undefined);
        break;
      case 'rename-column': {
        const type = this.typeOf(operation.table, operation.column);
        this.set(operation.table, operation.column, undefined);
        this.set(operation.table, operation.to, type);
        break;
      }
      case 'rename-table':
      case 'drop-table':
        // A renamed table's columns are left unknown under both names (rare, and never guessed).
        for (const table of operation.kind === 'drop-table' ? operation.tables : [operation.table]) this.forgetTable(table);
        break;
      default:
    }
  }

  /** Every column of the table becomes unknown, those known from earlier migrations too (the forget mark). */
  private forgetTable(table: QualifiedName): void {
    this.types.set(forgetMark(table), undefined);
    for (const key of this.columnsOfTable.get(qualifiedKey(table)) ?? []) this.types.set(key, undefined);
  }

  private set(table: QualifiedName, column: string, type: string | undefined): void {
    const key = columnKey(table, column);
    this.types.set(key, type);
    const columns = this.columnsOfTable.get(qualifiedKey(table)) ?? new Set<string>();
    columns.add(key);
    this.columnsOfTable.set(qualifiedKey(table), columns);
  }
}

/**
 * The column types after each migration's up(), for migrations in run order: typeBefore(..., rank)
 * is what the migrations ranked lower left (rank = position in run order).
 */
export class ColumnTypeHistory {
  /** Per column (and per forget mark): the rank that set it and the type it set. */
  private readonly entries = new Map<string, { rank: number; type: string | undefined }[]>();

  record(rank: number, changes: ReadonlyMap<string, string | undefined>): void {
    for (const [key, type] of changes) {
      const list = this.entries.get(key) ?? [];
      list.push({ rank, type });
      this.entries.set(key, list);
    }
  }

  /** The column's type after the migrations ranked below `rank`, when they say. */
  typeBefore(table: QualifiedName, column: string, rank: number): string | undefined {
    const last = (entries: { rank: number; type: string | undefined }[] | undefined) => {
      if (!entries) return undefined;
      for (let index = entries.length - 1; index >= 0; index--) if (entries[index]!.rank < rank) return entries[index];
      return undefined;
    };
    const set = last(this.entries.get(columnKey(table, column)));
    if (!set) return undefined;
    // The table was created again, dropped or renamed later than the column was set: its type is unknown.
    const forgotten = last(this.entries.get(forgetMark(table)));
    return forgotten && forgotten.rank > set.rank ? undefined : set.type;
  }
}
