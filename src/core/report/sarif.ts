// `--format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it: every rule with help text and
// a helpUri to its docs page, every result with a physical location and a 1-based region, paths
// relative to %SRCROOT%, and a stable fingerprint so alerts survive unrelated edits.
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import manifest from '../../../package.json';
import type { ReadProblem } from '../model/schema';
import type { Finding, Severity } from '../rules/finding';
import { ruleInfo } from '../rules';
import type { ReportContext } from './json';
import { printedLocation, printedProblem } from './location';

export interface SarifOptions extends ReportContext {
  root: string;
  /**
   * Where to place findings that have no source location (GitHub requires a location on every
   * result): the DataSource file, relative to the root. Default: `package.json`.
   */
  fallbackFile?: string;
}

/** Docs pages live in the repository; helpUri points at them on its default branch. */
export function docsUrl(code: string): string {
  const repository = manifest.repository.url.replace(/\.git$/, '');
  return `${repository}/blob/main/docs/rules/${code}.md`;
}

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note' };

function ruleDescriptor(code: string, example: Finding): Sarif.ReportingDescriptor {
  const info = ruleInfo(code);
  const title = info?.title ?? code;
  const help = info?.help ?? `See ${docsUrl(code)}.`;
  return {
    id: code,
    name: title.replace(/[^A-Za-z0-9]+(.)?/g, (_, next: string | undefined) => (next ?? '').toUpperCase()).replace(/^./, (c) => c.toUpperCase()),
    shortDescription: { text: title },
    fullDescription: { text: help },
    help: { text: `${help}\n\nDetails, how to fix and an example: ${docsUrl(code)}`, markdown: `${help}\n\n[Details, how to fix and an example](${docsUrl(code)})` },
    helpUri: docsUrl(code),
    defaultConfiguration: { level: LEVEL[info?.defaultSeverity ?? example.severity] },
    properties: { tags: ['schema', info?.category ?? example.category], precision: 'high' },
  };
}

function fingerprint(finding: Finding): string {
  const identity = [finding.code, finding.schema, finding.table, finding.column ?? '', finding.constraint ?? ''].join('\u0000');
  return createHash('sha256').update(identity).digest('hex').slice(0, 32);
}

export function toSarif(findings: readonly Finding[], options: SarifOptions): Sarif.Log {
  const codes = [...new Set(findings.map((finding) => finding.code))].sort();
  const rules = codes.map((code) => ruleDescriptor(code, findings.find((finding) => finding.code === code)!));
  const results: Sarif.Result[] = findings.map((finding) => {
    const location = printedLocation(finding, options.root);
    const region: Sarif.Region = location.line
      ? { startLine: location.line, startColumn: location.column, endLine: location.endLine, endColumn: location.endColumn }
      : { startLine: 1 };
    return {
      ruleId: finding.code,
      ruleIndex: codes.indexOf(finding.code),
      level: LEVEL[finding.severity],
      message: { text: finding.message },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: location.file ?? options.fallbackFile ?? 'package.json', uriBaseId: '%SRCROOT%' }, region },
          ...(location.file ? {} : { message: { text: `${finding.schema}.${finding.table}${finding.column ? `.${finding.column}` : ''} (database)` } }),
        },
      ],
      partialFingerprints: { 'schemaLens/v1': fingerprint(finding) },
      properties: { category: finding.category, schema: finding.schema, table: finding.table, column: finding.column, constraint: finding.constraint },
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Schema Lens', version: manifest.version, informationUri: manifest.repository.url.replace(/\.git$/, ''), rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(options.root.endsWith('/') ? options.root : `${options.root}/`).href } },
        results,
        // What the run could not read: notifications of its invocation, not results (they are about the run, not the code).
        ...(options.problems?.length ? { invocations: [{ executionSuccessful: true, toolExecutionNotifications: options.problems.map((problem) => notification(problem, options.root)) }] } : {}),
        // What the run was made with besides the findings (ReportContext): in the run's properties.
        ...(options.typeorm || options.coverage || options.discovery
          ? { properties: { ...(options.typeorm ? { typeorm: options.typeorm } : {}), ...(options.coverage ? { coverage: options.coverage } : {}), ...(options.discovery ? { discovery: options.discovery } : {}) } }
          : {}),
      },
    ],
  };
}

export function formatSarif(findings: readonly Finding[], options: SarifOptions): string {
  return `${JSON.stringify(toSarif(findings, options), null, 2)}\n`;
}

function notification(problem: ReadProblem, root: string): Sarif.Notification {
  const printed = printedProblem(problem, root);
  return {
    level: LEVEL[printed.severity],
    message: { text: printed.message },
    ...(printed.file ? { locations: [{ physicalLocation: { artifactLocation: { uri: printed.file, uriBaseId: '%SRCROOT%' }, ...(printed.line ? { region: { startLine: printed.line, startColumn: printed.column } } : {}) } }] } : {}),
  };
}
