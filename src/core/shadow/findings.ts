// The shadow's own findings (SL450-SL469): a migration that could not be replayed. Each sits on
// the migration file (at its class declaration when found) and says what the replay did next.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { SourceSpan } from '../model/schema';
import type { Finding } from '../rules/finding';
import { DOWN_DOES_NOT_UNDO, SHADOW_EXTENSION_MISSING, SHADOW_LOAD_FAILED, SHADOW_REPLAY_FAILED } from '../rules/shadow-codes';
import type { DownCheck } from './replay';

export interface ReplayStop {
  file: string;
  /** The migration class, when it loaded. */
  migrationName?: string;
  /** The error, one line or a few. */
  error: string;
  /** Migrations after this one that were therefore not replayed. */
  notReplayed: number;
  schema: string;
}

/** PostgreSQL's words for "this server does not have that extension" (and the types they bring). */
const missingExtension = /extension "([^"]+)" is not available|could not open extension control file "[^"]*\/([^/"]+)\.control"/i;
const missingExtensionType: Record<string, string> = { geometry: 'postgis', geography: 'postgis', vector: 'vector', halfvec: 'vector', sparsevec: 'vector' };
const missingType = /type "(?:[^"]+\.)?([^".]+)" does not exist/i;

export function missingExtensionOf(error: string): string | undefined {
  const extension = missingExtension.exec(error);
  if (extension) return extension[1] ?? extension[2];
  const type = missingType.exec(error);
  return type ? missingExtensionType[type[1].toLowerCase()] : undefined;
}

function afterStop(stop: ReplayStop): string {
  if (stop.notReplayed === 0) return 'It was the last migration; the schema compared is the one the migrations before it build.';
  const later = stop.notReplayed === 1 ? '1 later migration was' : `${stop.notReplayed} later migrations were`;
  return `The replay stopped here: ${later} not replayed either, since later migrations usually depend on earlier ones; the schema compared is the one the migrations before it build, so drift findings may be about what these migrations would have done.`;
}

/** The span of `class Name` in a migration file, so the finding shows on the class. */
function classSpan(file: string, className: string | undefined): SourceSpan | undefined {
  const text = readText(file);
  if (text === undefined) return undefined;
  const match = className ? new RegExp(`\\bclass\\s+${className.replace(/[$]/g, '\\$')}\\b`).exec(text) : /\bclass\s+\w+/.exec(text);
  return match ? spanAt(file, text, match.index, match.index + match[0].length) : undefined;
}

/** The `down(` of the migration's class (the first after `class Name`, else after the first class), else that class. */
function downSpan(file: string, className: string): SourceSpan | undefined {
  const text = readText(file);
  const at = classSpan(file, className) ?? classSpan(file, undefined);
  if (text === undefined || !at) return at;
  const down = /\bdown\s*\(/g;
  down.lastIndex = at.endOffset;
  const match = down.exec(text);
  return match ? spanAt(file, text, match.index, match.index + 'down'.length) : at;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function spanAt(file: string, text: string, startOffset: number, endOffset: number): SourceSpan {
  const position = (offset: number) => {
    const before = text.slice(0, offset).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length };
  };
  return { file, start: position(startOffset), end: position(endOffset), startOffset, endOffset };
}

function migrationFinding(code: string, stop: ReplayStop, message: string): Finding {
  return {
    code,
    category: 'migration',
    severity: 'error',
    message,
    schema: stop.schema,
    table: '',
    file: stop.file,
    span: classSpan(stop.file, stop.migrationName),
    fixes: [],
  };
}

/** A migration that threw while the embedded PostgreSQL ran it. */
export function replayFailedFinding(stop: ReplayStop): Finding {
  const label = stop.migrationName ?? basename(stop.file);
  const extension = missingExtensionOf(stop.error);
  if (extension) {
    return migrationFinding(
      SHADOW_EXTENSION_MISSING,
      stop,
      `Migration ${label} needs the PostgreSQL extension "${extension}", which the embedded database does not have (${stop.error}). Connect Schema Lens to a real database that has it to check this project. ${afterStop(stop)}`,
    );
  }
  // TypeORM's CLI would have the project's entities loaded; the shadow does not execute them.
  const hint = /No metadata for/.test(stop.error)
    ? ' The embedded database replays migrations without the project\'s entities: a migration that uses repositories or entity metadata needs a real database (or plain queryRunner.query() calls).'
    : '';
  return migrationFinding(SHADOW_REPLAY_FAILED, stop, `Migration ${label} failed when replayed into the embedded PostgreSQL: ${stop.error}.${hint} ${afterStop(stop)}`);
}

/** A migration file that could not even be loaded (syntax error, missing import, throw at load). */
export function loadFailedFinding(stop: ReplayStop): Finding {
  return migrationFinding(SHADOW_LOAD_FAILED, stop, `${stop.error}. TypeORM could not run this migration either. ${afterStop(stop)}`);
}

/**
 * SL624: what a migration's down() does not undo, one finding per difference, or the error it
 * throws; on its down() method.
 */
export function downFindings(check: DownCheck, schema: string): Finding[] {
  const label = check.migration.name;
  const span = downSpan(check.migration.file, label);
  const finding = (message: string): Finding => ({ code: DOWN_DOES_NOT_UNDO, category: 'lint', severity: 'warning', message, schema, table: '', file: check.migration.file, span, fixes: [] });
  if (check.error !== undefined) return [finding(`${label}: down() throws when it reverts up() (as \`migration:revert\` would run it): ${check.error}`)];
  const findings = check.differences.map((difference) => finding(`${label}: ${difference}, so reverting this migration does not give back the schema before it.`));
  if (check.upAgain !== undefined) findings.push(finding(`${label}: after its down(), up() fails when run again (${check.upAgain}): what down() leaves is in the way. The replay went on as if up() had run.`));
  return findings;
}
