// What every command that reports findings shares (check, health): --format, --fail-on and
// --severity parsed one way, colour only on a terminal, and the exit code --fail-on decides.
import { relative } from 'node:path';
import { formatJson, formatSarif, formatText, type SarifOptions, type TextOptions } from '../core/report';
import type { Finding, Severity } from '../core/rules';
import { EXIT_FINDINGS, EXIT_OK } from './command';
import { oneOf, UsageError } from './options';

export const findingOptions = {
  format: { type: 'string' },
  'fail-on': { type: 'string' },
  severity: { type: 'string', multiple: true },
} as const;

export const findingOptionsHelp = `  --format text|json|sarif  output format (default: text; --json is --format json)
  --fail-on error|warning|info|never
                            exit 1 when a finding has at least this severity (default: error)
  --severity CODE=LEVEL     override a code's severity: error, warning, info or off (repeatable)
`;

export interface FindingChoices {
  format: 'text' | 'json' | 'sarif';
  failOn: Severity | 'never';
  severities: Record<string, Severity | 'off'>;
}

/** Throws UsageError on a bad value. */
export function findingChoices(values: { format?: string; 'fail-on'?: string; severity?: string[] }, json: boolean): FindingChoices {
  return {
    format: oneOf('format', values.format, ['text', 'json', 'sarif'] as const) ?? (json ? 'json' : 'text'),
    failOn: oneOf('fail-on', values['fail-on'], ['error', 'warning', 'info', 'never'] as const) ?? 'error',
    severities: parseSeverities(values.severity),
  };
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

function parseSeverities(values: string[] | undefined): Record<string, Severity | 'off'> {
  const result: Record<string, Severity | 'off'> = {};
  for (const value of values ?? []) {
    const match = /^(SL\d{3})=(error|warning|info|off)$/.exec(value);
    if (!match) throw new UsageError(`--severity expects CODE=error|warning|info|off, e.g. SL301=off (got '${value}')`);
    result[match[1]!] = match[2] as Severity | 'off';
  }
  return result;
}

export function useColour(): boolean {
  // https://no-color.org: present and not empty disables colour.
  return Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
}

export function exitCodeFor(findings: readonly Finding[], failOn: Severity | 'never'): number {
  if (failOn === 'never') return EXIT_OK;
  return findings.some((finding) => RANK[finding.severity] >= RANK[failOn]) ? EXIT_FINDINGS : EXIT_OK;
}

/** The findings on stdout in the chosen format. */
export function writeFindings(findings: readonly Finding[], format: FindingChoices['format'], options: Omit<SarifOptions, 'fallbackFile'> & { fallbackFile?: string; pending?: TextOptions['pending'] }): void {
  const { root } = options;
  if (format === 'json') process.stdout.write(formatJson(findings, root, options));
  else if (format === 'sarif') process.stdout.write(formatSarif(findings, { ...options, fallbackFile: options.fallbackFile ? relative(root, options.fallbackFile) : undefined }));
  else process.stdout.write(formatText(findings, { root, color: useColour(), coverage: options.coverage, discovery: options.discovery, pending: options.pending }));
}
