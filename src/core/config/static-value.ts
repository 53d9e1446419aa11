// Evaluates the expressions a DataSource's options are written with, without running anything:
// literals, objects and arrays (with spreads), consts in the same or an imported file,
// `process.env.X` (and Nest's `configService.get('X')`) from the project's .env, `||`/`??`
// fallbacks, `===` tests, ternaries, `parseInt`/`Number`, template strings, `__dirname` with
// `path.join`/`resolve`, class references and `new X()`, and calls of the workspace's own functions
// (an expression body, or statements: const/let, assignments, if/else, switch, try, return), with
// the arguments bound to the parameters. Where a branch depends on what cannot be read, both are
// run and what they agree on is kept (key by key for objects). Anything else is Unresolved,
// carrying the node so the caller can point at it.
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

/**
 * `process.env.X` (or `config.get('X')`) where X is set neither in .env nor in the environment:
 * where it is used, its value is decided by the environment the application runs in. A connection
 * setting read from it is simply not configured (the caller lists the variables once); a mapping
 * option read from it is unknown.
 */
export class UnsetVariable extends Unresolved {
  constructor(
    node: Node,
    readonly variable: string,
  ) {
    super(node, `\`${variable}\` is not set in .env or the environment`);
  }
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

/** A function of the workspace (declaration, arrow, function expression or method), callable statically. */
export class FunctionValue {
  constructor(readonly node: FunctionNode) {}
}

export type FunctionNode =
  | import('ts-morph').ArrowFunction
  | import('ts-morph').FunctionExpression
  | import('ts-morph').FunctionDeclaration
  | import('ts-morph').MethodDeclaration;

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
  | Instance
  | FunctionValue;

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

const MAX_DEPTH = 60;
/** Nested calls of workspace functions, and how often one function may be on the stack (recursion). */
const MAX_CALL_DEPTH = 16;
const MAX_RECURSION = 3;
/** Statements one top-level evaluation may run: configuration code is short, anything longer is not configuration. */
const MAX_STEPS = 5_000;

/** One running call of a workspace function: its parameters and locals. */
interface Frame {
  fn: FunctionNode;
  locals: Map<string, StaticValue>;
}

/**
 * How running statements ended: on to the next one, returned, threw, left a switch; or `maybe`:
 * returned `value` on some paths (which depend on `cause`) while the others go on.
 */
type Completion =
  | { kind: 'normal' }
  | { kind: 'break' }
  | { kind: 'throw' }
  | { kind: 'return'; value: StaticValue }
  | { kind: 'maybe'; value: StaticValue; cause: Unresolved };

const NORMAL: Completion = { kind: 'normal' };

export class StaticEvaluator {
  /**
   * Environment variables the options read that neither .env nor the process defines (and no
   * `||`/`??`/get() fallback replaced), with the option key they were read for.
   */
  readonly missingEnv = new Map<string, string | undefined>();
  private depth = 0;
  /** Nest `registerAs('database', () => ({...}))` factories, by namespace, for `config.get('database')`. */
  private readonly configNamespaces = new Map<string, Node>();
  /** The workspace functions being run, innermost last. */
  private readonly frames: Frame[] = [];
  private steps = 0;

  constructor(
    /** Variable values; `null`: declared not set (schema-lens.json), so known to be absent. */
    private readonly env: Record<string, string | null | undefined>,
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

  /**
   * What a function called by the framework returns (a Nest `useFactory`, `createTypeOrmOptions()`,
   * a `registerAs` factory): its parameters are given at run time, so they are unknown.
   */
  returnedValue(fn: Node): StaticValue {
    if (isFunctionNode(fn)) {
      const args = fn.getParameters().map((parameter) => new Unresolved(parameter, `\`${parameter.getName()}\` is given at run time`));
      return this.invoke(fn, args, fn);
    }
    return this.evaluate(fn);
  }

  /** Runs a workspace function on arguments: its body's statements, as far as they can be followed. */
  private invoke(fn: FunctionNode, args: StaticValue[], site: Node): StaticValue {
    if (this.frames.length >= MAX_CALL_DEPTH || this.frames.filter((frame) => frame.fn === fn).length >= MAX_RECURSION) {
      return new Unresolved(site, `\`${shorten(site.getText())}\` calls functions too deeply to follow`);
    }
    const body = fn.getBody();
    if (!body) return new Unresolved(site, `\`${shorten(site.getText())}\` calls a function without a body`);
    if (this.frames.length === 0) this.steps = 0;
    const frame: Frame = { fn, locals: new Map() };
    this.frames.push(frame);
    try {
      fn.getParameters().forEach((parameter, index) => {
        let value = parameter.isRestParameter() ? args.slice(index) : args[index];
        const initializer = parameter.getInitializer();
        if (value === undefined && initializer) value = this.evaluate(initializer);
        this.bind(parameter.getNameNode(), value, frame.locals);
      });
      if (!Node.isBlock(body)) return this.evaluate(body);
      const completion = this.runStatements(body.getStatements(), frame.locals);
      switch (completion.kind) {
        case 'return':
          return completion.value;
        case 'maybe':
          return merge(completion.value, undefined, completion.cause);
        case 'throw':
          return new Unresolved(site, `\`${shorten(site.getText())}\` throws`);
        default:
          return undefined;
      }
    } finally {
      this.frames.pop();
    }
  }

  /** Binds a name, or an object / array destructuring pattern, to a value. */
  private bind(name: Node, value: StaticValue, locals: Map<string, StaticValue>): void {
    if (Node.isIdentifier(name)) {
      locals.set(name.getText(), value);
      return;
    }
    if (Node.isObjectBindingPattern(name)) {
      const taken: string[] = [];
      for (const element of name.getElements()) {
        const propertyName = element.getPropertyNameNode();
        if (element.getDotDotDotToken()) {
          const rest = isPlainObject(value) ? Object.fromEntries(Object.entries(value).filter(([key]) => !taken.includes(key))) : value instanceof Unresolved ? value : {};
          this.bind(element.getNameNode(), rest, locals);
          continue;
        }
        const key = propertyName ? propertyKey(propertyName) : element.getName();
        if (key === undefined) {
          this.bind(element.getNameNode(), new Unresolved(element, 'a computed name'), locals);
          continue;
        }
        taken.push(key);
        let item: StaticValue = isPlainObject(value) ? value[key] : value instanceof Unresolved ? value : undefined;
        const initializer = element.getInitializer();
        if (item === undefined && initializer) item = this.evaluate(initializer);
        this.bind(element.getNameNode(), item, locals);
      }
      return;
    }
    if (Node.isArrayBindingPattern(name)) {
      name.getElements().forEach((element, index) => {
        if (Node.isOmittedExpression(element)) return;
        let item: StaticValue = Array.isArray(value) ? (element.getDotDotDotToken() ? value.slice(index) : value[index]) : value instanceof Unresolved ? value : undefined;
        const initializer = element.getInitializer();
        if (item === undefined && initializer) item = this.evaluate(initializer);
        this.bind(element.getNameNode(), item, locals);
      });
    }
  }

  /** A parameter or local of a running function the identifier is written in, innermost call first. */
  private local(node: import('ts-morph').Identifier): { value: StaticValue } | undefined {
    const name = node.getText();
    const position = node.getStart();
    const file = node.getSourceFile();
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const frame = this.frames[i]!;
      if (!frame.locals.has(name) || frame.fn.getSourceFile() !== file) continue;
      if (position >= frame.fn.getStart() && position < frame.fn.getEnd()) return { value: frame.locals.get(name) };
    }
    return undefined;
  }

  private runStatements(statements: readonly Node[], locals: Map<string, StaticValue>): Completion {
    for (let index = 0; index < statements.length; index++) {
      const completion = this.runStatement(statements[index]!, locals);
      if (completion.kind === 'normal') continue;
      if (completion.kind !== 'maybe') return completion;
      // Some paths returned: the others run the rest.
      const rest = this.runStatements(statements.slice(index + 1), locals);
      switch (rest.kind) {
        case 'return':
          return { kind: 'return', value: merge(completion.value, rest.value, completion.cause) };
        case 'throw':
          return { kind: 'return', value: completion.value };
        case 'maybe':
          return { kind: 'maybe', value: merge(completion.value, rest.value, completion.cause), cause: completion.cause };
        default:
          return completion;
      }
    }
    return NORMAL;
  }

  private runStatement(statement: Node, locals: Map<string, StaticValue>): Completion {
    if (++this.steps > MAX_STEPS) return { kind: 'return', value: new Unresolved(statement, 'the code takes too long to follow') };
    if (Node.isVariableStatement(statement)) {
      for (const declaration of statement.getDeclarations()) {
        const initializer = declaration.getInitializer();
        this.bind(declaration.getNameNode(), initializer ? this.evaluate(initializer) : undefined, locals);
      }
      return NORMAL;
    }
    if (Node.isExpressionStatement(statement)) {
      this.effect(statement.getExpression(), locals);
      return NORMAL;
    }
    if (Node.isReturnStatement(statement)) {
      const expression = statement.getExpression();
      return { kind: 'return', value: expression ? this.evaluate(expression) : undefined };
    }
    if (Node.isBlock(statement)) return this.runStatements(statement.getStatements(), locals);
    if (Node.isIfStatement(statement)) {
      const test = this.evaluate(statement.getExpression());
      const elseStatement = statement.getElseStatement();
      if (!(test instanceof Unresolved)) {
        const branch = truthy(test) ? statement.getThenStatement() : elseStatement;
        return branch ? this.runStatement(branch, locals) : NORMAL;
      }
      return this.alternatives(locals, dependsOn(statement.getExpression(), test), (branch) => this.runStatement(statement.getThenStatement(), branch), (branch) => (elseStatement ? this.runStatement(elseStatement, branch) : NORMAL));
    }
    if (Node.isTryStatement(statement)) {
      const catchClause = statement.getCatchClause();
      const cause = new Unresolved(statement.getTryBlock(), 'whether the `try` block throws cannot be known statically');
      const completion = catchClause
        ? this.alternatives(locals, cause, (branch) => this.runStatement(statement.getTryBlock(), branch), (branch) => {
            const variable = catchClause.getVariableDeclaration();
            if (variable) this.bind(variable.getNameNode(), cause, branch);
            return this.runStatement(catchClause.getBlock(), branch);
          })
        : this.runStatement(statement.getTryBlock(), locals);
      const finallyBlock = statement.getFinallyBlock();
      if (finallyBlock) {
        const after = this.runStatement(finallyBlock, locals);
        if (after.kind !== 'normal') return after;
      }
      return completion;
    }
    if (Node.isSwitchStatement(statement)) return this.switchStatement(statement, locals);
    if (Node.isThrowStatement(statement)) return { kind: 'throw' };
    if (Node.isBreakStatement(statement) && !statement.getLabel()) return { kind: 'break' };
    if (
      Node.isEmptyStatement(statement) ||
      Node.isFunctionDeclaration(statement) ||
      Node.isClassDeclaration(statement) ||
      Node.isInterfaceDeclaration(statement) ||
      Node.isTypeAliasDeclaration(statement) ||
      Node.isEnumDeclaration(statement)
    ) {
      return NORMAL;
    }
    return this.opaque(statement, locals, `\`${shorten(statement.getText())}\` cannot be followed statically`);
  }

  /**
   * Two ways the code may go, depending on what cannot be read: each runs on its own copy of the
   * locals; what they agree on is kept, the rest depends on `cause`.
   */
  private alternatives(locals: Map<string, StaticValue>, cause: Unresolved, first: (locals: Map<string, StaticValue>) => Completion, second: (locals: Map<string, StaticValue>) => Completion): Completion {
    const a = new Map(locals);
    const b = new Map(locals);
    const ca = first(a);
    const cb = second(b);
    const adopt = (from: Map<string, StaticValue>): void => {
      locals.clear();
      for (const [name, value] of from) locals.set(name, value);
    };
    const joinLocals = (): void => {
      for (const name of new Set([...a.keys(), ...b.keys()])) locals.set(name, merge(a.get(name), b.get(name), cause));
    };
    // A path that throws gives no options at all: the other one is what counts.
    if (ca.kind === 'throw') return adopt(b), cb;
    if (cb.kind === 'throw') return adopt(a), ca;
    const returns = (c: Completion) => c.kind === 'return';
    const goesOn = (c: Completion) => c.kind === 'normal' || c.kind === 'break';
    if (returns(ca) && returns(cb)) return { kind: 'return', value: merge((ca as { value: StaticValue }).value, (cb as { value: StaticValue }).value, cause) };
    if (goesOn(ca) && goesOn(cb)) {
      joinLocals();
      return ca.kind === 'break' && cb.kind === 'break' ? ca : NORMAL;
    }
    // One path returned (at least on some of its own paths), the other goes on.
    const value = ca.kind === 'return' || ca.kind === 'maybe' ? ca.value : (cb as { value: StaticValue }).value;
    const other = ca.kind === 'return' || ca.kind === 'maybe' ? cb : ca;
    if (ca.kind === 'maybe' && cb.kind === 'maybe') {
      joinLocals();
      return { kind: 'maybe', value: merge(ca.value, cb.value, cause), cause };
    }
    if (other.kind === 'maybe') {
      adopt(other === ca ? a : b);
      return { kind: 'maybe', value: merge(value, other.value, cause), cause };
    }
    if (ca.kind === 'maybe' || cb.kind === 'maybe') joinLocals();
    else adopt(other === ca ? a : b);
    return { kind: 'maybe', value, cause };
  }

  /** `switch` on a known value: the matching clause and the ones it falls into, to a break or return. */
  private switchStatement(statement: import('ts-morph').SwitchStatement, locals: Map<string, StaticValue>): Completion {
    const discriminant = this.evaluate(statement.getExpression());
    const clauses = statement.getCaseBlock().getClauses();
    let start = -1;
    if (!(discriminant instanceof Unresolved)) {
      for (const [index, clause] of clauses.entries()) {
        if (!Node.isCaseClause(clause)) continue;
        const value = this.evaluate(clause.getExpression());
        if (value instanceof Unresolved) return this.opaque(statement, locals, `the case \`${shorten(clause.getExpression().getText())}\` cannot be read statically`);
        if (sameValue(value, discriminant)) {
          start = index;
          break;
        }
      }
      if (start < 0) start = clauses.findIndex((clause) => Node.isDefaultClause(clause));
      if (start < 0) return NORMAL;
      const completion = this.runStatements(clauses.slice(start).flatMap((clause) => clause.getStatements()), locals);
      return completion.kind === 'break' ? NORMAL : completion;
    }
    return this.opaque(statement, locals, `\`switch (${shorten(statement.getExpression().getText())})\` depends on what cannot be read statically`);
  }

  /**
   * A statement that is not followed (a loop, a labelled block, a switch on an unknown value): the
   * locals it may change become unknown, and if it may return, so does the function.
   */
  private opaque(statement: Node, locals: Map<string, StaticValue>, reason: string): Completion {
    const cause = new Unresolved(statement, reason);
    for (const name of assignedNames(statement)) if (locals.has(name)) locals.set(name, cause);
    const fn = this.frames[this.frames.length - 1]?.fn;
    const returns = statement.getDescendantsOfKind(SyntaxKind.ReturnStatement).some((r) => r.getFirstAncestor(isFunctionLike) === fn);
    return returns ? { kind: 'maybe', value: cause, cause } : NORMAL;
  }

  /** An expression statement's effect on the locals: assignments; calls that may change an object they are given. */
  private effect(expression: Node, locals: Map<string, StaticValue>): void {
    if (Node.isParenthesizedExpression(expression) || Node.isAwaitExpression(expression) || Node.isVoidExpression(expression)) {
      this.effect(expression.getExpression(), locals);
      return;
    }
    if (Node.isBinaryExpression(expression)) {
      const operator = expression.getOperatorToken().getKind();
      if (operator === SyntaxKind.CommaToken) {
        this.effect(expression.getLeft(), locals);
        this.effect(expression.getRight(), locals);
        return;
      }
      const compound = COMPOUND_ASSIGNMENTS.get(operator);
      if (operator !== SyntaxKind.EqualsToken && compound === undefined) return;
      const target = expression.getLeft();
      const value = compound === undefined ? this.evaluate(expression.getRight()) : this.compound(compound, this.evaluate(target), expression);
      this.assign(target, value, locals);
      return;
    }
    if ((Node.isPrefixUnaryExpression(expression) || Node.isPostfixUnaryExpression(expression)) && [SyntaxKind.PlusPlusToken, SyntaxKind.MinusMinusToken].includes(expression.getOperatorToken())) {
      const operand = expression.getOperand();
      const value = this.evaluate(operand);
      this.assign(operand, typeof value === 'number' ? value + (expression.getOperatorToken() === SyntaxKind.PlusPlusToken ? 1 : -1) : new Unresolved(expression, `\`${shorten(expression.getText())}\` cannot be read statically`), locals);
      return;
    }
    if (Node.isCallExpression(expression)) {
      const callee = expression.getExpression();
      const args = expression.getArguments();
      const calleeText = callee.getText().replace(/\s/g, '');
      if (calleeText === 'Object.assign' && args[0] && rootLocal(args[0], locals)) {
        const target = this.evaluate(args[0]);
        const sources = args.slice(1).map((arg) => this.evaluate(arg));
        const value = isPlainObject(target) && sources.every((source) => isPlainObject(source) || source === undefined || source === null)
          ? Object.assign({}, target, ...sources.filter(isPlainObject))
          : new Unresolved(expression, `\`${shorten(expression.getText())}\` cannot be read statically`);
        this.assign(args[0], value, locals);
        return;
      }
      if (LOGGING.test(calleeText)) return;
      // Anything else may change an object or array it is given, or whose method it is.
      const cause = new Unresolved(expression, `\`${shorten(expression.getText())}\` may change it`);
      const touched = [...args, ...(Node.isPropertyAccessExpression(callee) ? [callee.getExpression()] : [])];
      for (const node of touched) {
        const name = rootLocal(node, locals);
        if (name === undefined) continue;
        const value = locals.get(name);
        if (typeof value === 'object' && value !== null && !(value instanceof Unresolved)) locals.set(name, cause);
      }
    }
  }

  /** `x = v`, `x.a.b = v`, `x[k] = v` on a local; anything else is not the function's own state. */
  private assign(target: Node, value: StaticValue, locals: Map<string, StaticValue>): void {
    if (Node.isParenthesizedExpression(target)) return this.assign(target.getExpression(), value, locals);
    if (Node.isIdentifier(target)) {
      if (locals.has(target.getText())) locals.set(target.getText(), value);
      return;
    }
    if (!Node.isPropertyAccessExpression(target) && !Node.isElementAccessExpression(target)) return;
    const name = rootLocal(target, locals);
    if (name === undefined) return;
    const key = Node.isPropertyAccessExpression(target) ? target.getName() : this.evaluate(target.getArgumentExpressionOrThrow());
    const owner = this.evaluate(target.getExpression());
    if ((typeof key === 'string' || typeof key === 'number') && (isPlainObject(owner) || Array.isArray(owner))) {
      // Values are shared between copies of the locals (branches): change a copy, never the value itself.
      const changed = (Array.isArray(owner) ? [...owner] : { ...owner }) as Record<string, StaticValue>;
      changed[String(key)] = value;
      this.assign(target.getExpression(), changed as StaticValue, locals);
    } else {
      locals.set(name, new Unresolved(target, `\`${shorten(target.getText())}\` cannot be read statically`));
    }
  }

  private compound(operator: SyntaxKind, left: StaticValue, node: import('ts-morph').BinaryExpression): StaticValue {
    if (operator === SyntaxKind.BarBarToken) return truthy(left) && !(left instanceof Unresolved) ? left : this.evaluate(node.getRight());
    if (operator === SyntaxKind.QuestionQuestionToken) return left === undefined || left === null ? this.evaluate(node.getRight()) : left;
    const right = this.evaluate(node.getRight());
    if (left instanceof Unresolved) return left;
    if (right instanceof Unresolved) return right;
    if (operator === SyntaxKind.PlusToken) {
      if (typeof left === 'number' && typeof right === 'number') return left + right;
      if (isPrimitive(left) && isPrimitive(right)) return `${String(left)}${String(right)}`;
    }
    if (operator === SyntaxKind.MinusToken && typeof left === 'number' && typeof right === 'number') return left - right;
    return new Unresolved(node, `\`${shorten(node.getText())}\` cannot be read statically`);
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
      if (!(condition instanceof Unresolved)) return this.evaluate(truthy(condition) ? node.getWhenTrue() : node.getWhenFalse());
      // Either branch: what both agree on is known (key by key for objects).
      return merge(this.evaluate(node.getWhenTrue()), this.evaluate(node.getWhenFalse()), dependsOn(node.getCondition(), condition));
    }
    if (Node.isArrowFunction(node) || Node.isFunctionExpression(node)) return new FunctionValue(node);
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
        else if (spread instanceof Unresolved) {
          // It may set any key: those written before it are no longer known, those it adds are
          // under the `...` key (see unknownSpread()).
          const cause = new Unresolved(spread.node, `it may be set by \`...${shorten(property.getExpression().getText())}\`, which cannot be read statically (${spread.reason})`);
          for (const key of Object.keys(result)) if (!key.startsWith('...')) result[key] = cause;
          result[`...${property.getExpression().getText()}`] = cause;
        }
      } else if (Node.isMethodDeclaration(property)) {
        const key = propertyKey(property.getNameNode());
        if (key !== undefined) result[key] = new FunctionValue(property);
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
    const local = this.local(node);
    if (local) return local.value;
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
    if (Node.isFunctionDeclaration(declaration)) return new FunctionValue(declaration);
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
    // `helpers.build(...)` over `import * as helpers from './helpers'`: the export itself (functions too).
    const module = Node.isIdentifier(target) && !this.local(target) ? this.modules.declarationOf(target) : undefined;
    if (module && Node.isSourceFile(module)) {
      const declaration = this.modules.exportsOf(module).get(String(key));
      if (declaration && Node.isFunctionDeclaration(declaration)) return new FunctionValue(declaration);
    }
    const object = this.evaluate(target);
    if (object instanceof Unresolved) return object;
    if (Array.isArray(object) && key === 'length') return object.length;
    if (isPlainObject(object) || Array.isArray(object)) return (object as Record<string, StaticValue>)[String(key)];
    return new Unresolved(node, `\`${shorten(node.getText())}\` cannot be read statically`);
  }

  private envValue(name: string, node: Node): StaticValue {
    const value = this.env[name];
    if (value === null) return undefined;
    if (value !== undefined) return value;
    this.missingEnv.set(name, node.getFirstAncestorByKind(SyntaxKind.PropertyAssignment)?.getName());
    return new UnsetVariable(node, name);
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
      return (value === undefined || value instanceof UnsetVariable) && args[1] ? this.withFallback(missedBefore, args[1]) : value;
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
    if (receiver === 'Object' && calleeName === 'assign' && values.every((value) => isPlainObject(value) || value === undefined || value === null)) {
      return Object.assign({}, ...values.filter(isPlainObject));
    }
    // A function of the workspace: run it on the arguments.
    const fn = Node.isIdentifier(callee) || Node.isPropertyAccessExpression(callee) ? this.evaluate(callee) : undefined;
    if (fn instanceof FunctionValue) return this.invoke(fn.node, values, node);
    return new Unresolved(node, `\`${shorten(node.getText())}\` cannot be read statically`);
  }
}

function propertyKey(name: Node): string | undefined {
  if (Node.isIdentifier(name) || Node.isPrivateIdentifier(name)) return name.getText();
  if (Node.isStringLiteral(name) || Node.isNumericLiteral(name) || Node.isNoSubstitutionTemplateLiteral(name)) return String(name.getLiteralValue());
  return undefined;
}

function isFunctionLike(node: Node): boolean {
  return isFunctionNode(node) || Node.isConstructorDeclaration(node) || Node.isGetAccessorDeclaration(node) || Node.isSetAccessorDeclaration(node);
}

function isFunctionNode(node: Node): node is FunctionNode {
  return Node.isArrowFunction(node) || Node.isFunctionExpression(node) || Node.isFunctionDeclaration(node) || Node.isMethodDeclaration(node);
}

const COMPOUND_ASSIGNMENTS = new Map<SyntaxKind, SyntaxKind>([
  [SyntaxKind.PlusEqualsToken, SyntaxKind.PlusToken],
  [SyntaxKind.MinusEqualsToken, SyntaxKind.MinusToken],
  [SyntaxKind.BarBarEqualsToken, SyntaxKind.BarBarToken],
  [SyntaxKind.QuestionQuestionEqualsToken, SyntaxKind.QuestionQuestionToken],
  [SyntaxKind.AsteriskEqualsToken, SyntaxKind.AsteriskToken],
  [SyntaxKind.AmpersandAmpersandEqualsToken, SyntaxKind.AmpersandAmpersandToken],
]);

/** Calls that only log: they change nothing the options are made of. */
const LOGGING = /^(?:console|(?:this\.)?logger|Logger)\.\w+$/i;

/** The local variable an expression (`x`, `x.a.b`, `x[k]`) starts from, when it is one. */
function rootLocal(node: Node, locals: Map<string, StaticValue>): string | undefined {
  let current = node;
  while (Node.isPropertyAccessExpression(current) || Node.isElementAccessExpression(current) || Node.isParenthesizedExpression(current) || Node.isNonNullExpression(current) || Node.isAsExpression(current)) {
    current = current.getExpression();
  }
  return Node.isIdentifier(current) && locals.has(current.getText()) ? current.getText() : undefined;
}

/** Names a statement assigns to (`x = ...`, `x.a = ...`, `x++`, `x.push(...)`). */
function assignedNames(statement: Node): Set<string> {
  const names = new Set<string>();
  const root = (node: Node): string | undefined => {
    let current = node;
    while (Node.isPropertyAccessExpression(current) || Node.isElementAccessExpression(current) || Node.isParenthesizedExpression(current)) current = current.getExpression();
    return Node.isIdentifier(current) ? current.getText() : undefined;
  };
  statement.forEachDescendant((node) => {
    let name: string | undefined;
    if (Node.isBinaryExpression(node)) {
      const operator = node.getOperatorToken().getKind();
      if (operator === SyntaxKind.EqualsToken || COMPOUND_ASSIGNMENTS.has(operator)) name = root(node.getLeft());
    } else if ((Node.isPrefixUnaryExpression(node) || Node.isPostfixUnaryExpression(node)) && [SyntaxKind.PlusPlusToken, SyntaxKind.MinusMinusToken].includes(node.getOperatorToken())) {
      name = root(node.getOperand());
    } else if (Node.isCallExpression(node)) {
      const callee = node.getExpression();
      if (Node.isPropertyAccessExpression(callee)) name = root(callee.getExpression());
      for (const arg of node.getArguments()) {
        const argName = root(arg);
        if (argName) names.add(argName);
      }
    }
    if (name) names.add(name);
  });
  return names;
}

/** What a value that depends on an unreadable test is: that test, named. */
function dependsOn(test: Node, value: Unresolved): Unresolved {
  return new Unresolved(value.node, `it depends on \`${shorten(test.getText())}\` (${value.reason})`);
}

/** One value for two ways the code may go: the same value, objects merged key by key, or `cause`. */
function merge(a: StaticValue, b: StaticValue, cause: Unresolved): StaticValue {
  if (sameValue(a, b)) return a;
  if (isPlainObject(a) && isPlainObject(b)) {
    const result: { [key: string]: StaticValue } = {};
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) result[key] = merge(a[key], b[key], cause);
    return result;
  }
  return cause;
}

/** Structural equality of statically read values. */
export function sameValue(a: StaticValue, b: StaticValue): boolean {
  if (a === b) return true;
  if (a instanceof ClassReference && b instanceof ClassReference) return a.name === b.name && a.file === b.file;
  if (a instanceof Instance && b instanceof Instance) return a.node === b.node;
  if (a instanceof FunctionValue && b instanceof FunctionValue) return a.node === b.node;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameValue(a[key], b[key]));
  }
  return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
}

/** The first spread of an options object that could not be read: it may set any option. */
export function unknownSpread(options: { [key: string]: StaticValue }): Unresolved | undefined {
  for (const [key, value] of Object.entries(options)) if (key.startsWith('...') && value instanceof Unresolved) return value;
  return undefined;
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
