// Evaluates the expressions a DataSource's options are written with, without running anything:
// literals, objects and arrays (with spreads), consts in the same or an imported file,
// `process.env.X` (and Nest's `configService.get('X')`) from the project's .env, `||`/`??`
// fallbacks, `===` tests, ternaries, `parseInt`/`Number`, template strings, `__dirname` with
// `path.join`/`resolve`, class references and `new X()`. Anything else is Unresolved, carrying the
// node so the caller can point at it.
import { dirname, join, resolve } from 'node:path';
import { Node, SyntaxKind } from 'ts-morph';
import type { ModuleResolver } from './modules';

/** An expression that cannot be known statically. */
export class Unresolved {
  constructor(
    readonly node: Node,
    readonly reason: string,
  ) {}
}

/** A class used as a value, e.g. an entity in `entities: [User]`. */
export class ClassReference {
  constructor(
    readonly name: string,
    readonly file: string,
  ) {}
}

/** `new X(...)`: the class name and the module it was imported from, if any. */
export class Instance {
  constructor(
    readonly className: string,
    readonly moduleSpecifier: string | undefined,
    /** The `new` expression, in the file it is written in (where an EntitySchema lives). */
    readonly node: Node,
  ) {}

  get file(): string {
    return this.node.getSourceFile().getFilePath();
  }
}

export type StaticValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | StaticValue[]
  | { [key: string]: StaticValue }
  | Unresolved
  | ClassReference
  | Instance;

/** A value in words for a message, never its structure: the class's name, `new X()`, the code it was written as. */
export function describeStatic(value: StaticValue): string {
  if (value instanceof Unresolved) return value.node.getText();
  if (value instanceof ClassReference) return value.name;
  if (value instanceof Instance) return `new ${value.className}()`;
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'an object';
  return String(value);
}

export function isPlainObject(value: StaticValue): value is { [key: string]: StaticValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

const MAX_DEPTH = 40;

export class StaticEvaluator {
  /**
   * Environment variables the options read that neither .env nor the process defines (and no
   * `||`/`??`/get() fallback replaced), with the option key they were read for.
   */
  readonly missingEnv = new Map<string, string | undefined>();
  private depth = 0;
  /** Nest `registerAs('database', () => ({...}))` factories, by namespace, for `config.get('database')`. */
  private readonly configNamespaces = new Map<string, Node>();

  constructor(
    private readonly env: Record<string, string | undefined>,
    private readonly modules: ModuleResolver,
  ) {}

  evaluate(node: Node): StaticValue {
    if (this.depth > MAX_DEPTH) return new Unresolved(node, 'too deeply nested');
    this.depth++;
    try {
      return this.evaluateNode(node);
    } finally {
      this.depth--;
    }
  }

  registerConfigNamespace(name: string, factory: Node): void {
    this.configNamespaces.set(name, factory);
  }

  /** `config.get('database.host')`: the environment first (ConfigService reads it), then a registerAs namespace. */
  private configValue(key: string, node: Node): StaticValue {
    const [namespace, ...path] = key.split('.');
    const factory = namespace !== undefined && this.env[key] === undefined ? this.configNamespaces.get(namespace) : undefined;
    if (!factory) return this.envValue(key, node);
    let value = this.returnedValue(factory);
    for (const part of path) {
      if (!isPlainObject(value)) return value instanceof Unresolved ? value : undefined;
      value = value[part];
    }
    return value;
  }

  /** The object literal a function returns: `() => ({...})` or `{ return {...}; }`. */
  returnedValue(fn: Node): StaticValue {
    if (Node.isArrowFunction(fn) || Node.isFunctionExpression(fn) || Node.isMethodDeclaration(fn) || Node.isFunctionDeclaration(fn)) {
      const body = fn.getBody();
      if (!body) return new Unresolved(fn, 'function without a body');
      if (!Node.isBlock(body)) return this.evaluate(body);
      const returned = body.getDescendantsOfKind(SyntaxKind.ReturnStatement).find((r) => r.getFirstAncestor((a) => isFunctionLike(a)) === fn);
      const expression = returned?.getExpression();
      return expression ? this.evaluate(expression) : new Unresolved(fn, 'the function returns no object');
    }
    return this.evaluate(fn);
  }

  private evaluateNode(node: Node): StaticValue {
    if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return node.getLiteralValue();
    if (Node.isNumericLiteral(node)) return node.getLiteralValue();
    if (Node.isTrueLiteral(node)) return true;
    if (Node.isFalseLiteral(node)) return false;
    if (Node.isNullLiteral(node)) return null;
    if (
      Node.isParenthesizedExpression(node) ||
      Node.isAsExpression(node) ||
      Node.isSatisfiesExpression(node) ||
      Node.isNonNullExpression(node) ||
      Node.isTypeAssertion(node) ||
      Node.isAwaitExpression(node)
    ) {
      return this.evaluate(node.getExpression());
    }
    if (Node.isTemplateExpression(node)) return this.template(node);
    if (Node.isObjectLiteralExpression(node)) return this.object(node);
    if (Node.isArrayLiteralExpression(node)) return this.array(node);
    if (Node.isIdentifier(node)) return this.identifier(node);
    if (Node.isPropertyAccessExpression(node) || Node.isElementAccessExpression(node)) return this.access(node);
    if (Node.isBinaryExpression(node)) return this.binary(node);
    if (Node.isConditionalExpression(node)) {
      const condition = this.evaluate(node.getCondition());
      if (condition instanceof Unresolved) return condition;
      return this.evaluate(truthy(condition) ? node.getWhenTrue() : node.getWhenFalse());
    }
    if (Node.isPrefixUnaryExpression(node)) return this.prefix(node);
    if (Node.isCallExpression(node)) return this.call(node);
    if (Node.isNewExpression(node)) {
      const callee = node.getExpression();
      const name = Node.isIdentifier(callee) ? callee.getText() : Node.isPropertyAccessExpression(callee) ? callee.getName() : callee.getText();
      return new Instance(name, Node.isIdentifier(callee) ? this.modules.importSpecifier(callee) : undefined, node);
    }
    if (Node.isClassExpression(node) || Node.isClassDeclaration(node)) {
      return new ClassReference(node.getName() ?? 'anonymous', node.getSourceFile().getFilePath());
    }
    return new Unresolved(node, `\`${shorten(node.getText())}\` cannot be read statically`);
  }

  private template(node: import('ts-morph').TemplateExpression): StaticValue {
    let text = node.getHead().getLiteralText();
    for (const span of node.getTemplateSpans()) {
      const value = this.evaluate(span.getExpression());
      if (value instanceof Unresolved) return value;
      text += String(value) + span.getLiteral().getLiteralText();
    }
    return text;
  }

  private object(node: import('ts-morph').ObjectLiteralExpression): StaticValue {
    const result: { [key: string]: StaticValue } = {};
    for (const property of node.getProperties()) {
      if (Node.isPropertyAssignment(property)) {
        const key = propertyKey(property.getNameNode());
        if (key === undefined) continue;
        const initializer = property.getInitializer();
        result[key] = initializer ? this.evaluate(initializer) : undefined;
      } else if (Node.isShorthandPropertyAssignment(property)) {
        result[property.getName()] = this.evaluate(property.getNameNode());
      } else if (Node.isSpreadAssignment(property)) {
        const spread = this.evaluate(property.getExpression());
        if (isPlainObject(spread)) Object.assign(result, spread);
        else if (spread instanceof Unresolved) result[`...${property.getExpression().getText()}`] = spread;
      } else if (Node.isMethodDeclaration(property)) {
        const key = propertyKey(property.getNameNode());
        if (key !== undefined) result[key] = new Unresolved(property, 'a method');
      }
    }
    return result;
  }

  private array(node: import('ts-morph').ArrayLiteralExpression): StaticValue {
    const result: StaticValue[] = [];
    for (const element of node.getElements()) {
      if (Node.isSpreadElement(element)) {
        const spread = this.evaluate(element.getExpression());
        if (Array.isArray(spread)) result.push(...spread);
        else result.push(spread instanceof Unresolved ? spread : new Unresolved(element, 'a spread that is not an array'));
      } else if (!Node.isOmittedExpression(element)) {
        result.push(this.evaluate(element));
      }
    }
    return result;
  }

  private identifier(node: import('ts-morph').Identifier): StaticValue {
    const name = node.getText();
    if (name === 'undefined') return undefined;
    if (name === '__dirname') return dirname(node.getSourceFile().getFilePath());
    if (name === '__filename') return node.getSourceFile().getFilePath();
    const declaration = this.modules.declarationOf(node);
    if (!declaration) return new Unresolved(node, this.modules.unreadableImportOf(node) ?? `\`${name}\` is not defined in a file Schema Lens can read`);
    if (Node.isSourceFile(declaration)) return this.namespace(declaration);
    if (Node.isClassDeclaration(declaration)) return new ClassReference(declaration.getName() ?? name, declaration.getSourceFile().getFilePath());
    if (Node.isVariableDeclaration(declaration)) {
      const initializer = declaration.getInitializer();
      if (!initializer) return new Unresolved(node, `\`${name}\` has no initial value`);
      return this.evaluate(initializer);
    }
    if (Node.isFunctionDeclaration(declaration)) return new Unresolved(node, `\`${name}\` is a function`);
    return new Unresolved(node, `\`${name}\` cannot be read statically`);
  }

  /** A namespace import as an object of its exports (classes as references, consts evaluated). */
  private namespace(file: import('ts-morph').SourceFile): StaticValue {
    const result: { [key: string]: StaticValue } = {};
    for (const [name, declaration] of this.modules.exportsOf(file)) {
      if (Node.isClassDeclaration(declaration)) result[name] = new ClassReference(declaration.getName() ?? name, declaration.getSourceFile().getFilePath());
      else if (Node.isVariableDeclaration(declaration)) {
        const initializer = declaration.getInitializer();
        result[name] = initializer ? this.evaluate(initializer) : undefined;
      }
    }
    return result;
  }

  private access(node: import('ts-morph').PropertyAccessExpression | import('ts-morph').ElementAccessExpression): StaticValue {
    const target = node.getExpression();
    const key = Node.isPropertyAccessExpression(node) ? node.getName() : this.evaluate(node.getArgumentExpressionOrThrow());
    if (typeof key !== 'string' && typeof key !== 'number') return new Unresolved(node, `\`${shorten(node.getText())}\` cannot be read statically`);
    if (target.getText().replace(/\s/g, '') === 'process.env') return this.envValue(String(key), node);
    const object = this.evaluate(target);
    if (object instanceof Unresolved) return object;
    if (Array.isArray(object) && key === 'length') return object.length;
    if (isPlainObject(object) || Array.isArray(object)) return (object as Record<string, StaticValue>)[String(key)];
    return new Unresolved(node, `\`${shorten(node.getText())}\` cannot be read statically`);
  }

  private envValue(name: string, node: Node): StaticValue {
    const value = this.env[name];
    if (value === undefined) this.missingEnv.set(name, node.getFirstAncestorByKind(SyntaxKind.PropertyAssignment)?.getName());
    return value;
  }

  /** Evaluates `fallback` in place of a value that was missing, forgetting what the first try missed. */
  private withFallback(missedBefore: Set<string>, fallback: Node): StaticValue {
    const value = this.evaluate(fallback);
    if (value !== undefined && !(value instanceof Unresolved)) {
      for (const name of [...this.missingEnv.keys()]) if (!missedBefore.has(name)) this.missingEnv.delete(name);
    }
    return value;
  }

  private binary(node: import('ts-morph').BinaryExpression): StaticValue {
    const operator = node.getOperatorToken().getKind();
    const missedBefore = new Set(this.missingEnv.keys());
    const left = this.evaluate(node.getLeft());
    if (operator === SyntaxKind.BarBarToken || operator === SyntaxKind.QuestionQuestionToken) {
      const useRight = left instanceof Unresolved || (operator === SyntaxKind.BarBarToken ? !truthy(left) : left === undefined || left === null);
      return useRight ? this.withFallback(missedBefore, node.getRight()) : left;
    }
    if (left instanceof Unresolved) return left;
    if (operator === SyntaxKind.AmpersandAmpersandToken) return truthy(left) ? this.evaluate(node.getRight()) : left;
    const right = this.evaluate(node.getRight());
    if (right instanceof Unresolved) return right;
    switch (operator) {
      case SyntaxKind.EqualsEqualsEqualsToken:
      case SyntaxKind.EqualsEqualsToken:
        return left === right;
      case SyntaxKind.ExclamationEqualsEqualsToken:
      case SyntaxKind.ExclamationEqualsToken:
        return left !== right;
      case SyntaxKind.PlusToken:
        if (typeof left === 'number' && typeof right === 'number') return left + right;
        if (isPrimitive(left) && isPrimitive(right)) return `${String(left)}${String(right)}`;
        break;
    }
    return new Unresolved(node, `\`${shorten(node.getText())}\` cannot be read statically`);
  }

  private prefix(node: import('ts-morph').PrefixUnaryExpression): StaticValue {
    const operand = this.evaluate(node.getOperand());
    if (operand instanceof Unresolved) return operand;
    switch (node.getOperatorToken()) {
      case SyntaxKind.ExclamationToken:
        return !truthy(operand);
      case SyntaxKind.PlusToken:
        return Number(operand);
      case SyntaxKind.MinusToken:
        return -Number(operand);
    }
    return new Unresolved(node, `\`${shorten(node.getText())}\` cannot be read statically`);
  }

  private call(node: import('ts-morph').CallExpression): StaticValue {
    const callee = node.getExpression();
    const args = node.getArguments();
    const calleeName = Node.isIdentifier(callee) ? callee.getText() : Node.isPropertyAccessExpression(callee) ? callee.getName() : '';
    const receiver = Node.isPropertyAccessExpression(callee) ? callee.getExpression().getText() : '';
    // Nest's ConfigService reads the same .env: `configService.get('DB_HOST')`, `config.getOrThrow<string>('DB_HOST', 'x')`.
    if ((calleeName === 'get' || calleeName === 'getOrThrow') && /config/i.test(receiver) && args[0]) {
      const key = this.evaluate(args[0]);
      if (typeof key !== 'string') return new Unresolved(node, `\`${shorten(node.getText())}\` cannot be read statically`);
      const missedBefore = new Set(this.missingEnv.keys());
      const value = this.configValue(key, node);
      return value === undefined && args[1] ? this.withFallback(missedBefore, args[1]) : value;
    }
    const values = args.map((arg) => this.evaluate(arg));
    const unresolved = values.find((value) => value instanceof Unresolved);
    // `entities: Object.values(entities)` over `import * as entities from './entities'`.
    if (receiver === 'Object' && calleeName === 'values' && !unresolved && isPlainObject(values[0])) return Object.values(values[0]);
    if (['parseInt', 'Number', 'parseFloat', 'String', 'Boolean'].includes(calleeName) && !receiver.startsWith('this')) {
      if (unresolved) return unresolved;
      const [value] = values;
      if (calleeName === 'String') return String(value);
      if (calleeName === 'Boolean') return truthy(value);
      if (value === undefined) return calleeName === 'Number' ? 0 : Number.NaN;
      return calleeName === 'parseInt' ? Number.parseInt(String(value), typeof values[1] === 'number' ? values[1] : 10) : Number(value);
    }
    if ((calleeName === 'join' || calleeName === 'resolve') && (receiver === '' || receiver === 'path')) {
      if (unresolved) return unresolved;
      if (values.every((value) => typeof value === 'string')) return calleeName === 'join' ? join(...(values as string[])) : resolve(...(values as string[]));
    }
    return new Unresolved(node, `\`${shorten(node.getText())}\` cannot be read statically`);
  }
}

function propertyKey(name: Node): string | undefined {
  if (Node.isIdentifier(name) || Node.isPrivateIdentifier(name)) return name.getText();
  if (Node.isStringLiteral(name) || Node.isNumericLiteral(name) || Node.isNoSubstitutionTemplateLiteral(name)) return String(name.getLiteralValue());
  return undefined;
}

function isFunctionLike(node: Node): boolean {
  return Node.isArrowFunction(node) || Node.isFunctionExpression(node) || Node.isFunctionDeclaration(node) || Node.isMethodDeclaration(node);
}

function isPrimitive(value: StaticValue): value is string | number | boolean | null | undefined {
  return value === null || value === undefined || ['string', 'number', 'boolean'].includes(typeof value);
}

function truthy(value: StaticValue): boolean {
  return Boolean(value);
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
}
