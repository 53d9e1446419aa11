// The entity reader: entity source files -> SchemaModel "intended", without running project code
// (syntax level, ts-morph's TypeScript parser), kept up to date edit by edit.
// Each file is parsed once into cached facts, and each class's decorator args are cached with the
// files they were read from. After an edit, read() collects again only the classes read from the
// edited files and rebuilds only the entities made from them and the entities related to them
// (readChanges); when the edit changes what the model is made of (an entity, a table name, a
// parent class...), it assembles every entity again from the caches (readAll). Both give exactly
// what a fresh reader gives (test/unit/entities/incremental-*.test.ts), and both hand back the
// same Table objects for entities the edit did not touch, which analyze() relies on.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { emptyModel, type ReadProblem, type SchemaModel, type UnknownFact } from '../model/schema';
import { ArgsStorage } from './args';
import { buildModel, newBuildCache, rebuildModel, type BuildContext, type TypeormMajor } from './build';
import { collectClassDecorators, collectEntityDecorator, collectProperties, entityDecoratorOf, isUnknownArgument, knownValue, type Collector } from './collect';
import { unreadOptionFact, type DataSourceConfig, type ReaderDeclarations } from '../config';
import { postgres } from '../dialect';
import { DecoratorRecognizer } from './decorators';
import { addToIndex } from './reverse-index';
import { collectEntitySchema } from './entity-schema';
import { namingStrategy } from './naming';
import { parseFile, spanOf, type FileFacts } from './parse';
import { Evaluator } from './evaluate';
import { ModuleResolver } from './resolve';
import { detectTypeormVersion, type TypeormVersion, isTypeormModule } from '../workspace';
import { isPlainObject, isSpecial, type ClassRef } from './static-values';
import { SparseParts } from './sparse-parts';
import { messageOf } from '../errors';

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
   * TypeORM version whose mapping to reproduce ('0.3' or '1'); default: the nearest
   * node_modules/typeorm above root, else the lockfile's, else package.json's range (1.x when none).
   */
  typeormVersion?: string;
  /** The DataSource's `uuidExtension`: 'pgcrypto' makes generated uuids default to gen_random_uuid(). */
  uuidExtension?: string;
  /** Set when the DataSource's `uuidExtension` cannot be read: the default of generated uuid columns is then unknown. */
  uuidExtensionUnknown?: UnknownFact;
  /** The DataSource's `entityPrefix`: put before every table name (entity, junction, closure and view tables). */
  entityPrefix?: string;
  /** What the project declares for what cannot be read (schema-lens.json): decorators, environment values. */
  declarations?: ReaderDeclarations;
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

/** What one read evaluates with: the evaluator and the decorator recognition over it (their caches live as long as the read). */
interface ReadScope {
  evaluator: Evaluator;
  recognizer: DecoratorRecognizer;
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

/**
 * A class made by a mixin was read with the classes it was given (held in its bindings, not looked
 * up): it must be read again when their files change, or its parent would keep their old text.
 */
function addBindingFiles(ref: ClassRef, files: Set<string>, depth = 0): void {
  if (!ref.bindings || depth > 10) return;
  for (const value of ref.bindings.values()) {
    if (!isSpecial(value) || value.kind !== 'class') continue;
    files.add(value.facts.file);
    addBindingFiles(value, files, depth + 1);
  }
}

/** How read() reached a class: declared in an entity file, found through another class, or a file's EntitySchemas. */
type BundleSource = { file: string; className: string } | { via: string } | { schemas: string };

/** What the last read assembled, kept so that the next one can redo only what an edit touched. */
interface Assembly {
  storage: ArgsStorage;
  /** Cache keys in the order read() collected them. */
  order: Array<{ key: string; from: BundleSource }>;
  /** The problems in the order read() meets them: per entity file its own, then its classes'. */
  problems: SparseParts<ReadProblem>;
  /** Where in `problems` an entity file's own problems and a class's are. */
  problemPart: Map<string, number>;
  /** Entity files with a class that could not be read at all (its problem is not a file's or a class's own). */
  unreadable: Set<string>;
  /** In the order of the entity files. */
  suppressions: SparseParts<Suppression>;
  /** Entity file -> its place among the entity files, and declaredIn(): what it declares, and its classes that may be entities. */
  entityFiles: Map<string, { position: number; declared: string; unknowns: UnknownFact[] }>;
  /** File -> the entity files whose entity classes were recognised through it (a wrapper's definition). */
  recognitionDependents: Map<string, Set<string>>;
  /** Entity class or table name -> cache key, for relations that name their target. */
  tablesByName: Map<string, string>;
  /** File -> cache keys of the classes read from it. */
  dependents: Map<string, Set<string>>;
}

/** Whether a class read again still contributes the same entities, names, parent, embeddeds and inheritance. */
function sameShape(a: Bundle, b: Bundle): boolean {
  if (a.parent !== b.parent || a.related.length !== b.related.length || a.related.some((ref, i) => ref.key !== b.related[i]!.key)) return false;
  const sameTargets = (x: { target: string }[], y: { target: string }[]): boolean => x.length === y.length && x.every((item, i) => item.target === y[i]!.target);
  if (!sameTargets(a.storage.inheritances, b.storage.inheritances) || !sameTargets(a.storage.discriminatorValues, b.storage.discriminatorValues) || !sameTargets(a.storage.trees, b.storage.trees)) return false;
  return (
    sameTargets(a.storage.tables, b.storage.tables) &&
    a.storage.tables.every((t, i) => {
      const u = b.storage.tables[i]!;
      return t.type === u.type && t.name === u.name && t.schema === u.schema && t.className === u.className;
    })
  );
}

export class EntityReader {
  private files: string[] = [];
  private readonly facts = new Map<string, FileFacts>();
  private readonly failures = new Map<string, ReadProblem>();
  private readonly resolver: ModuleResolver;
  private version: TypeormMajor;
  /** Which TypeORM the model reproduces, and where that was read (node_modules, lockfile, package.json). */
  typeorm: TypeormVersion;
  /** Edit counter per file: cached work records the versions it read. */
  private readonly versions = new Map<string, number>();
  private generation = 0;
  private readonly bundles = new Map<string, Bundle>();
  private buildCache = newBuildCache();
  /** Files loaded since the last read. */
  private readonly changed = new Set<string>();
  private assembly?: Assembly;

  constructor(private readonly options: EntityReaderOptions) {
    this.resolver = new ModuleResolver(options.root, options.tsconfigPath);
    this.typeorm = detectTypeormVersion(options.root, options.typeormVersion, this.resolver.resolution.workspace);
    this.version = this.typeorm.semantics;
  }

  setFiles(files: string[]): void {
    this.files = [...new Set(files.map((file) => path.resolve(file)))];
    this.fileSet = new Set(this.files);
    // Nothing at the root says which TypeORM: the package the entity files belong to may.
    if (this.typeorm.source === 'default' && this.files.length > 0) {
      this.typeorm = detectTypeormVersion(this.options.root, this.options.typeormVersion, this.resolver.resolution.workspace, undefined, path.dirname(this.files[0]!));
      this.version = this.typeorm.semantics;
    }
    this.invalidateAll();
  }

  private fileSet = new Set<string>();

  /** A file appeared, disappeared or the set changed: what imports resolve to may differ. */
  private invalidateAll(): void {
    this.bundles.clear();
    this.buildCache = newBuildCache();
    this.assembly = undefined;
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

  private collectBundle(scope: ReadScope, ref: ClassRef): Bundle {
    const { evaluator, recognizer } = scope;
    const bundle: Bundle = { storage: new ArgsStorage(), problems: [], deps: new Map(), related: [] };
    const collector: Collector = { storage: bundle.storage, evaluator, recognizer, problems: bundle.problems, strictNullChecks: this.resolver.strictNullChecks };
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
        const entity = this.fileSet.has(ref.facts.file) && !ref.bindings ? entityDecoratorOf(recognizer, ref) : undefined;
        if (entity && 'application' in entity) collectEntityDecorator(collector, ref, entity.application);
        if (ref.cls.extendsValue) {
          const value = evaluator.evaluate(ref.cls.extendsValue, ref.facts, ref.bindings);
          bundle.parent = resolveClass(value)?.key;
          // A parent that cannot be read may declare columns (a primary key among them).
          const readable = bundle.parent !== undefined || (isSpecial(value) && value.kind === 'external' && isTypeormModule(value.module));
          if (!readable) {
            const fact = knownValue(value, spanOf(ref.facts, ref.cls.start, ref.cls.end), ref.facts);
            const unknown = isUnknownArgument(fact)
              ? fact.unknown
              : { reason: `the parent class of ${ref.cls.name} cannot be read`, cause: `parent:${ref.key}`, span: spanOf(ref.facts, ref.cls.start, ref.cls.end) };
            bundle.storage.unknowns.push({ target: ref.key, affects: 'columns', fact: { ...unknown, reason: `the parent class of ${ref.cls.name}: ${unknown.reason}` } });
          }
        }
      } catch (error) {
        bundle.problems.push({ severity: 'warning', message: `Could not read class ${ref.cls.name}: ${String(error)}`, span: spanOf(ref.facts, ref.cls.start, ref.cls.end) });
      }
    });
    files.add(ref.facts.file);
    addBindingFiles(ref, files);
    bundle.deps = this.depsOf(files);
    return bundle;
  }

  private collectSchemas(scope: ReadScope, facts: FileFacts): Bundle {
    const { evaluator, recognizer } = scope;
    const bundle: Bundle = { storage: new ArgsStorage(), problems: [], deps: new Map(), related: [] };
    const collector: Collector = { storage: bundle.storage, evaluator, recognizer, problems: bundle.problems };
    const { files } = evaluator.tracking(() => {
      for (const schema of facts.entitySchemas) {
        try {
          collectEntitySchema(collector, facts, schema.options, spanOf(facts, schema.start, schema.end));
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
    this.changed.add(file);
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
      const reason = messageOf(error);
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

  /** How the last read() went: edit-sized, or over every entity (the first read, or the edit changed what the model is made of). */
  lastRead: 'incremental' | 'full' = 'full';

  read(): EntityReadResult {
    const evaluator = new Evaluator((file) => this.factsOf(file), this.resolver, this.options.declarations?.env, this.options.declarations?.values);
    const scope: ReadScope = { evaluator, recognizer: new DecoratorRecognizer(evaluator, this.options.declarations?.decorators) };
    try {
      const incremental = this.assembly && this.readChanges(scope);
      this.lastRead = incremental ? 'incremental' : 'full';
      return incremental || this.readAll(scope);
    } finally {
      this.changed.clear();
    }
  }

  /** Collects every entity class (from the cache where its files are unchanged) and builds the model. */
  private readAll(scope: ReadScope): EntityReadResult {
    const { evaluator } = scope;
    const storage = new ArgsStorage();
    const assembly: Assembly = {
      storage,
      order: [],
      problems: new SparseParts(),
      problemPart: new Map(),
      unreadable: new Set(),
      suppressions: new SparseParts(),
      entityFiles: new Map(),
      recognitionDependents: new Map(),
      tablesByName: new Map(),
      dependents: new Map(),
    };
    let part = 0;
    const seen = new Set<string>();

    // One class's args, cached across reads while no file it depended on has changed. The ClassRef
    // is only made when the class must be collected again: on a cache hit its key is enough.
    const ensureCollected = (key: string, from: BundleSource, refOf: () => ClassRef): void => {
      if (seen.has(key)) return;
      seen.add(key);
      let bundle = this.bundles.get(key);
      if (!bundle || !this.isFresh(bundle.deps)) {
        bundle = this.collectBundle(scope, refOf());
        this.bundles.set(key, bundle);
      }
      assembly.order.push({ key, from });
      assembly.problemPart.set(key, part);
      assembly.problems.set(part++, bundle.problems);
      storage.append(bundle.storage);
      for (const related of bundle.related) ensureCollected(related.key, { via: key }, () => related);
    };

    for (const [position, file] of this.files.entries()) {
      const facts = this.factsOf(file);
      const declared = this.declaredIn(scope, file);
      assembly.entityFiles.set(file, { position, declared: declared.text, unknowns: declared.unknowns });
      addToIndex(assembly.recognitionDependents, declared.files, file);
      assembly.suppressions.set(position, this.suppressionsOf(file));
      assembly.problemPart.set(file, part);
      assembly.problems.set(part++, this.problemsOf(file));
      if (!facts) continue;
      for (const cls of facts.classes.values()) {
        if (!declared.entities.has(cls.name)) continue;
        try {
          // The key Evaluator.classRef gives a top-level class (facts.classes holds only those).
          ensureCollected(`${facts.file}#${cls.name}`, { file, className: cls.name }, () => evaluator.classRef(facts, cls));
        } catch (error) {
          assembly.unreadable.add(file);
          assembly.problems.set(part++, [{ severity: 'warning', message: `Could not read entity ${cls.name}: ${String(error)}`, span: spanOf(facts, cls.start, cls.end) }]);
        }
      }
      if (facts.entitySchemas.length > 0) {
        const key = `schemas:${file}`;
        let bundle = this.bundles.get(key);
        if (!bundle || !this.isFresh(bundle.deps)) {
          bundle = this.collectSchemas(scope, facts);
          this.bundles.set(key, bundle);
        }
        assembly.order.push({ key, from: { schemas: file } });
        assembly.problemPart.set(key, part);
        assembly.problems.set(part++, bundle.problems);
        storage.append(bundle.storage);
      }
    }
    const used = new Set(assembly.order.map(({ key }) => key));
    for (const key of this.bundles.keys()) if (!used.has(key)) this.bundles.delete(key);
    for (const { key } of assembly.order) this.addDependent(assembly, key);
    for (const table of storage.tables) {
      assembly.tablesByName.set(table.className, table.target);
      if (table.name) assembly.tablesByName.set(table.name, table.target);
    }
    this.assembly = assembly;
    return this.assemble(scope, assembly, (context) => buildModel(context));
  }

  /**
   * The edit-sized read: only the classes read from files changed since the last read are collected
   * again, and only the entities built from them (and those related to them) are rebuilt. Undefined
   * when the edit changed what the model is made of (an entity, table name, parent, embedded or
   * inheritance appeared or went away): then readAll() starts over from the cache.
   */
  private readChanges(scope: ReadScope): EntityReadResult | undefined {
    const assembly = this.assembly!;
    const stale = new Set<string>();
    // Which classes are entities depends on the entity files and on the wrappers they use.
    const recheck = new Set<string>();
    for (const file of this.changed) {
      if (assembly.entityFiles.has(file)) recheck.add(file);
      for (const entityFile of assembly.recognitionDependents.get(file) ?? []) recheck.add(entityFile);
      for (const key of assembly.dependents.get(file) ?? []) stale.add(key);
    }
    for (const file of recheck) {
      const entityFile = assembly.entityFiles.get(file)!;
      const declared = this.declaredIn(scope, file);
      if (entityFile.declared !== declared.text || assembly.unreadable.has(file)) return undefined;
      entityFile.unknowns = declared.unknowns;
    }
    const replaced: Array<[string, Bundle, Bundle]> = [];
    // In collection order, so that a class reached through another one gets the other's fresh reference.
    for (const { key, from } of assembly.order) {
      if (!stale.has(key)) continue;
      const previous = this.bundles.get(key);
      const next = this.collectAgain(scope, from, key);
      if (!previous || !next) return undefined;
      this.bundles.set(key, next);
      if (!sameShape(previous, next)) return undefined;
      replaced.push([key, previous, next]);
    }
    for (const file of this.changed) {
      const entityFile = assembly.entityFiles.get(file);
      if (!entityFile) continue;
      assembly.suppressions.set(entityFile.position, this.suppressionsOf(file));
      assembly.problems.set(assembly.problemPart.get(file)!, this.problemsOf(file));
    }
    // EntitySchemas register tables under targets of their own, apart from their file's cache key.
    const changed = new Set(stale);
    for (const [, previous] of replaced) for (const table of previous.storage.tables) changed.add(table.target);
    for (const [key, previous, next] of replaced) {
      assembly.problems.set(assembly.problemPart.get(key)!, next.problems);
      assembly.storage.replace(previous.storage, next.storage);
      for (const file of previous.deps.keys()) assembly.dependents.get(file)?.delete(key);
      this.addDependent(assembly, key);
    }
    if (stale.size === 0) return this.assemble(scope, assembly, (context) => rebuildModel(context, changed));
    try {
      return this.assemble(scope, assembly, (context) => rebuildModel(context, changed), true);
    } catch {
      return undefined;
    }
  }

  private collectAgain(scope: ReadScope, from: BundleSource, key: string): Bundle | undefined {
    try {
      if ('schemas' in from) {
        const facts = this.factsOf(from.schemas);
        return facts && this.collectSchemas(scope, facts);
      }
      if ('via' in from) {
        const ref = this.bundles.get(from.via)?.related.find((related) => related.key === key);
        return ref && this.collectBundle(scope, ref);
      }
      const facts = this.factsOf(from.file);
      const cls = facts?.classes.get(from.className);
      return facts && cls && this.collectBundle(scope, scope.evaluator.classRef(facts, cls));
    } catch {
      return undefined;
    }
  }

  /**
   * What an entity file declares: its entity classes (by their decorators, wrappers included), the
   * classes that may be entities through a decorator that cannot be read, whether it has
   * EntitySchemas, as a comparable text; and the files deciding it.
   */
  private declaredIn(scope: ReadScope, file: string): { text: string; entities: Set<string>; unknowns: UnknownFact[]; files: Set<string> } {
    const facts = this.facts.get(file);
    const entities = new Set<string>();
    const unknowns: UnknownFact[] = [];
    const { files } = scope.evaluator.tracking(() => {
      for (const cls of facts?.classes.values() ?? []) {
        if (cls.decorators.length === 0) continue;
        const found = entityDecoratorOf(scope.recognizer, { facts: facts!, cls });
        if (found && 'application' in found) entities.add(cls.name);
        else if (found) unknowns.push(found.unknown);
      }
    });
    const text = facts ? `${[...entities].join(',')}|${unknowns.map((u) => u.cause).join(',')}|${facts.entitySchemas.length > 0}` : '';
    return { text, entities, unknowns, files };
  }

  /** An entity file's own problems: it could not be read, or its syntax is broken. */
  private problemsOf(file: string): ReadProblem[] {
    const failure = this.failures.get(file);
    return failure ? [failure] : (this.facts.get(file)?.problems ?? []);
  }

  private suppressionsOf(file: string): Suppression[] {
    return (this.facts.get(file)?.suppressions ?? []).map((suppression) => ({ file, ...suppression }));
  }

  private addDependent(assembly: Assembly, key: string): void {
    addToIndex(assembly.dependents, this.bundles.get(key)?.deps.keys() ?? [], key);
  }

  /** The read's result: problems in file order, then the model's; `strict` lets a build failure propagate. */
  private assemble(scope: ReadScope, assembly: Assembly, build: (context: BuildContext) => SchemaModel, strict = false): EntityReadResult {
    const problems = assembly.problems.flatten();
    const suppressions = assembly.suppressions.flatten();
    const { tablesByName } = assembly;
    let model: SchemaModel = emptyModel();
    try {
      model = build({
        storage: assembly.storage,
        naming: namingStrategy(this.options.naming),
        defaultSchema: this.options.defaultSchema ?? 'public',
        entityPrefix: this.options.entityPrefix ?? '',
        version: this.version,
        dialect: postgres,
        uuidDefault: postgres.typeorm.uuidDefault(this.options.uuidExtension),
        uuidDefaultUnknown: this.options.uuidExtensionUnknown,
        evaluator: scope.evaluator,
        problems,
        inheritanceTree: (key) => {
          const tree: string[] = [];
          for (let current: string | undefined = key; current && !tree.includes(current) && tree.length < 50; current = this.bundles.get(current)?.parent) tree.push(current);
          return tree;
        },
        cache: this.buildCache,
        readFrom: (targets) => {
          const result = new Map<string, unknown>();
          const visit = (key: string, depth: number): void => {
            const bundle = this.bundles.get(key);
            if (!bundle || result.has(key) || depth > 10) return;
            result.set(key, bundle);
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
      if (strict) throw error;
      problems.push({ severity: 'error', message: `The entity model could not be assembled: ${messageOf(error)}` });
    }
    // Classes that may be entities, through a decorator that cannot be read: unknown, not absent.
    const unknownEntities = [...assembly.entityFiles.values()].flatMap((entityFile) => entityFile.unknowns);
    if (unknownEntities.length > 0) model.unknowns = [...unknownEntities, ...(model.unknowns ?? [])];
    return { model, problems, suppressions, files: [...this.files] };
  }
}

/** The reader's options for a data source: one place that turns the project's configuration into them. */
export function readerOptions(dataSource: DataSourceConfig, naming: NamingChoice): EntityReaderOptions {
  return {
    root: dataSource.root,
    naming,
    defaultSchema: dataSource.schema,
    uuidExtension: dataSource.uuidExtension,
    ...(dataSource.unread?.uuidExtension ? { uuidExtensionUnknown: unreadOptionFact(dataSource, 'uuidExtension') } : {}),
    entityPrefix: dataSource.entityPrefix,
    declarations: dataSource.declarations,
  };
}

export function readEntities(options: EntityReaderOptions & { files: string[] }): EntityReadResult {
  const reader = new EntityReader(options);
  reader.setFiles(options.files);
  return reader.read();
}
