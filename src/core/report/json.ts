// `--format json`: the shape CI scripts consume (issue 4). Stable keys; optional ones omitted
// when they do not apply.
import type { Coverage } from '../model/coverage';
import type { DiscoveryReport } from '../model/discovery';
import type { ReadProblem } from '../model/schema';
import type { Category, Finding, Fix, Severity } from '../rules/finding';
import { printedLocation, printedProblem, relativePath, type PrintedProblem } from './location';

export interface JsonFinding {
  code: string;
  category: Category;
  severity: Severity;
  message: string;
  schema: string;
  table: string;
  column?: string;
  constraint?: string;
  /** Relative to the project root. */
  file?: string;
  /** 1-based. */
  line?: number;
  /** 1-based column of the position in the file (`column` is the database column). */
  column_number?: number;
  fixes?: Fix[];
}

/** Which TypeORM the entities were read as: its naming and defaults differ between versions. */
export interface ReportedTypeorm {
  /** The exact version, when installed or locked ('0.3.20'). */
  version?: string;
  /** The range package.json declares ('^0.3.17'). */
  range?: string;
  /** Where it was read: 'node_modules', 'lockfile', 'package.json', 'given' or 'default' (none found). */
  source: string;
  /** The file it was read from, relative to the project root. */
  file?: string;
}

/** What a report says besides its findings; each present when it applies. */
export interface ReportContext {
  /**
   * What the run could not read or was told to ignore (stderr in text): in JSON and SARIF too, so a
   * CI that reads them knows which parts are unknown rather than clean.
   */
  problems?: readonly ReadProblem[];
  /** How much of the entities was read statically. */
  coverage?: Coverage;
  /** How each data source's entity files were found. */
  discovery?: DiscoveryReport[];
  typeorm?: ReportedTypeorm;
}

export interface JsonReport {
  findings: JsonFinding[];
  /** Present when the run had read problems. */
  problems?: PrintedProblem[];
  typeorm?: ReportedTypeorm;
  /** How much of the entities was read statically; present when the entities were read. */
  coverage?: Coverage;
  /** How each data source's entity files were found; present when the entities were read. */
  discovery?: DiscoveryReport[];
}

function relativeFix(fix: Fix, root: string): Fix {
  if (fix.kind !== 'source-edit') return fix;
  return { ...fix, edits: fix.edits.map((edit) => ({ ...edit, file: relativePath(root, edit.file) })) };
}

export function toJsonReport(findings: readonly Finding[], root: string, { coverage, discovery, typeorm, problems }: ReportContext = {}): JsonReport {
  return {
    ...(typeorm ? { typeorm } : {}),
    ...(coverage ? { coverage } : {}),
    ...(discovery ? { discovery } : {}),
    ...(problems?.length ? { problems: problems.map((problem) => printedProblem(problem, root)) } : {}),
    findings: findings.map((finding) => {
      const location = printedLocation(finding, root);
      const entry: JsonFinding = {
        code: finding.code,
        category: finding.category,
        severity: finding.severity,
        message: finding.message,
        schema: finding.schema,
        table: finding.table,
      };
      if (finding.column !== undefined) entry.column = finding.column;
      if (finding.constraint !== undefined) entry.constraint = finding.constraint;
      if (location.file !== undefined) entry.file = location.file;
      if (location.line !== undefined) entry.line = location.line;
      if (location.column !== undefined) entry.column_number = location.column;
      if (finding.fixes.length) entry.fixes = finding.fixes.map((fix) => relativeFix(fix, root));
      return entry;
    }),
  };
}

export function formatJson(findings: readonly Finding[], root: string, context: ReportContext = {}): string {
  return `${JSON.stringify(toJsonReport(findings, root, context), null, 2)}\n`;
}
