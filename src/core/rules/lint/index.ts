// The migration lint's rules (SL600-SL623), in code order. SL600 and SL601 are the runner's own
// (a statement it cannot read or parse); the others judge parsed statements (lint-rule.ts).
import type { RuleInfo } from '../rule';
import type { LintRule } from './lint-rule';
import { volatileDefault } from './volatile-default';
import { requiredColumn } from './required-column';
import { constraintNotValid } from './constraint-not-valid';
import { primaryKeyWithoutIndex } from './primary-key';
import { dropColumn } from './drop-column';
import { dropTable } from './drop-table';
import { dropDatabase } from './drop-database';
import { columnTypeChange } from './column-type';
import { uniqueConstraint } from './unique-constraint';
import { robustStatements } from './robust-statements';
import { renameColumn } from './rename-column';
import { renameTable } from './rename-table';
import { indexNotConcurrent } from './index-concurrently';
import { dropIndexNotConcurrent } from './drop-index-concurrently';
import { concurrentlyInTransaction } from './concurrently-in-transaction';
import { preferBigint } from './prefer-bigint';
import { preferIdentity } from './prefer-identity';
import { preferText } from './prefer-text';
import { preferTimestamptz } from './prefer-timestamptz';
import { setNotNull } from './set-not-null';
import { transactionNesting } from './transaction-nesting';
import { lockTimeout } from './lock-timeout';

export { type LintIssue, type LintRule, type LintState, tableKey } from './lint-rule';

export const LINT_CODES = { unreadable: 'SL600', syntaxError: 'SL601' } as const;

export const lintRules: LintRule[] = [
  volatileDefault,
  requiredColumn,
  constraintNotValid,
  primaryKeyWithoutIndex,
  dropColumn,
  dropTable,
  dropDatabase,
  columnTypeChange,
  uniqueConstraint,
  robustStatements,
  renameColumn,
  renameTable,
  indexNotConcurrent,
  dropIndexNotConcurrent,
  concurrentlyInTransaction,
  preferBigint,
  preferIdentity,
  preferText,
  preferTimestamptz,
  setNotNull,
  transactionNesting,
  lockTimeout,
];

const info = (code: string, defaultSeverity: RuleInfo['defaultSeverity'], title: string, help: string): RuleInfo => ({ code, category: 'lint', defaultSeverity, title, help, docs: `docs/rules/${code}.md` });

export const lintRuleInfos: RuleInfo[] = [
  info(LINT_CODES.unreadable, 'info', 'Migration statement not statically readable', 'Its SQL (or the query runner call) depends on values only known when the migration runs, so the lint cannot check it. Write the SQL as a literal or from constants to have it checked.'),
  info(LINT_CODES.syntaxError, 'error', 'Migration SQL does not parse', "PostgreSQL's own parser rejects the statement: the migration fails when it runs."),
  ...lintRules.map((rule) => rule.info),
];
