// schema-lens.json at the project root: what the project declares for Schema Lens that its
// DataSource cannot say — decorators the reader cannot follow, environment values and run-time
// variables the entities depend on. Read as data, never executed; a malformed file is a problem, never a crash.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReadProblem } from '../model/schema';
import { messageOf } from '../errors';
import type { DeclaredDecorator, DeclaredDecorators, ReaderDeclarations } from './types';
import { checkHealthThresholds, healthThresholds, type HealthThresholds } from './health-thresholds';

export const PROJECT_FILE = 'schema-lens.json';

const ASSUME = new Set(['on', 'off']);
/** A declared value's key: a file (or the end of its path), '#', a top-level name in it. */
const VALUE_KEY = /^[^#]+#[A-Za-z_$][\w$]*$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One declaration, or why it is not one. */
function declaredDecorator(name: string, value: unknown): DeclaredDecorator | string {
  if (!isRecord(value) || typeof value.as !== 'string' || value.as === '') return `"decorators.${name}" needs "as": the TypeORM decorator it stands for, e.g. "Column"`;
  if (value.options !== undefined && !isRecord(value.options)) return `"decorators.${name}.options" must be an object of TypeORM options`;
  if (value.assume !== undefined && !ASSUME.has(value.assume as string)) return `"decorators.${name}.assume" must be "on" or "off"`;
  if (value.skipArguments !== undefined && !(Number.isInteger(value.skipArguments) && (value.skipArguments as number) >= 0)) return `"decorators.${name}.skipArguments" must be a whole number`;
  return {
    as: value.as,
    ...(value.options ? { options: value.options as Record<string, unknown> } : {}),
    ...(value.assume ? { assume: value.assume as 'on' | 'off' } : {}),
    ...(value.skipArguments !== undefined ? { skipArguments: value.skipArguments as number } : {}),
  };
}

/** Checks declarations given as data (the file, or a setting), keeping the valid ones. */
export function checkDeclarations(raw: unknown, where: string, problems: ReadProblem[], file?: string): ReaderDeclarations {
  const result: ReaderDeclarations = {};
  if (!isRecord(raw)) return result;
  if (raw.decorators !== undefined) {
    if (!isRecord(raw.decorators)) problems.push({ severity: 'warning', message: `${where}: "decorators" must be an object`, file });
    else {
      const decorators: DeclaredDecorators = {};
      for (const [name, value] of Object.entries(raw.decorators)) {
        const declared = declaredDecorator(name, value);
        if (typeof declared === 'string') problems.push({ severity: 'warning', message: `${where}: ${declared}; it is ignored.`, file });
        else decorators[name] = declared;
      }
      result.decorators = decorators;
    }
  }
  if (raw.env !== undefined) {
    // null: the variable is declared as not set.
    if (!isRecord(raw.env) || !Object.values(raw.env).every((v) => typeof v === 'string' || v === null)) problems.push({ severity: 'warning', message: `${where}: "env" must map variable names to strings (or null for "not set")`, file });
    else result.env = raw.env as Record<string, string | null>;
  }
  if (raw.values !== undefined) {
    if (!isRecord(raw.values)) problems.push({ severity: 'warning', message: `${where}: "values" must map "file#name" to values`, file });
    else {
      const values: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(raw.values)) {
        if (VALUE_KEY.test(key)) values[key] = value;
        else problems.push({ severity: 'warning', message: `${where}: "values.${key}" must be named "file#name", e.g. "src/db.ts#dbType"; it is ignored.`, file });
      }
      result.values = values;
    }
  }
  return result;
}

/**
 * `entities`: entity globs (relative to the root) for every data source, or per data source name;
 * for projects whose DataSource builds its entity list at run time.
 */
export type DeclaredEntities = string[] | Record<string, string[]>;

function declaredEntities(raw: unknown, problems: ReadProblem[], file: string): DeclaredEntities | undefined {
  if (!isRecord(raw) || raw.entities === undefined) return undefined;
  const globs = (value: unknown): value is string[] => Array.isArray(value) && value.every((glob) => typeof glob === 'string' && glob !== '');
  if (globs(raw.entities)) return raw.entities;
  if (isRecord(raw.entities) && Object.values(raw.entities).every(globs)) return raw.entities as Record<string, string[]>;
  problems.push({ severity: 'warning', message: `${PROJECT_FILE}: "entities" must be a list of globs, or map data source names to lists of globs; it is ignored.`, file });
  return undefined;
}

/**
 * `dataSources`: mapping options of data sources whose options cannot be read statically (a config
 * service, variables set where the app runs), by data source name: what the app runs with.
 */
export interface DeclaredDataSource {
  schema?: string;
  uuidExtension?: string;
  entityPrefix?: string;
  naming?: 'default' | 'snake';
}

function declaredDataSources(raw: unknown, problems: ReadProblem[], file: string): Record<string, DeclaredDataSource> | undefined {
  if (!isRecord(raw) || raw.dataSources === undefined) return undefined;
  const result: Record<string, DeclaredDataSource> = {};
  const complain = (why: string) => problems.push({ severity: 'warning', message: `${PROJECT_FILE}: ${why}; it is ignored.`, file });
  if (!isRecord(raw.dataSources)) {
    complain('"dataSources" must map data source names to their options');
    return undefined;
  }
  for (const [name, value] of Object.entries(raw.dataSources)) {
    if (!isRecord(value)) {
      complain(`"dataSources.${name}" must be an object of options`);
      continue;
    }
    const declared: DeclaredDataSource = {};
    for (const key of ['schema', 'uuidExtension', 'entityPrefix'] as const) {
      if (value[key] === undefined) continue;
      if (typeof value[key] === 'string') declared[key] = value[key] as string;
      else complain(`"dataSources.${name}.${key}" must be a string`);
    }
    if (value.naming !== undefined) {
      if (value.naming === 'default' || value.naming === 'snake') declared.naming = value.naming;
      else complain(`"dataSources.${name}.naming" must be "default" or "snake"`);
    }
    result[name] = declared;
  }
  return result;
}

/** schema-lens.json parsed, when there is one; `invalid` says why it is not JSON. */
function parseProjectFile(root: string): { file: string; raw?: unknown; invalid?: string } {
  const file = join(root, PROJECT_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { file };
  }
  try {
    return { file, raw: JSON.parse(text) as unknown };
  } catch (error) {
    return { file, invalid: messageOf(error) };
  }
}

/** The project's schema-lens.json, when there is one. */
export function readProjectFile(root: string): { declarations: ReaderDeclarations; problems: ReadProblem[]; entities?: DeclaredEntities; dataSources?: Record<string, DeclaredDataSource> } {
  const { file, raw, invalid } = parseProjectFile(root);
  const problems: ReadProblem[] = [];
  if (invalid !== undefined) problems.push({ severity: 'warning', message: `${PROJECT_FILE} is not valid JSON (${invalid}); it is ignored.`, file });
  if (raw === undefined) return { declarations: {}, problems };
  const entities = declaredEntities(raw, problems, file);
  const dataSources = declaredDataSources(raw, problems, file);
  return { declarations: checkDeclarations(raw, PROJECT_FILE, problems, file), problems, ...(entities ? { entities } : {}), ...(dataSources ? { dataSources } : {}) };
}

/**
 * The health thresholds: the defaults, schema-lens.json's "health" over them, `given` (the
 * editor's setting) over that, key by key. A file that is not JSON is readProjectFile's problem.
 */
export function readHealthThresholds(root: string, given: Partial<HealthThresholds> = {}): { thresholds: HealthThresholds; problems: ReadProblem[] } {
  const { file, raw } = parseProjectFile(root);
  const problems: ReadProblem[] = [];
  const fromFile = isRecord(raw) ? checkHealthThresholds(raw.health, PROJECT_FILE, problems, file) : {};
  return { thresholds: healthThresholds(fromFile, given), problems };
}

/** Declarations of the settings over the file's, name by name. */
export function mergeDeclarations(base: ReaderDeclarations, over: ReaderDeclarations | undefined): ReaderDeclarations {
  if (!over) return base;
  const merged: ReaderDeclarations = {};
  const decorators = { ...base.decorators, ...over.decorators };
  const env = { ...base.env, ...over.env };
  const values = { ...base.values, ...over.values };
  if (Object.keys(decorators).length > 0) merged.decorators = decorators;
  if (Object.keys(env).length > 0) merged.env = env;
  if (Object.keys(values).length > 0) merged.values = values;
  return merged;
}
