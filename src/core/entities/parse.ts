// One file's facts, read from its syntax only: classes with their decorators and property types,
// constants, enums, imports/exports, EntitySchema definitions, mixin functions and suppression
// comments. Cached per file; everything cross-file happens later, in the assembly.
import { ts as typescript } from 'ts-morph';
import type { ReadProblem, SourceSpan } from '../model/schema';
import { functionValue, toValue, type SValue } from './values';
import { messageOf } from '../errors';

// Bound once: the bundle reaches `ts` through a getter, and parsing uses it on every node.
import ts = typescript;
import { isTypeormModule } from '../workspace';

export interface DecoratorFacts {
  /** The last segment of its callee: `Column` for `@Column()` and `@orm.Column()`. */
  name: string;
  /** What it calls (`Column`, `orm.Column`): the binding it is recognised by. */
  callee: Extract<SValue, { k: 'ref' }>;
  /** `@X(...)` rather than `@X`. */
  called: boolean;
  args: SValue[];
  start: number;
  end: number;
}

/** What `emitDecoratorMetadata` would record as design:type, as far as syntax tells. */
export type DesignType =
  | { k: 'builtin'; name: 'String' | 'Number' | 'Boolean' | 'Date' | 'Array' | 'Object' | 'BigInt' | 'Buffer' | 'Function' }
  | { k: 'ref'; path: string[] }
  /** A union that names other types (`Role.Admin | Role.User`): tsc's type when every member serialises alike. */
  | { k: 'union'; members: DesignType[] };

export interface PropertyFacts {
  name: string;
  decorators: DecoratorFacts[];
  designType: DesignType;
  /** `string | null`: with strictNullChecks tsc emits design:type Object for it. */
  unionWithNull: boolean;
  start: number;
  end: number;
}

export interface ClassFacts {
  name: string;
  exported: boolean;
  /** `static readonly NAME = value`: constants a decorator may use as `Class.NAME`. */
  statics: Map<string, SValue>;
  extendsValue?: SValue;
  decorators: DecoratorFacts[];
  properties: PropertyFacts[];
  start: number;
  end: number;
}

export interface MixinFacts {
  params: string[];
  cls: ClassFacts;
}

export interface ImportBinding {
  module: string;
  /** 'default', '*' (namespace) or the exported name. */
  imported: string;
}

export interface FileFacts {
  file: string;
  lineStarts: number[];
  imports: Map<string, ImportBinding>;
  /** exported name -> local name */
  exports: Map<string, string>;
  /** `export { a as b } from './x'` -> b -> {module, imported a}; `export * from` -> names undefined */
  reExports: { module: string; names?: Map<string, string> }[];
  classes: Map<string, ClassFacts>;
  consts: Map<string, SValue>;
  enums: Map<string, [string, SValue | undefined][]>;
  mixins: Map<string, MixinFacts>;
  /** Top-level function declarations (helpers, wrapper decorators) that are not mixins. */
  functions: Map<string, Extract<SValue, { k: 'fn' }>>;
  /** Top-level `let` and `var` names: their value is decided at run time. */
  mutables: Set<string>;
  /** `new EntitySchema({...})` with the variable it is assigned to (when any). */
  entitySchemas: { variable?: string; options: SValue; start: number; end: number }[];
  /** Type aliases (`type Id = string`) and interfaces, as the design:type they give. */
  typeAliases: Map<string, DesignType>;
  problems: ReadProblem[];
  suppressions: { codes: string[]; startLine: number; endLine: number }[];
}

export function spanOf(facts: Pick<FileFacts, 'file' | 'lineStarts'>, start: number, end: number): SourceSpan {
  return { file: facts.file, start: position(facts.lineStarts, start), end: position(facts.lineStarts, end), startOffset: start, endOffset: end };
}

function position(lineStarts: number[], offset: number): { line: number; character: number } {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low, character: offset - lineStarts[low] };
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function decoratorsOf(node: ts.HasDecorators, sf: ts.SourceFile): DecoratorFacts[] {
  const result: DecoratorFacts[] = [];
  for (const decorator of ts.getDecorators(node) ?? []) {
    const expression = decorator.expression;
    const called = ts.isCallExpression(expression);
    const callee = toValue(called ? expression.expression : expression, sf);
    if (callee.k !== 'ref') continue;
    const args = called ? expression.arguments.map((argument) => toValue(argument, sf)) : [];
    result.push({ name: callee.path[callee.path.length - 1]!, callee, called, args, start: decorator.getStart(sf), end: decorator.getEnd() });
  }
  return result;
}

const BUILTIN_TYPES: Record<string, DesignType> = {
  String: { k: 'builtin', name: 'String' },
  Number: { k: 'builtin', name: 'Number' },
  Boolean: { k: 'builtin', name: 'Boolean' },
  Date: { k: 'builtin', name: 'Date' },
  Array: { k: 'builtin', name: 'Array' },
  Object: { k: 'builtin', name: 'Object' },
  BigInt: { k: 'builtin', name: 'BigInt' },
  Buffer: { k: 'builtin', name: 'Buffer' },
  Function: { k: 'builtin', name: 'Function' },
};

/** TypeScript's serializeTypeNode, by syntax: union members must agree once null/undefined are dropped. */
export function designTypeOf(type: ts.TypeNode | undefined): DesignType {
  if (!type) return BUILTIN_TYPES.Object;
  switch (type.kind) {
    case ts.SyntaxKind.StringKeyword:
      return BUILTIN_TYPES.String;
    case ts.SyntaxKind.NumberKeyword:
      return BUILTIN_TYPES.Number;
    case ts.SyntaxKind.BooleanKeyword:
      return BUILTIN_TYPES.Boolean;
    case ts.SyntaxKind.BigIntKeyword:
      return BUILTIN_TYPES.BigInt;
    case ts.SyntaxKind.ArrayType:
    case ts.SyntaxKind.TupleType:
      return BUILTIN_TYPES.Array;
    case ts.SyntaxKind.FunctionType:
    case ts.SyntaxKind.ConstructorType:
      return BUILTIN_TYPES.Function;
  }
  if (ts.isParenthesizedTypeNode(type)) return designTypeOf(type.type);
  if (ts.isLiteralTypeNode(type)) {
    const literal = type.literal;
    if (ts.isStringLiteral(literal) || ts.isNoSubstitutionTemplateLiteral(literal)) return BUILTIN_TYPES.String;
    if (ts.isNumericLiteral(literal) || ts.isPrefixUnaryExpression(literal)) return BUILTIN_TYPES.Number;
    if (literal.kind === ts.SyntaxKind.TrueKeyword || literal.kind === ts.SyntaxKind.FalseKeyword) return BUILTIN_TYPES.Boolean;
    return BUILTIN_TYPES.Object;
  }
  if (ts.isTemplateLiteralTypeNode(type)) return BUILTIN_TYPES.String;
  if (ts.isUnionTypeNode(type)) {
    const members: DesignType[] = [];
    for (const member of type.types) {
      if (member.kind === ts.SyntaxKind.UndefinedKeyword || (ts.isLiteralTypeNode(member) && member.literal.kind === ts.SyntaxKind.NullKeyword)) continue;
      members.push(designTypeOf(member));
    }
    if (members.length === 0) return BUILTIN_TYPES.Object!;
    if (members.every((member) => JSON.stringify(member) === JSON.stringify(members[0]))) return members[0]!;
    // Names of other types decide only once they are looked up; builtins that differ already do.
    return members.some((member) => member.k !== 'builtin') ? { k: 'union', members } : BUILTIN_TYPES.Object!;
  }
  if (ts.isTypeReferenceNode(type)) {
    const path: string[] = [];
    let name: ts.EntityName = type.typeName;
    while (ts.isQualifiedName(name)) {
      path.unshift(name.right.text);
      name = name.left;
    }
    path.unshift(name.text);
    if (path.length === 1) {
      const builtin = BUILTIN_TYPES[path[0]];
      if (builtin) return builtin;
      if (path[0] === 'Promise' || path[0] === 'Record' || path[0] === 'Partial') return BUILTIN_TYPES.Object;
    }
    return { k: 'ref', path };
  }
  return BUILTIN_TYPES.Object;
}

function isExported(node: ts.Node): boolean {
  return (ts.getCombinedModifierFlags(node as ts.Declaration) & ts.ModifierFlags.Export) !== 0;
}

function classFacts(node: ts.ClassLikeDeclaration, name: string, sf: ts.SourceFile): ClassFacts {
  const heritage = node.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword);
  const extendsType = heritage?.types[0];
  const properties: PropertyFacts[] = [];
  const statics = new Map<string, SValue>();
  for (const member of node.members) {
    if (ts.isPropertyDeclaration(member) && member.initializer && ts.isIdentifier(member.name)) {
      const flags = ts.getCombinedModifierFlags(member);
      if (flags & ts.ModifierFlags.Static && flags & ts.ModifierFlags.Readonly) statics.set(member.name.text, toValue(member.initializer, sf));
    }
    if (!ts.isPropertyDeclaration(member) && !ts.isGetAccessorDeclaration(member)) continue;
    if (!ts.canHaveDecorators(member)) continue;
    const decorators = decoratorsOf(member, sf);
    if (decorators.length === 0) continue;
    const memberName = member.name && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name)) ? member.name.text : undefined;
    if (!memberName) continue;
    const typeNode = ts.isPropertyDeclaration(member) ? member.type : member.type;
    const unionWithNull =
      !!typeNode &&
      ts.isUnionTypeNode(typeNode) &&
      typeNode.types.some((t) => t.kind === ts.SyntaxKind.UndefinedKeyword || (ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword));
    properties.push({ name: memberName, decorators, designType: designTypeOf(typeNode), unionWithNull, start: member.getStart(sf), end: member.getEnd() });
  }
  return {
    name,
    exported: isExported(node),
    statics,
    extendsValue: extendsType ? toValue(extendsType.expression, sf) : undefined,
    decorators: ts.canHaveDecorators(node) ? decoratorsOf(node, sf) : [],
    properties,
    start: node.getStart(sf),
    end: node.getEnd(),
  };
}

/** A function that builds and returns a class from its parameter (a mixin). */
function mixinOf(node: ts.FunctionLikeDeclaration, sf: ts.SourceFile): MixinFacts | undefined {
  const body = node.body;
  if (!body) return undefined;
  const params = node.parameters.map((parameter) => parameter.name.getText(sf));
  if (!ts.isBlock(body)) {
    const expression = ts.isParenthesizedExpression(body) ? body.expression : body;
    if (ts.isClassExpression(expression)) return { params, cls: classFacts(expression, expression.name?.text ?? 'Mixin', sf) };
    return undefined;
  }
  const localClasses = new Map<string, ts.ClassLikeDeclaration>();
  for (const statement of body.statements) {
    if (ts.isClassDeclaration(statement) && statement.name) localClasses.set(statement.name.text, statement);
    if (ts.isReturnStatement(statement) && statement.expression) {
      let expression = statement.expression;
      while (ts.isAsExpression(expression) || ts.isParenthesizedExpression(expression)) expression = expression.expression;
      if (ts.isClassExpression(expression)) return { params, cls: classFacts(expression, expression.name?.text ?? 'Mixin', sf) };
      if (ts.isIdentifier(expression)) {
        const declaration = localClasses.get(expression.text);
        if (declaration) return { params, cls: classFacts(declaration, expression.text, sf) };
      }
    }
  }
  return undefined;
}

const SUPPRESSION = /schema-lens-ignore\b([^\n*]*)/g;

function collectSuppressions(text: string, lineStarts: number[], ranges: { startLine: number; endLine: number }[], facts: FileFacts): void {
  if (!text.includes('schema-lens-ignore')) return;
  const lines = text.split('\n');
  for (const match of text.matchAll(SUPPRESSION)) {
    const offset = match.index ?? 0;
    const line = position(lineStarts, offset).line;
    const lineText = lines[line] ?? '';
    const commentStart = Math.max(lineText.indexOf('//'), -1);
    const blockStart = lineText.indexOf('/*');
    const starts = [commentStart, blockStart].filter((i) => i >= 0);
    if (starts.length === 0) continue;
    const codes = [...match[1].matchAll(/SL\d{3}/g)].map((code) => code[0]);
    const before = lineText.slice(0, Math.min(...starts)).trim();
    if (before !== '' && !before.startsWith('*')) {
      facts.suppressions.push({ codes, startLine: line, endLine: line });
      continue;
    }
    let next = line + 1;
    while (next < lines.length && (lines[next].trim() === '' || lines[next].trim().startsWith('//'))) next++;
    const covering = ranges.find((range) => range.startLine === next);
    facts.suppressions.push({ codes, startLine: line, endLine: covering ? covering.endLine : next });
  }
}

export function parseFile(file: string, text: string): FileFacts {
  const lineStarts = lineStartsOf(text);
  const facts: FileFacts = {
    file,
    lineStarts,
    imports: new Map(),
    exports: new Map(),
    reExports: [],
    classes: new Map(),
    consts: new Map(),
    enums: new Map(),
    mixins: new Map(),
    functions: new Map(),
    mutables: new Set(),
    entitySchemas: [],
    typeAliases: new Map(),
    problems: [],
    suppressions: [],
  };
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const diagnostics = (sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  for (const diagnostic of diagnostics.slice(0, 5)) {
    facts.problems.push({
      severity: 'warning',
      message: `Syntax error: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')} (the rest of the file is still read)`,
      span: spanOf(facts, diagnostic.start, diagnostic.start + (diagnostic.length ?? 0)),
    });
  }
  const memberRanges: { startLine: number; endLine: number }[] = [];
  const noteRange = (node: ts.Node): void => {
    memberRanges.push({ startLine: position(lineStarts, node.getStart(sf)).line, endLine: position(lineStarts, node.getEnd()).line });
  };

  const visitNewEntitySchema = (node: ts.Node, variable: string | undefined): void => {
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'EntitySchema' && node.arguments?.[0]) {
      facts.entitySchemas.push({ variable, options: toValue(node.arguments[0], sf), start: node.getStart(sf), end: node.getEnd() });
      return;
    }
    ts.forEachChild(node, (child) => visitNewEntitySchema(child, variable));
  };

  /**
   * `const { type: dbType } = config.database` (or `const [a] = list`): each name is that member of
   * the value, so it is read (or unknown with its real cause, or declared under `values`) like any
   * other constant. A name with its own default value is a variable whose value is not followed.
   */
  const destructured = (declaration: ts.VariableDeclaration, exported: boolean, constant: boolean): void => {
    const pattern = declaration.name;
    if (!ts.isObjectBindingPattern(pattern) && !ts.isArrayBindingPattern(pattern)) return;
    pattern.elements.forEach((element, index) => {
      if (!ts.isBindingElement(element) || !ts.isIdentifier(element.name)) return;
      const name = element.name.text;
      if (exported) facts.exports.set(name, name);
      const key = ts.isArrayBindingPattern(pattern) ? index : element.propertyName ? (ts.isIdentifier(element.propertyName) || ts.isStringLiteral(element.propertyName) ? element.propertyName.text : undefined) : name;
      if (!constant || !declaration.initializer || element.dotDotDotToken || element.initializer || key === undefined) {
        facts.mutables.add(name);
        return;
      }
      const start = element.getStart(sf);
      facts.consts.set(name, { k: 'member', object: toValue(declaration.initializer, sf), key: { k: 'lit', v: key }, start, end: element.getEnd() });
    });
  };

  for (const statement of sf.statements) {
    try {
      if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
        const module = statement.moduleSpecifier.text;
        const clause = statement.importClause;
        if (clause?.name) facts.imports.set(clause.name.text, { module, imported: 'default' });
        const bindings = clause?.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) facts.imports.set(bindings.name.text, { module, imported: '*' });
        if (bindings && ts.isNamedImports(bindings)) {
          for (const element of bindings.elements) facts.imports.set(element.name.text, { module, imported: (element.propertyName ?? element.name).text });
        }
      } else if (ts.isExportDeclaration(statement)) {
        const module = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
        const clause = statement.exportClause;
        if (module) {
          if (!clause) facts.reExports.push({ module });
          else if (ts.isNamedExports(clause)) {
            facts.reExports.push({ module, names: new Map(clause.elements.map((element) => [element.name.text, (element.propertyName ?? element.name).text])) });
          } else if (ts.isNamespaceExport(clause)) {
            facts.imports.set(`\u0000ns:${clause.name.text}`, { module, imported: '*' });
            facts.exports.set(clause.name.text, `\u0000ns:${clause.name.text}`);
          }
        } else if (clause && ts.isNamedExports(clause)) {
          for (const element of clause.elements) facts.exports.set(element.name.text, (element.propertyName ?? element.name).text);
        }
      } else if (ts.isExportAssignment(statement)) {
        if (ts.isIdentifier(statement.expression)) facts.exports.set('default', statement.expression.text);
      } else if (ts.isClassDeclaration(statement)) {
        const name = statement.name?.text ?? 'default';
        const cls = classFacts(statement, name, sf);
        facts.classes.set(name, cls);
        noteRange(statement);
        for (const member of statement.members) if (ts.canHaveDecorators(member) && (ts.getDecorators(member)?.length ?? 0) > 0) noteRange(member);
        if (cls.exported) facts.exports.set((ts.getCombinedModifierFlags(statement) & ts.ModifierFlags.Default) !== 0 ? 'default' : name, name);
      } else if (ts.isEnumDeclaration(statement)) {
        facts.enums.set(
          statement.name.text,
          statement.members.map((member) => [member.name.getText(sf).replace(/^['"]|['"]$/g, ''), member.initializer ? toValue(member.initializer, sf) : undefined]),
        );
        if (isExported(statement)) facts.exports.set(statement.name.text, statement.name.text);
      } else if (ts.isFunctionDeclaration(statement) && statement.name) {
        const mixin = mixinOf(statement, sf);
        if (mixin) facts.mixins.set(statement.name.text, mixin);
        else if (statement.body) facts.functions.set(statement.name.text, functionValue(statement, sf));
        if (isExported(statement)) facts.exports.set((ts.getCombinedModifierFlags(statement) & ts.ModifierFlags.Default) !== 0 ? 'default' : statement.name.text, statement.name.text);
      } else if (ts.isTypeAliasDeclaration(statement)) {
        facts.typeAliases.set(statement.name.text, designTypeOf(statement.type));
        if (isExported(statement)) facts.exports.set(statement.name.text, statement.name.text);
      } else if (ts.isInterfaceDeclaration(statement)) {
        // tsc records a property typed by an interface as Object.
        facts.typeAliases.set(statement.name.text, BUILTIN_TYPES.Object!);
        if (isExported(statement)) facts.exports.set(statement.name.text, statement.name.text);
      } else if (ts.isVariableStatement(statement)) {
        const exported = isExported(statement);
        const constant = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0;
        for (const declaration of statement.declarationList.declarations) {
          if (!ts.isIdentifier(declaration.name)) {
            destructured(declaration, exported, constant);
            continue;
          }
          const name = declaration.name.text;
          if (exported) facts.exports.set(name, name);
          // `let`/`var` may be assigned anywhere at run time: its initial value is not its value.
          if (!constant) {
            facts.mutables.add(name);
            continue;
          }
          if (!declaration.initializer) continue;
          const initializer = declaration.initializer;
          if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) {
            const mixin = mixinOf(initializer, sf);
            if (mixin) {
              facts.mixins.set(name, mixin);
              continue;
            }
          }
          if (ts.isClassExpression(initializer)) {
            facts.classes.set(name, { ...classFacts(initializer, name, sf), exported });
            continue;
          }
          visitNewEntitySchema(initializer, name);
          facts.consts.set(name, toValue(initializer, sf));
        }
      } else if (ts.isExpressionStatement(statement)) {
        visitNewEntitySchema(statement, undefined);
      }
    } catch (error) {
      facts.problems.push({
        severity: 'warning',
        message: `Could not read this statement: ${messageOf(error)}`,
        span: spanOf(facts, statement.getStart(sf), statement.getEnd()),
      });
    }
  }
  // `import { Entity as OrmEntity } from 'typeorm'`: decorators are known by their TypeORM names.
  const aliases = new Map([...facts.imports].filter(([local, binding]) => isTypeormModule(binding.module) && binding.imported !== '*' && binding.imported !== local).map(([local, binding]) => [local, binding.imported]));
  if (aliases.size > 0) {
    const rename = (decorators: DecoratorFacts[]): void => decorators.forEach((decorator) => (decorator.name = aliases.get(decorator.name) ?? decorator.name));
    for (const cls of [...facts.classes.values(), ...[...facts.mixins.values()].map((mixin) => mixin.cls)]) {
      rename(cls.decorators);
      cls.properties.forEach((property) => rename(property.decorators));
    }
  }
  collectSuppressions(text, lineStarts, memberRanges, facts);
  return facts;
}
