// What the rules produce and every front end consumes. A finding is self-contained: a person
// understands the message without the docs, and the fixes carry everything needed to apply them.
import type { SourceSpan } from '../model/schema';

export type Severity = 'error' | 'warning' | 'info';

/**
 * drift: entities and database disagree; integrity: foreign keys; index: indexes;
 * migration: migration files and their history; health: the database on its own;
 * reader: what the entity reader could not read statically (and so compared with nothing);
 * lint: what a migration's statements do to a live database (locks, rewrites, breaking renames);
 * recommendation: a change the database's statistics suggest (a constraint the data already keeps).
 */
export type Category = 'drift' | 'integrity' | 'index' | 'migration' | 'health' | 'reader' | 'lint' | 'recommendation';

/** A text replacement in a source file (entity or migration), by character offsets. */
export interface SourceEdit {
  file: string;
  startOffset: number;
  endOffset: number;
  newText: string;
}

export type Fix =
  /**
   * A migration to scaffold: statements run in order by up(), undone in order by down().
   * `transaction: false`: it must run outside a transaction (CREATE INDEX CONCURRENTLY), so the
   * class says `transaction = false` and TypeORM does not wrap it in one.
   */
  | { kind: 'migration'; title: string; name: string; up: string[]; down: string[]; transaction?: false }
  | {
      kind: 'source-edit';
      title: string;
      edits: SourceEdit[];
      /**
       * The migration the edit needs, created with it: statements as in a migration fix (VALIDATE
       * after NOT VALID; the index or check a health recommendation adds to the entity).
       */
      migration?: { name: string; up: string[]; down: string[]; transaction?: false };
    };

export interface RelatedLocation {
  message: string;
  span: SourceSpan;
}

export interface Finding {
  /** Stable code, e.g. `SL301`; its meaning never changes once shipped. */
  code: string;
  category: Category;
  severity: Severity;
  message: string;
  schema: string;
  table: string;
  column?: string;
  constraint?: string;
  /** Where to show it: the decorator or property, or the class for table-level findings. */
  span?: SourceSpan;
  /** The file concerned when there is no span (e.g. a migration file as a whole). */
  file?: string;
  related?: RelatedLocation[];
  fixes: Fix[];
}
