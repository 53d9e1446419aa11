// The shape every rule file exports, and the small helpers they share.
import type { Change, ChangeKind, ChangeOf } from '../diff';
import type { Dialect, HealthFacts } from '../dialect';
import type { HealthThresholds } from '../model/health-thresholds';
import type { SchemaModel, Table } from '../model/schema';
import type { Category, Finding, Severity } from './finding';

export interface RuleInfo {
  code: string;
  category: Category;
  defaultSeverity: Severity;
  title: string;
  /** Why it matters, in a sentence or two: hover text, SARIF help. */
  help: string;
  /** Repository-relative docs page, e.g. 'docs/rules/SL301.md'. */
  docs: string;
}

export interface RuleContext {
  intended: SchemaModel;
  /** Undefined when no database (real or shadow) is available: only entity-only rules run. */
  actual?: SchemaModel;
  actualSource?: 'database' | 'shadow';
  /** The database's dialect: its spelling and the SQL of fixes (rules never import an implementation). */
  dialect: Dialect;
  /** diff(intended, actual); empty without an actual model. */
  changes: Change[];
  /** Current text of a source file, for source-edit fixes; undefined when unknown. */
  readSource?: (file: string) => string | undefined;
  /**
   * The data source's migrationsTransactionMode ('all', TypeORM's default, when not given): whether a
   * migration fix may run outside a transaction (TypeORM refuses `transaction = false` under 'all').
   */
  migrationsTransactionMode?: 'all' | 'each' | 'none';
  /**
   * Any table of either model by qualified key (the entity's when both have it). Set when rules run
   * one table at a time (analyze() memoises per table): a table-scoped rule that looks at OTHER
   * tables must ask through this, so its cached result is dropped when one of those changes.
   */
  tableNamed?: (key: string) => Table | undefined;
  /** Set only by `schema-lens health`: the database's statistics, and the thresholds they are judged by. */
  health?: { facts: HealthFacts; thresholds: HealthThresholds };
}

export interface Rule {
  info: RuleInfo;
  /**
   * 'table' (the default): what the rule reports about a table depends only on that table on both
   * sides, its changes, and tables reached through `tableNamed`, so analyze() may run it on a
   * one-table context and reuse the result while those objects stay the same. 'model': needs the
   * whole models (runs on every analysis, with the enum changes only).
   */
  scope?: 'table' | 'model';
  check(context: RuleContext): Finding[];
}

/** A finding with the rule's code, category and default severity filled in. */
export type FindingFields = Omit<Finding, 'code' | 'category' | 'severity' | 'fixes'> & Partial<Pick<Finding, 'fixes' | 'severity'>>;

export function defineRule(
  code: string,
  category: Category,
  defaultSeverity: Severity,
  title: string,
  help: string,
  check: (context: RuleContext, emit: (fields: FindingFields) => void) => void,
): Rule {
  const info: RuleInfo = { code, category, defaultSeverity, title, help, docs: `docs/rules/${code}.md` };
  return {
    info,
    check(context) {
      const findings: Finding[] = [];
      check(context, (fields) => findings.push({ code, category, severity: defaultSeverity, fixes: [], ...fields }));
      return findings;
    },
  };
}

/** A rule that turns each change of one kind into (at most) one finding. */
export function changeRule<K extends ChangeKind>(
  code: string,
  category: Category,
  defaultSeverity: Severity,
  title: string,
  help: string,
  kind: K,
  toFinding: (change: ChangeOf<K>, context: RuleContext) => FindingFields | undefined,
): Rule {
  return defineRule(code, category, defaultSeverity, title, help, (context, emit) => {
    for (const change of context.changes) {
      if (change.kind !== kind) continue;
      const fields = toFinding(change as ChangeOf<K>, context);
      if (fields) emit(fields);
    }
  });
}
