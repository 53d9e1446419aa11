// Static TypeORM entity reader: entity source files -> SchemaModel "intended", without running
// project code (syntax level, ts-morph's TypeScript parser). See CONTRACTS.md "Entities reader".
// Each file is parsed once into cached facts; read() re-assembles the model from the facts, so an
// edit re-parses one file and the cross-file work (imports, inheritance, relations) stays correct.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { emptyModel, type ReadProblem, type SchemaModel } from '../model/schema';
import { ArgsStorage, type ColumnMode, type JoinColumnArgs, type Options } from './args';
import { buildModel, newBuildCache, type TypeormMajor } from './build';
import { collectClassDecorators, collectProperties, type Collector } from './collect';
import { namingStrategy } from './naming';
import { parseFile, spanOf, type FileFacts } from './parse';
import { Evaluator, isSpecial, ModuleResolver, type ClassRef } from './resolve';

export type NamingChoice = 'default' | 'snake';

export interface EntityReaderOptions {
  /** Absolute project root. */
  root: string;
  naming: NamingChoice;
  /** For `paths` resolution; default <root>/tsconfig.json when present. */
  tsconfigPath?: string;
  /** Default 'public'. */
  defaultSchema?: string;
  /**
   * TypeORM major version whose mapping to reproduce ('0.3' or '1'); default: the version of the
   * nearest node_modules/typeorm above root (1.x when none is found).
   */
  typeormVersion?: string;
  /** The DataSource's `uuidExtension`: 'pgcrypto' makes generated uuids default to gen_random_uuid(). */
  uuidExtension?: string;
}

/** From `// schema-lens-ignore SL301 SL302` comments. */
export interface Suppression {
  file: string;
  /** Empty = all codes. */
  codes: string[];
  /** 0-based inclusive line range the suppression covers. */
  startLine: number;
  endLine: number;
}

export interface EntityReadResult {
  model: SchemaModel;
  problems: ReadProblem[];
  suppressions: Suppression[];
  files: string[];
}

/** Files bigger than this are not parsed (generated bundles, data dumps). */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

function detectVersion(root: string, given: string | undefined): TypeormMajor {
  if (given) return given.startsWith('0.') ? '0.3' : '1';
  let dir = root;
  for (let i = 0; i < 20; i++) {
    const file = path.join(dir, 'node_modules', 'typeorm', 'package.json');
    try {
      const version = (JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: string }).version ?? '';
      return version.startsWith('0.') ? '0.3' : '1';
    } catch {
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return '1';
}

const ENTITY_DECORATORS = new Set(['Entity', 'ViewEntity', 'ChildEntity']);

function isPlainObject(value: unknown): value is Options {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isSpecial(value);
}

/** One class's (or one file's EntitySchemas') args, with the file versions they were read from. */
interface Bundle {
  storage: ArgsStorage;
  problems: ReadProblem[];
  deps: Map<string, number>;
  /** Classes this one needs collected too: its parent and its embedded classes. */
  related: ClassRef[];
  parent?: string;
}

export class EntityReader {
  private files: string[] = [];
  private readonly facts = new Map<string, FileFacts>();
  private readonly failures = new Map<string, ReadProblem>();
  private readonly resolver: ModuleResolver;
  private readonly version: TypeormMajor;
  /** Edit counter per file: cached work records the versions it read. */
  private readonly versions = new Map<string, number>();
  private generation = 0;
  private readonly bundles = new Map<string, Bundle>();
  private buildCache = newBuildCache();

  constructor(private readonly options: EntityReaderOptions) {
    this.resolver = new ModuleResolver(options.root, options.tsconfigPath);
    this.version = detectVersion(options.root, options.typeormVersion);
  }

  setFiles(files: string[]): void {
    this.files = [...new Set(files.map((file) => path.resolve(file)))];
    this.fileSet = new Set(this.files);
    this.invalidateAll();
  }

  private fileSet = new Set<string>();

  /** A file appeared, disappeared or the set changed: what imports resolve to may differ. */
  private invalidateAll(): void {
    this.bundles.clear();
    this.buildCache = newBuildCache();
    this.resolver.clear();
  }

  private isFresh(deps: Map<string, number>): boolean {
    for (const [file, version] of deps) if ((this.versions.get(file) ?? -1) !== version) return false;
    return true;
  }

  private depsOf(files: Iterable<string>): Map<string, number> {
    const deps = new Map<string, number>();
    for (const file of files) {
      this.factsOf(file);
      deps.set(file, this.versions.get(file) ?? -1);
    }
    return deps;
  }

  private collectBundle(evaluator: Evaluator, ref: ClassRef): Bundle {
    const bundle: Bundle = { storage: new ArgsStorage(), problems: [], deps: new Map(), related: [] };
    const collector: Collector = { storage: bundle.storage, evaluator, problems: bundle.problems, strictNullChecks: this.resolver.strictNullChecks };
    const resolveClass = (value: unknown): ClassRef | undefined => {
      if (isSpecial(value) && value.kind === 'class') {
        bundle.related.push(value);
        return value;
      }
      return undefined;
    };
    const { files } = evaluator.tracking(() => {
      try {
        // Property decorators run before class decorators, as when the class is defined.
        collectProperties(collector, ref, resolveClass);
        collectClassDecorators(collector, ref);
        const tableDecorator = ref.cls.decorators.find((d) => ENTITY_DECORATORS.has(d.name));
        if (tableDecorator && this.fileSet.has(ref.facts.file) && !ref.bindings) {
          this.registerTable(collector, ref, tableDecorator.name, tableDecorator.args.length > 0 ? tableDecorator : undefined);
        }
        if (ref.cls.extendsValue) {
          const parent = resolveClass(evaluator.evaluate(ref.cls.extendsValue, ref.facts, ref.bindings));
          bundle.parent = parent?.key;
        }
      } catch (error) {
        bundle.problems.push({ severity: 'warning', message: `Could not read class ${ref.cls.name}: ${String(error)}`, span: spanOf(ref.facts, ref.cls.start, ref.cls.end) });
      }
    });
    files.add(ref.facts.file);
    bundle.deps = this.depsOf(files);
    return bundle;
  }

  private collectSchemas(evaluator: Evaluator, facts: FileFacts): Bundle {
    const bundle: Bundle = { storage: new ArgsStorage(), problems: [], deps: new Map(), related: [] };
    const collector: Collector = { storage: bundle.storage, evaluator, problems: bundle.problems };
    const { files } = evaluator.tracking(() => {
      for (const schema of facts.entitySchemas) {
        try {
          this.registerSchema(collector, facts, schema.options, spanOf(facts, schema.start, schema.end));
        } catch (error) {
          bundle.problems.push({ severity: 'warning', message: `Could not read EntitySchema: ${String(error)}`, span: spanOf(facts, schema.start, schema.end) });
        }
      }
    });
    files.add(facts.file);
    bundle.deps = this.depsOf(files);
    return bundle;
  }

  updateFile(file: string, text?: string): void {
    const absolute = path.resolve(file);
    const known = this.facts.has(absolute) || this.failures.has(absolute);
    this.load(absolute, text);
    if (!known) this.invalidateAll();
  }

  removeFile(file: string): void {
    const absolute = path.resolve(file);
    this.files = this.files.filter((f) => f !== absolute);
    this.fileSet.delete(absolute);
    this.facts.delete(absolute);
    this.failures.delete(absolute);
    this.versions.set(absolute, ++this.generation);
    this.invalidateAll();
  }

  private load(file: string, text?: string): FileFacts | undefined {
    this.failures.delete(file);
    this.versions.set(file, ++this.generation);
    try {
      let content = text;
      if (content === undefined) {
        const size = fs.statSync(file).size;
        if (size > MAX_FILE_BYTES) throw new Error(`the file is ${Math.round(size / 1024 / 1024)} MB, larger than the ${MAX_FILE_BYTES / 1024 / 1024} MB the reader parses`);
        content = fs.readFileSync(file, 'utf8');
      } else if (content.length > MAX_FILE_BYTES) {
        throw new Error(`the file is larger than the ${MAX_FILE_BYTES / 1024 / 1024} MB the reader parses`);
      }
      const facts = parseFile(file, content);
      this.facts.set(file, facts);
      return facts;
    } catch (error) {
      this.facts.delete(file);
      const reason = error instanceof Error ? error.message : String(error);
      this.failures.set(file, { severity: 'error', message: `Could not read ${path.basename(file)}: ${reason}`, file });
      return undefined;
    }
  }

  private factsOf(file: string): FileFacts | undefined {
    const cached = this.facts.get(file);
    if (cached) return cached;
    if (this.failures.has(file)) return undefined;
    return this.load(file);
  }

  read(): EntityReadResult {
    const problems: ReadProblem[] = [];
    const suppressions: Suppression[] = [];
    const evaluator = new Evaluator((file) => this.factsOf(file), this.resolver);
    const storage = new ArgsStorage();
    const seen = new Set<string>();
    const used = new Set<string>();

    // One class's args, cached across reads while no file it depended on has changed. The ClassRef
    // is only made when the class must be collected again: on a cache hit its key is enough.
    const ensureCollected = (key: string, refOf: () => ClassRef): void => {
      if (seen.has(key)) return;
      seen.add(key);
      let bundle = this.bundles.get(key);
      if (!bundle || !this.isFresh(bundle.deps)) {
        bundle = this.collectBundle(evaluator, refOf());
        this.bundles.set(key, bundle);
      }
      used.add(key);
      storage.append(bundle.storage);
      problems.push(...bundle.problems);
      for (const related of bundle.related) ensureCollected(related.key, () => related);
    };

    for (const file of this.files) {
      const facts = this.factsOf(file);
      const failure = this.failures.get(file);
      if (failure) problems.push(failure);
      if (!facts) continue;
      problems.push(...facts.problems);
      for (const suppression of facts.suppressions) suppressions.push({ file, ...suppression });
      for (const cls of facts.classes.values()) {
        if (!cls.decorators.some((d) => ENTITY_DECORATORS.has(d.name))) continue;
        try {
          // The key Evaluator.classRef gives a top-level class (facts.classes holds only those).
          ensureCollected(`${facts.file}#${cls.name}`, () => evaluator.classRef(facts, cls));
        } catch (error) {
          problems.push({ severity: 'warning', message: `Could not read entity ${cls.name}: ${String(error)}`, span: spanOf(facts, cls.start, cls.end) });
        }
      }
      if (facts.entitySchemas.length > 0) {
        const key = `schemas:${file}`;
        let bundle = this.bundles.get(key);
        if (!bundle || !this.isFresh(bundle.deps)) {
          bundle = this.collectSchemas(evaluator, facts);
          this.bundles.set(key, bundle);
        }
        used.add(key);
        storage.append(bundle.storage);
        problems.push(...bundle.problems);
      }
    }
    for (const key of this.bundles.keys()) if (!used.has(key)) this.bundles.delete(key);

    const parentOf = (key: string): string | undefined => this.bundles.get(key)?.parent;
    const inheritanceTree = (key: string): string[] => {
      const tree: string[] = [];
      for (let current: string | undefined = key; current && !tree.includes(current) && tree.length < 50; current = parentOf(current)) tree.push(current);
      return tree;
    };
    const tablesByName = new Map<string, string>();
    for (const table of storage.tables) {
      tablesByName.set(table.className, table.target);
      if (table.name) tablesByName.set(table.name, table.target);
    }
    let model: SchemaModel = emptyModel();
    try {
      model = buildModel({
        storage,
        naming: namingStrategy(this.options.naming),
        defaultSchema: this.options.defaultSchema ?? 'public',
        version: this.version,
        uuidDefault: this.options.uuidExtension === 'pgcrypto' ? 'gen_random_uuid()' : 'uuid_generate_v4()',
        evaluator,
        problems,
        inheritanceTree,
        cache: this.buildCache,
        signatureOf: (targets) => {
          const result: unknown[] = [];
          const visit = (key: string, depth: number): void => {
            const bundle = this.bundles.get(key);
            if (!bundle || result.includes(bundle) || depth > 10) return;
            result.push(bundle);
            for (const related of bundle.related) visit(related.key, depth + 1);
          };
          for (const target of targets) visit(target, 0);
          return result;
        },
        findTargetKey: (type) => {
          if (isSpecial(type) && type.kind === 'class') return type.key;
          if (isSpecial(type) && type.kind === 'schema' && isPlainObject(type.options)) return tablesByName.get(String(type.options.name));
          if (typeof type === 'string') return tablesByName.get(type) ?? type;
          return undefined;
        },
      });
    } catch (error) {
      problems.push({ severity: 'error', message: `The entity model could not be assembled: ${error instanceof Error ? error.message : String(error)}` });
    }
    return { model, problems, suppressions, files: [...this.files] };
  }

  private registerTable(collector: Collector, ref: ClassRef, decorator: string, withArgs: { args: import('./values').SValue[]; start: number; end: number } | undefined): void {
    const { facts, cls } = ref;
    const span = spanOf(facts, cls.start, cls.end);
    const values = withArgs ? withArgs.args.map((arg) => collector.evaluator.evaluate(arg, facts)) : [];
    const [first, second] = values;
    const options = (isPlainObject(first) ? first : isPlainObject(second) ? second : {}) as Options;
    const name = typeof first === 'string' ? first : typeof options.name === 'string' ? options.name : undefined;
    const common = { target: ref.key, className: cls.name, file: facts.file, span, ref };
    if (decorator === 'ChildEntity') {
      collector.storage.tables.push({ ...common, type: 'entity-child' });
      if (first !== undefined) collector.storage.discriminatorValues.push({ target: ref.key, value: first });
      return;
    }
    collector.storage.tables.push({
      ...common,
      type: decorator === 'ViewEntity' ? 'view' : 'regular',
      name,
      schema: typeof options.schema === 'string' ? options.schema : undefined,
      comment: typeof options.comment === 'string' ? options.comment : undefined,
      materialized: options.materialized === true,
    });
    if (options.synchronize === false) collector.storage.tables.pop();
  }

  /** `new EntitySchema({...})` -> the same args the decorators would give (EntitySchemaTransformer). */
  private registerSchema(collector: Collector, facts: FileFacts, value: import('./values').SValue, span: import('../model/schema').SourceSpan): void {
    const options = collector.evaluator.evaluate(value, facts);
    if (!isPlainObject(options) || typeof options.name !== 'string') {
      collector.problems.push({ severity: 'warning', message: 'This EntitySchema has no static name; it is skipped.', span });
      return;
    }
    const storage = collector.storage;
    const target = `schema:${options.name}`;
    const type = options.type === 'view' ? 'view' : options.type === 'entity-child' ? 'entity-child' : 'regular';
    storage.tables.push({
      target,
      type,
      name: typeof options.tableName === 'string' ? options.tableName : undefined,
      schema: typeof options.schema === 'string' ? options.schema : undefined,
      comment: typeof options.comment === 'string' ? options.comment : undefined,
      materialized: options.materialized === true,
      className: options.name,
      file: facts.file,
      span,
    });
    const columns = isPlainObject(options.columns) ? options.columns : {};
    for (const [propertyName, raw] of Object.entries(columns)) {
      if (!isPlainObject(raw)) continue;
      const column = { ...raw };
      const mode: ColumnMode = column.createDate ? 'createDate' : column.updateDate ? 'updateDate' : column.deleteDate ? 'deleteDate' : column.version ? 'version' : column.treeLevel ? 'treeLevel' : 'regular';
      storage.columns.push({ target, propertyName, mode, options: column, span });
      if (column.generated) storage.generations.push({ target, propertyName, strategy: typeof column.generated === 'string' ? column.generated : 'increment' });
      if (column.unique === true) storage.uniques.push({ target, columns: [propertyName], span });
    }
    const relations = isPlainObject(options.relations) ? options.relations : {};
    for (const [propertyName, raw] of Object.entries(relations)) {
      if (!isPlainObject(raw)) continue;
      const relationType = raw.type;
      if (relationType !== 'many-to-one' && relationType !== 'one-to-one' && relationType !== 'one-to-many' && relationType !== 'many-to-many') continue;
      let relationTarget = raw.target;
      if (isSpecial(relationTarget) && relationTarget.kind === 'fn') relationTarget = collector.evaluator.call(relationTarget, []);
      storage.relations.push({
        target,
        propertyName,
        relationType,
        type: relationTarget,
        inverseSide: typeof raw.inverseSide === 'string' ? raw.inverseSide : undefined,
        options: raw,
        span,
      });
      const toJoinColumns = (list: unknown): JoinColumnArgs[] =>
        (Array.isArray(list) ? list : [list]).filter(isPlainObject).map((j) => ({
          target,
          propertyName,
          name: typeof j.name === 'string' ? j.name : undefined,
          referencedColumnName: typeof j.referencedColumnName === 'string' ? j.referencedColumnName : undefined,
          foreignKeyConstraintName: typeof j.foreignKeyConstraintName === 'string' ? j.foreignKeyConstraintName : undefined,
        }));
      if (raw.joinColumn === true) storage.joinColumns.push({ target, propertyName });
      else if (raw.joinColumn) storage.joinColumns.push(...toJoinColumns(raw.joinColumn));
      if (raw.joinTable) {
        const joinTable = isPlainObject(raw.joinTable) ? raw.joinTable : {};
        storage.joinTables.push({
          target,
          propertyName,
          name: typeof joinTable.name === 'string' ? joinTable.name : undefined,
          schema: typeof joinTable.schema === 'string' ? joinTable.schema : undefined,
          joinColumns: joinTable.joinColumn ? toJoinColumns(joinTable.joinColumn) : joinTable.joinColumns ? toJoinColumns(joinTable.joinColumns) : undefined,
          inverseJoinColumns: joinTable.inverseJoinColumn ? toJoinColumns(joinTable.inverseJoinColumn) : joinTable.inverseJoinColumns ? toJoinColumns(joinTable.inverseJoinColumns) : undefined,
          synchronize: joinTable.synchronize !== false,
        });
      }
    }
    for (const raw of Array.isArray(options.indices) ? options.indices : []) {
      if (!isPlainObject(raw)) continue;
      storage.indices.push({
        target,
        name: typeof raw.name === 'string' ? raw.name : undefined,
        columns: Array.isArray(raw.columns) ? raw.columns.filter((c): c is string => typeof c === 'string') : undefined,
        unique: raw.unique === true,
        spatial: raw.spatial === true,
        fulltext: raw.fulltext === true,
        where: typeof raw.where === 'string' ? raw.where : undefined,
        type: typeof raw.type === 'string' ? raw.type : undefined,
        synchronize: raw.synchronize !== false,
        span,
      });
    }
    for (const raw of Array.isArray(options.uniques) ? options.uniques : []) {
      if (!isPlainObject(raw) || !Array.isArray(raw.columns)) continue;
      storage.uniques.push({ target, name: typeof raw.name === 'string' ? raw.name : undefined, columns: raw.columns.filter((c): c is string => typeof c === 'string'), span });
    }
    for (const [key, list] of [['checks', storage.checks], ['exclusions', storage.exclusions]] as const) {
      for (const raw of Array.isArray(options[key]) ? (options[key] as unknown[]) : []) {
        if (!isPlainObject(raw) || typeof raw.expression !== 'string') continue;
        list.push({ target, name: typeof raw.name === 'string' ? raw.name : undefined, expression: raw.expression, span });
      }
    }
    if (isPlainObject(options.inheritance)) {
      const column = options.inheritance.column;
      storage.inheritances.push({ target, column: typeof column === 'string' ? { name: column } : isPlainObject(column) ? column : undefined });
    }
    if (isPlainObject(options.tree) && typeof options.tree.type === 'string') storage.trees.push({ target, type: options.tree.type, options: options.tree });
  }
}

export function readEntities(options: EntityReaderOptions & { files: string[] }): EntityReadResult {
  const reader = new EntityReader(options);
  reader.setFiles(options.files);
  return reader.read();
}
