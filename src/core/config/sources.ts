// Where a project declares its DataSource options, found by reading source (never running it):
// `new DataSource({...})`, NestJS `TypeOrmModule.forRoot({...})` / `forRootAsync({ useFactory })`
// (or `useClass` with createTypeOrmOptions()), and ormconfig.json / .js / .ts; and the entity
// lists of NestJS `TypeOrmModule.forFeature([...], dataSource?)` (what `autoLoadEntities` loads).
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import fg from 'fast-glob';
import { Node, SyntaxKind, type SourceFile } from 'ts-morph';
import type { ModuleResolver } from './modules';
import { StaticEvaluator, Unresolved, isPlainObject, type StaticValue } from './static-value';
import { messageOf } from '../errors';

/** The options of one data source as written, before they are understood. */
export interface RawDataSource {
  /** The exported variable's name, the options' `name`, or 'default'. */
  name: string;
  file: string;
  kind: 'data-source' | 'nest' | 'ormconfig';
  options: StaticValue;
  /** Where the options are written, for problems. */
  node?: Node;
  /** Why the file could not be read at all (an ormconfig.json that is not JSON). */
  error?: string;
}

/** `TypeOrmModule.forFeature([User, Post], 'reporting')` in a Nest module. */
export interface FeatureList {
  file: string;
  node: Node;
  /** The classes (or what could not be read of them). */
  entities: StaticValue[];
  /** The data source's name: 'default' when not given; Unresolved when it cannot be read. */
  dataSource: string | Unresolved;
}

const SOURCE_GLOBS = ['**/*.{ts,mts,cts,js,mjs,cjs}'];
const IGNORED = [
  '**/node_modules/**',
  '**/dist/**',
  '**/build/**',
  '**/out/**',
  '**/coverage/**',
  '**/.*/**',
  '**/*.d.ts',
  '**/*.entity.{ts,js}',
  '**/*.{spec,test,e2e-spec}.{ts,js}',
  '**/{test,tests,__tests__,fixtures}/**',
  '**/migrations/**',
];
/** Cheap text test before parsing: only files that could declare a data source are parsed. */
const MENTIONS_DATA_SOURCE = /new\s+(?:\w+\.)?DataSource\s*\(|TypeOrmModule\s*\.\s*forRoot/;
const MENTIONS_FOR_FEATURE = /TypeOrmModule\s*\.\s*forFeature\s*\(/;
/** Configuration files are small; anything bigger is generated code or data, not worth parsing. */
const MAX_FILE_BYTES = 1024 * 1024;
const MENTIONS_REGISTER_AS = /\bregisterAs\s*\(/;
const ORMCONFIG = /^ormconfig\.(?:json|[cm]?[jt]s)$/;

/** Data sources in the order a person would pick them: data-source files, other code, Nest, ormconfig; and the forFeature lists. */
export async function findRawDataSources(root: string, modules: ModuleResolver, evaluator: StaticEvaluator): Promise<{ dataSources: RawDataSource[]; features: FeatureList[] }> {
  const files = await fg([...SOURCE_GLOBS, '**/ormconfig.json'], { cwd: root, absolute: true, ignore: IGNORED, suppressErrors: true, followSymbolicLinks: false });
  files.sort(byPreference);
  const texts: [string, string][] = [];
  for (const file of files) {
    try {
      if (statSync(file).size > MAX_FILE_BYTES) continue;
      texts.push([file, readFileSync(file, 'utf8')]);
    } catch {
      // Unreadable (permissions, deleted meanwhile): not a configuration we can use.
    }
  }
  // Nest config namespaces first: a factory may read them through ConfigService.get('database').
  for (const [file, text] of texts) {
    if (!MENTIONS_REGISTER_AS.test(text)) continue;
    const source = modules.sourceFile(file, text);
    for (const call of source?.getDescendantsOfKind(SyntaxKind.CallExpression) ?? []) {
      const [name, factory] = call.getArguments();
      if (call.getExpression().getText() === 'registerAs' && name && factory && Node.isStringLiteral(name)) evaluator.registerConfigNamespace(name.getLiteralValue(), factory);
    }
  }
  const found: RawDataSource[] = [];
  const features: FeatureList[] = [];
  for (const [file, text] of texts) {
    const isOrmconfig = ORMCONFIG.test(basename(file));
    if (file.endsWith('.json')) {
      if (isOrmconfig) found.push(...ormconfigJson(file, text));
      continue;
    }
    const declaresFeatures = MENTIONS_FOR_FEATURE.test(text);
    if (!isOrmconfig && !declaresFeatures && !MENTIONS_DATA_SOURCE.test(text)) continue;
    const source = modules.sourceFile(file, text);
    if (!source) continue;
    if (declaresFeatures) features.push(...featureLists(source, evaluator));
    if (!isOrmconfig && !MENTIONS_DATA_SOURCE.test(text)) continue;
    const inCode = [...dataSourceConstructions(source, evaluator), ...nestModules(source, modules, evaluator)];
    found.push(...(inCode.length > 0 || !isOrmconfig ? inCode : ormconfigModule(source, evaluator)));
  }
  return { dataSources: found.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]), features };
}

/** `TypeOrmModule.forFeature([A, B])`, `forFeature(entities, 'name')`, `forFeature([A], { name })`. */
function featureLists(source: SourceFile, evaluator: StaticEvaluator): FeatureList[] {
  const lists: FeatureList[] = [];
  for (const call of source.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    if (call.getExpression().getText().replace(/\s/g, '') !== 'TypeOrmModule.forFeature') continue;
    const [entitiesArgument, dataSourceArgument] = call.getArguments();
    const value = entitiesArgument ? evaluator.evaluate(entitiesArgument) : [];
    const entities = Array.isArray(value) ? value : [value instanceof Unresolved ? value : new Unresolved(entitiesArgument ?? call, 'the entities of forFeature are not a list')];
    let dataSource: string | Unresolved = 'default';
    if (dataSourceArgument) {
      const named = evaluator.evaluate(dataSourceArgument);
      if (typeof named === 'string') dataSource = named;
      else if (isPlainObject(named) && typeof named.name === 'string') dataSource = named.name;
      else if (isPlainObject(named) && named.name === undefined) dataSource = 'default';
      else dataSource = named instanceof Unresolved ? named : new Unresolved(dataSourceArgument, `the data source \`${dataSourceArgument.getText()}\` of forFeature cannot be read statically`);
    }
    lists.push({ file: source.getFilePath(), node: call, entities, dataSource });
  }
  return lists;
}

const KIND_ORDER: Record<RawDataSource['kind'], number> = { 'data-source': 0, nest: 1, ormconfig: 2 };

/** Files named like a data source first, then shallower paths, then by name. */
function byPreference(a: string, b: string): number {
  const rank = (file: string) => (/data-?source/i.test(basename(file)) ? 0 : 1);
  const depth = (file: string) => file.split('/').length;
  return rank(a) - rank(b) || depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function dataSourceConstructions(source: SourceFile, evaluator: StaticEvaluator): RawDataSource[] {
  return source
    .getDescendantsOfKind(SyntaxKind.NewExpression)
    .filter((expression) => /^(?:\w+\.)?DataSource$/.test(expression.getExpression().getText()))
    // A DataSource built inside a function is a test or a tool building one from its arguments,
    // not the project's configuration.
    .filter((expression) => !expression.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a) || Node.isArrowFunction(a)))
    .map((expression) => {
      const argument = expression.getArguments()[0];
      const options = argument ? evaluator.evaluate(argument) : new Unresolved(expression, 'a DataSource without options');
      const variable = expression.getFirstAncestorByKind(SyntaxKind.VariableDeclaration);
      return { name: variable?.getName() ?? 'default', file: source.getFilePath(), kind: 'data-source' as const, options, node: argument ?? expression };
    });
}

function nestModules(source: SourceFile, modules: ModuleResolver, evaluator: StaticEvaluator): RawDataSource[] {
  const found: RawDataSource[] = [];
  for (const call of source.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const callee = call.getExpression().getText().replace(/\s/g, '');
    const argument = call.getArguments()[0];
    if (callee === 'TypeOrmModule.forRoot') {
      const options = argument ? evaluator.evaluate(argument) : {};
      found.push({ name: nameOf(options), file: source.getFilePath(), kind: 'nest', options, node: argument ?? call });
    } else if (callee === 'TypeOrmModule.forRootAsync' && argument) {
      const options = asyncOptions(argument, modules, evaluator);
      const declared = Node.isObjectLiteralExpression(argument) ? argument.getProperty('name') : undefined;
      const name = declared && Node.isPropertyAssignment(declared) ? evaluator.evaluate(declared.getInitializerOrThrow()) : undefined;
      found.push({ name: typeof name === 'string' ? name : nameOf(options), file: source.getFilePath(), kind: 'nest', options, node: argument });
    }
  }
  return found;
}

/** `{ useFactory: (config) => ({...}) }` or `{ useClass: TypeOrmConfigService }`. */
function asyncOptions(argument: Node, modules: ModuleResolver, evaluator: StaticEvaluator): StaticValue {
  if (!Node.isObjectLiteralExpression(argument)) return new Unresolved(argument, 'forRootAsync options that are not an object literal');
  for (const key of ['useFactory', 'useClass', 'useExisting']) {
    const property = argument.getProperty(key);
    if (!property) continue;
    let target: Node | undefined = Node.isPropertyAssignment(property) ? property.getInitializer() : Node.isMethodDeclaration(property) ? property : undefined;
    if (target && Node.isIdentifier(target)) target = modules.declarationOf(target) ?? target;
    if (target && Node.isVariableDeclaration(target)) target = target.getInitializer();
    if (!target) break;
    if (Node.isClassDeclaration(target)) {
      const method = target.getMethod('createTypeOrmOptions');
      return method ? evaluator.returnedValue(method) : new Unresolved(target, 'a class without createTypeOrmOptions()');
    }
    return evaluator.returnedValue(target);
  }
  return new Unresolved(argument, 'forRootAsync without useFactory or useClass');
}

/** `export default {...}` or `module.exports = {...}` (one data source or an array of them). */
function ormconfigModule(source: SourceFile, evaluator: StaticEvaluator): RawDataSource[] {
  const exported = source.getExportAssignment(() => true)?.getExpression();
  const commonJs = source
    .getDescendantsOfKind(SyntaxKind.BinaryExpression)
    .find((b) => b.getOperatorToken().getKind() === SyntaxKind.EqualsToken && b.getLeft().getText().replace(/\s/g, '') === 'module.exports')
    ?.getRight();
  const node = exported ?? commonJs;
  if (!node) return [];
  return fromOrmconfigValue(source.getFilePath(), evaluator.evaluate(node), node);
}

function ormconfigJson(file: string, text: string): RawDataSource[] {
  let value: StaticValue;
  try {
    value = JSON.parse(text) as StaticValue;
  } catch (error) {
    return [{ name: 'default', file, kind: 'ormconfig', options: undefined, error: messageOf(error) }];
  }
  return fromOrmconfigValue(file, value);
}

function fromOrmconfigValue(file: string, value: StaticValue, node?: Node): RawDataSource[] {
  const entries = Array.isArray(value) ? value : [value];
  return entries.map((options) => ({ name: nameOf(options), file, kind: 'ormconfig' as const, options, node }));
}

function nameOf(options: StaticValue): string {
  return isPlainObject(options) && typeof options.name === 'string' ? options.name : 'default';
}
