// Which files hold each data source's entities. By the data source's own `entities` globs, by the
// NestJS forFeature lists it loads (config discovery puts them in its globs), by the user's globs,
// or, where the data source's entities cannot be read statically (a config service, an array put
// together at run time, no data source at all), by a decorator scan: files under the root with a
// class decorator that may make an entity are given to an EntityReader, whose recognition of
// entity classes (TypeORM's decorators, wrappers included) decides. Never node_modules or build
// output; the scan is bounded in files and time.
//
// With several data sources, each entity file belongs to the one whose globs match it, and is read
// with that data source's schema, naming, prefix and uuid extension (EntityFileGroup).
import { readFileSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import fg from 'fast-glob';
import picomatch from 'picomatch';
import { findFiles, type DataSourceConfig } from '../config';
import type { DiscoveryReport } from '../model/discovery';
import type { ReadProblem, SchemaModel } from '../model/schema';
import { isTypeormModule, type TypeormVersion } from '../workspace';
export type { DiscoveryReport } from '../model/discovery';
import { EntityReader, readerOptions, type EntityReadResult, type EntityReaderOptions } from './reader';

/** A read of entity files, with the TypeORM whose mapping it reproduced. */
export type GroupRead = EntityReadResult & { typeorm: TypeormVersion };

/** One data source's entity files, read with its options. */
export interface EntityFileGroup {
  dataSource: DataSourceConfig;
  files: string[];
}

export interface EntityFiles {
  groups: EntityFileGroup[];
  discovery: DiscoveryReport[];
  problems: ReadProblem[];
}

export interface ScanLimits {
  /** Source files looked at, at most. */
  maxFiles?: number;
  /** Candidate files parsed, at most. */
  maxCandidates?: number;
  /** Time the scan may take, in milliseconds. */
  budgetMs?: number;
}

const SCAN_GLOBS = ['**/*.{ts,mts,cts,tsx}'];
/** Dependencies, build output, tests and migrations never hold the application's entities. */
const SCAN_IGNORE = [
  '**/node_modules/**',
  '**/dist/**',
  '**/build/**',
  '**/out/**',
  '**/coverage/**',
  '**/tmp/**',
  '**/.*/**',
  '**/*.d.ts',
  '**/*.{spec,test,e2e-spec}.{ts,tsx}',
  '**/{test,tests,__tests__,__mocks__,e2e}/**',
  '**/migrations/**',
];
const MAX_FILE_BYTES = 1024 * 1024;
const DEFAULT_LIMITS: Required<ScanLimits> = { maxFiles: 50_000, maxCandidates: 5_000, budgetMs: 30_000 };

/** A decorator applied with arguments: `@Name(`, `@ns.Name<T>(`. */
const DECORATOR_CALL = /@\s*([A-Za-z_$][\w$]*)(?:\s*\.\s*[A-Za-z_$][\w$]*)*\s*(?:<[^<>()\n]*>)?\s*\(/g;
/** Packages whose decorators never make a TypeORM entity (a wrapper would be the project's own code). */
const NOT_ENTITY_PACKAGES = /^(?:@nestjs\/|@angular\/|@mikro-orm\/|@apollo\/|class-validator$|class-transformer$|type-graphql$|typedi$|inversify$|routing-controllers$|graphql$|@golevelup\/|nestjs-|@ntegral\/)/;
const TYPEORM_ENTITY_DECORATORS = new Set(['Entity', 'ViewEntity', 'ChildEntity']);

/**
 * Cheap text test before parsing: a file may declare an entity if it writes an EntitySchema, or
 * applies a decorator that is TypeORM's entity decorator or comes from somewhere other than a
 * framework known to make no entities (its own code, a workspace package, anything unknown).
 */
export function mayDeclareEntities(text: string): boolean {
  if (!text.includes('@') && !text.includes('EntitySchema')) return false;
  if (/\bEntitySchema\b/.test(text)) return true;
  if (!/\bclass\b/.test(text)) return false;
  const names = new Set<string>();
  for (const match of text.matchAll(DECORATOR_CALL)) names.add(match[1]!);
  for (const name of names) {
    const module = importedFrom(text, name);
    if (module !== undefined && isTypeormModule(module)) {
      if (TYPEORM_ENTITY_DECORATORS.has(name)) return true;
      continue;
    }
    if (module !== undefined && NOT_ENTITY_PACKAGES.test(module)) continue;
    return true;
  }
  return false;
}

/** The module an import brings `name` from (named, aliased, default or namespace import), if one does. */
function importedFrom(text: string, name: string): string | undefined {
  const escaped = name.replace(/\$/g, '\\$');
  const patterns = [
    new RegExp(`import\\s+(?:type\\s+)?(?:[\\w$]+\\s*,\\s*)?\\{[^}]*\\b(?:[\\w$]+\\s+as\\s+)?${escaped}\\b[^}]*\\}\\s*from\\s*['"]([^'"]+)['"]`),
    new RegExp(`import\\s+${escaped}\\s*(?:,[^;]*)?from\\s*['"]([^'"]+)['"]`),
    new RegExp(`import\\s+\\*\\s+as\\s+${escaped}\\s+from\\s*['"]([^'"]+)['"]`),
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match) return match[1];
  }
  return undefined;
}

/** Files the model's entity classes are declared in (tables, views, and the columns of single-table children). */
export function entityFilesOf(model: SchemaModel, among?: Set<string>): string[] {
  const files = new Set<string>();
  for (const table of model.tables) {
    if (table.entity) files.add(table.entity.file);
    for (const column of table.columns) if (column.span && among?.has(column.span.file)) files.add(column.span.file);
  }
  for (const view of model.views) if (view.entity) files.add(view.entity.file);
  return [...files].sort();
}

/**
 * Entity classes found by their decorators under the root: candidate files by a text test, then
 * an EntityReader decides which hold entities. `reader` (given options) is left holding the
 * parsed files, set to the entity files found.
 */
export async function scanEntityFiles(root: string, readerOptions: EntityReaderOptions, limits: ScanLimits = {}): Promise<{ files: string[]; problems: ReadProblem[]; reader: EntityReader }> {
  const { maxFiles, maxCandidates, budgetMs } = { ...DEFAULT_LIMITS, ...limits };
  const started = performance.now();
  const problems: ReadProblem[] = [];
  const all = await fg(SCAN_GLOBS, { cwd: root, absolute: true, onlyFiles: true, ignore: SCAN_IGNORE, suppressErrors: true, followSymbolicLinks: false, dot: false });
  all.sort();
  if (all.length > maxFiles) {
    problems.push({ severity: 'warning', message: `The decorator scan for entity classes looked at the first ${maxFiles} of ${all.length} source files under ${root}; give the entity files with --entities (or \`entities\` in schema-lens.json) to read them all.` });
    all.length = maxFiles;
  }
  const candidates: string[] = [];
  for (const file of all) {
    try {
      if (statSync(file).size > MAX_FILE_BYTES) continue;
      if (mayDeclareEntities(readFileSync(file, 'utf8'))) candidates.push(file);
    } catch {
      // Unreadable: not an entity file we can use.
    }
  }
  if (candidates.length > maxCandidates) {
    problems.push({ severity: 'warning', message: `The decorator scan for entity classes found ${candidates.length} files with decorators and read the first ${maxCandidates}; give the entity files with --entities (or \`entities\` in schema-lens.json).` });
    candidates.length = maxCandidates;
  }
  const reader = new EntityReader(readerOptions);
  reader.setFiles(candidates);
  let read = candidates;
  for (const [index, file] of candidates.entries()) {
    reader.updateFile(file);
    if (performance.now() - started > budgetMs) {
      read = candidates.slice(0, index + 1);
      problems.push({ severity: 'warning', message: `The decorator scan for entity classes stopped after ${Math.round(budgetMs / 1000)} s, having read ${read.length} of ${candidates.length} files with decorators; give the entity files with --entities (or \`entities\` in schema-lens.json).` });
      reader.setFiles(read);
      break;
    }
    // Let other work (a database being read meanwhile) move on.
    if (index % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
  }
  const files = entityFilesOf(reader.read().model, new Set(read));
  reader.setFiles(files);
  return { files, problems, reader };
}

/** The entity reader's options for a data source (an unknown naming strategy was reported by discovery; TypeORM's default is assumed). */
function readerOptionsOf(dataSource: DataSourceConfig): EntityReaderOptions {
  return readerOptions(dataSource, typeof dataSource.naming === 'string' ? dataSource.naming : 'default');
}

/** The reader options that decide a data source's model: data sources alike in these share one read. */
export function mappingKey(dataSource: DataSourceConfig): string {
  const naming = typeof dataSource.naming === 'string' ? dataSource.naming : 'default';
  return JSON.stringify([dataSource.schema, naming, dataSource.entityPrefix ?? '', dataSource.uuidExtension ?? '', Boolean(dataSource.unread?.uuidExtension)]);
}

/**
 * Each data source's entity files. A file is one data source's: the first (in discovery's order)
 * whose own globs match it; files of a scan go to the data sources that need one, less those
 * another data source's globs claim.
 */
export async function findEntityFiles(
  dataSources: DataSourceConfig[],
  limits?: ScanLimits,
): Promise<EntityFiles & { scan?: { reader: EntityReader; key: string; options: EntityReaderOptions } }> {
  const problems: ReadProblem[] = [];
  const root = dataSources[0]!.root;
  const byDataSource = new Map<DataSourceConfig, string[]>();
  const claimed = new Set<string>();
  // Globs first: they decide which data source a file is, before a scan hands out the rest.
  for (const dataSource of dataSources) {
    const method = dataSource.discovery?.method ?? 'data-source';
    if (method === 'user') continue;
    const files = await findFiles(dataSource.root, dataSource.entityGlobs);
    const own = files.filter((file) => !claimed.has(file));
    for (const file of own) claimed.add(file);
    byDataSource.set(dataSource, own);
  }
  // The user's globs (one list for all, or one per data source): each file to a data source whose
  // given globs match it, preferring the one whose own globs match it too.
  const users = dataSources.filter((dataSource) => dataSource.discovery?.method === 'user');
  if (users.length > 0) {
    const matcher = (globs: string[]) => picomatch(globs.map((glob) => glob.replace(/^\.\//, '')), { dot: true });
    const given = users.map((dataSource) => matcher(dataSource.entityGlobs));
    const own = users.map((dataSource) => (dataSource.ownEntityGlobs?.length ? matcher(dataSource.ownEntityGlobs) : undefined));
    const files = await findFiles(root, [...new Set(users.flatMap((dataSource) => dataSource.entityGlobs))]);
    for (const dataSource of users) byDataSource.set(dataSource, []);
    for (const file of files) {
      if (claimed.has(file)) continue;
      const path = relative(root, file).split('\\').join('/');
      const candidates = users.map((_, index) => index).filter((index) => given[index]!(path));
      const index = candidates.find((i) => own[i]?.(path)) ?? candidates.find((i) => !own[i]) ?? candidates[0];
      if (index !== undefined) byDataSource.get(users[index]!)!.push(file);
    }
  }
  // A decorator scan, once, for the data sources whose entities cannot be read.
  const scanning = dataSources.filter((dataSource) => dataSource.discovery?.method === 'scan');
  let scanned: { reader: EntityReader; key: string; options: EntityReaderOptions } | undefined;
  if (scanning.length > 0) {
    const options = readerOptionsOf(scanning[0]!);
    const scan = await scanEntityFiles(root, options, limits);
    problems.push(...scan.problems);
    const first = scanning[0]!;
    scanned = { reader: scan.reader, key: mappingKey(first), options };
    const found = scan.files.filter((file) => !claimed.has(file));
    byDataSource.set(first, [...new Set([...(byDataSource.get(first) ?? []), ...found])].sort());
    if (scanning.length > 1) {
      problems.push({
        severity: 'warning',
        message: `The entities of several data sources cannot be read statically (${scanning.map((d) => `'${d.name}'`).join(', ')}); the entity classes found by their decorators are read with '${first.name}''s options. Give each data source's entity files with --entities, or in schema-lens.json.`,
        file: first.file,
      });
    }
  }
  const groups: EntityFileGroup[] = dataSources.map((dataSource) => ({ dataSource, files: byDataSource.get(dataSource) ?? [] }));
  const discovery: DiscoveryReport[] = groups.map(({ dataSource, files }) => ({
    dataSource: dataSource.name,
    method: dataSource.discovery?.method ?? 'data-source',
    ...(dataSource.discovery?.reason ? { reason: dataSource.discovery.reason } : {}),
    files: files.length,
    schema: dataSource.schema,
    ...(dataSource.unread ? { unread: Object.keys(dataSource.unread).filter((key) => key !== 'entities') } : {}),
  }));
  for (const report of discovery) if (report.unread?.length === 0) delete report.unread;
  return { groups, discovery, problems, ...(scanned ? { scan: scanned } : {}) };
}

/**
 * Reads each data source's entity files with its options (data sources alike in them as one read)
 * and puts the models side by side. `read` reads one group (check reads while the database is
 * read); a decorator scan's reader is reused, its files already parsed.
 */
export async function readEntityGroups(
  found: Awaited<ReturnType<typeof findEntityFiles>>,
  read: (options: EntityReaderOptions & { files: string[] }) => Promise<GroupRead> | GroupRead = (options) => {
    const reader = new EntityReader(options);
    reader.setFiles(options.files);
    return { ...reader.read(), typeorm: reader.typeorm };
  },
): Promise<GroupRead> {
  const reads = new Map<string, { options: EntityReaderOptions; files: string[] }>();
  if (found.scan) reads.set(found.scan.key, { options: found.scan.options, files: [] });
  for (const group of found.groups) {
    const key = mappingKey(group.dataSource);
    const existing = reads.get(key);
    if (existing) existing.files.push(...group.files);
    else reads.set(key, { options: readerOptionsOf(group.dataSource), files: [...group.files] });
  }
  // Reads with no file give nothing, unless all are empty (the read still says which TypeORM).
  const all = [...reads];
  const wanted = all.some(([, { files }]) => files.length > 0) ? all.filter(([, { files }]) => files.length > 0) : all.slice(0, 1);
  const results: GroupRead[] = [];
  for (const [key, { options, files }] of wanted) {
    if (key === found.scan?.key) {
      found.scan.reader.setFiles(files);
      results.push({ ...found.scan.reader.read(), typeorm: found.scan.reader.typeorm });
    } else results.push(await read({ ...options, files }));
  }
  if (results.length === 1) return results[0]!;
  return {
    model: {
      tables: results.flatMap((result) => result.model.tables),
      enums: results.flatMap((result) => result.model.enums),
      views: results.flatMap((result) => result.model.views),
      ...(results.some((result) => result.model.unknowns?.length) ? { unknowns: results.flatMap((result) => result.model.unknowns ?? []) } : {}),
    },
    problems: results.flatMap((result) => result.problems),
    suppressions: results.flatMap((result) => result.suppressions),
    files: results.flatMap((result) => result.files),
    typeorm: results[0]!.typeorm,
  };
}
