// Decorator arguments, constants and small function bodies as inert data: the syntax of an
// expression (or of a few statements), kept so it can be evaluated later against other files
// (imports of constants, enums, classes, helper functions) without running code.
import { ts as typescript } from 'ts-morph';

// Bound once: the bundle reaches `ts` through a getter, and parsing uses it on every node.
import ts = typescript;

/** A function parameter: a name, or an object pattern `{ a, b: c, ...rest }`; with its default value. */
export type SParam =
  | { name: string; default?: SValue }
  | { props: [string, string][]; rest?: string; default?: SValue }
  /** `[a, , b, ...rest]`: names by position (undefined for holes). */
  | { items: (string | undefined)[]; rest?: string; default?: SValue };

export type SValue =
  | { k: 'lit'; v: string | number | boolean | null | undefined }
  | { k: 'obj'; props: [string, SValue][]; spreads: SValue[] }
  | { k: 'arr'; items: SValue[] }
  | { k: 'spread'; value: SValue }
  | { k: 'ref'; path: string[]; start: number; end: number }
  /** An arrow function or function expression: an expression body, or a block of statements. */
  | { k: 'fn'; params: SParam[]; body: SValue | undefined; block?: SStatement[]; start: number; end: number }
  | { k: 'tpl'; head: string; parts: [SValue, string][] }
  | { k: 'bin'; op: string; left: SValue; right: SValue; start: number; end: number }
  /** Prefix operators: `-x`, `!x`, `typeof x`. */
  | { k: 'unary'; op: '-' | '!' | 'typeof'; value: SValue }
  | { k: 'cond'; test: SValue; then: SValue; else: SValue }
  /** `expr.name` and `expr[key]` where the object is not a plain reference (a call's result, an index). */
  | { k: 'member'; object: SValue; key: SValue; start: number; end: number }
  | { k: 'call'; callee: SValue; args: SValue[]; start: number; end: number }
  | { k: 'new'; callee: SValue; args: SValue[]; start: number; end: number }
  | { k: 'unknown'; text: string; start: number; end: number };

/** The statements a helper function may consist of to stay foldable; anything else is `unknown`. */
export type SStatement =
  | { s: 'const'; param: SParam; value: SValue }
  /** `x = v`, `x.a.b = v`: rebinds a local, or sets a key of a local object. */
  | { s: 'assign'; target: string[]; value: SValue; start: number; end: number }
  | { s: 'return'; value: SValue | undefined }
  | { s: 'if'; test: SValue; then: SStatement[]; else: SStatement[] }
  | { s: 'expr'; value: SValue }
  /** `switch`: cases in order (`test` absent for `default`), falling through until `break` or `return`. */
  | { s: 'switch'; discriminant: SValue; cases: { test?: SValue; body: SStatement[] }[] }
  | { s: 'break' }
  | { s: 'unknown'; text: string; start: number; end: number };

function unwrap(node: ts.Expression): ts.Expression {
  let current = node;
  for (;;) {
    if (
      ts.isParenthesizedExpression(current) ||
      ts.isAsExpression(current) ||
      ts.isNonNullExpression(current) ||
      ts.isTypeAssertionExpression(current) ||
      ts.isSatisfiesExpression(current)
    ) {
      current = current.expression;
    } else return current;
  }
}

function propertyKey(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) {
    const expression = unwrap(name.expression);
    if (ts.isStringLiteral(expression) || ts.isNumericLiteral(expression)) return expression.text;
  }
  return undefined;
}

function refPath(node: ts.Expression): string[] | undefined {
  const n = unwrap(node);
  if (ts.isIdentifier(n)) return [n.text];
  if (n.kind === ts.SyntaxKind.ThisKeyword) return ['this'];
  if (ts.isPropertyAccessExpression(n)) {
    const base = refPath(n.expression);
    return base ? [...base, n.name.text] : undefined;
  }
  if (ts.isElementAccessExpression(n)) {
    const argument = unwrap(n.argumentExpression);
    const base = refPath(n.expression);
    if (base && (ts.isStringLiteral(argument) || ts.isNumericLiteral(argument))) return [...base, argument.text];
  }
  return undefined;
}

/** A binding name or pattern as a parameter (or `const` target); undefined for patterns it does not follow. */
function paramOf(name: ts.BindingName, initializer: ts.Expression | undefined, sf: ts.SourceFile): SParam | undefined {
  const fallback = initializer ? toValue(initializer, sf) : undefined;
  if (ts.isIdentifier(name)) return { name: name.text, default: fallback };
  if (ts.isArrayBindingPattern(name)) {
    const items: (string | undefined)[] = [];
    let rest: string | undefined;
    for (const element of name.elements) {
      if (ts.isOmittedExpression(element)) items.push(undefined);
      else if (!ts.isIdentifier(element.name) || element.initializer) return undefined;
      else if (element.dotDotDotToken) rest = element.name.text;
      else items.push(element.name.text);
    }
    return { items, rest, default: fallback };
  }
  if (!ts.isObjectBindingPattern(name)) return undefined;
  const props: [string, string][] = [];
  let rest: string | undefined;
  for (const element of name.elements) {
    if (!ts.isIdentifier(element.name) || element.initializer) return undefined;
    if (element.dotDotDotToken) rest = element.name.text;
    else {
      const key = element.propertyName ? propertyKey(element.propertyName) : element.name.text;
      if (key === undefined) return undefined;
      props.push([key, element.name.text]);
    }
  }
  return { props, rest, default: fallback };
}

function paramsOf(parameters: ts.NodeArray<ts.ParameterDeclaration>, sf: ts.SourceFile): SParam[] {
  // An unfollowable pattern still takes its place, so later parameters keep their positions.
  return parameters.map((p) => paramOf(p.name, p.initializer, sf) ?? { name: `\u0000${p.getStart(sf)}` });
}

/** A short quotation of source for a message: its first line, shortened. */
export function quote(node: ts.Node, sf: ts.SourceFile): string {
  const text = node.getText(sf);
  const line = text.split('\n', 1)[0]!.trim();
  const short = line.length > 80 ? `${line.slice(0, 77)}...` : line;
  return short.length < text.trim().length ? `${short.replace(/\.\.\.$/, '')} ...` : short;
}

function unknownStatement(node: ts.Node, sf: ts.SourceFile): SStatement {
  return { s: 'unknown', text: quote(node, sf), start: node.getStart(sf), end: node.getEnd() };
}

/** A block's statements, as far as a helper or a wrapper decorator needs them. */
export function toStatements(statements: readonly ts.Statement[], sf: ts.SourceFile): SStatement[] {
  const result: SStatement[] = [];
  for (const statement of statements) {
    if (ts.isReturnStatement(statement)) result.push({ s: 'return', value: statement.expression ? toValue(statement.expression, sf) : undefined });
    else if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) && statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const target = refPath(statement.expression.left);
      if (target) result.push({ s: 'assign', target, value: toValue(statement.expression.right, sf), start: statement.getStart(sf), end: statement.getEnd() });
      else result.push(unknownStatement(statement, sf));
    } else if (ts.isExpressionStatement(statement)) result.push({ s: 'expr', value: toValue(statement.expression, sf) });
    else if (ts.isIfStatement(statement)) {
      const branch = (node: ts.Statement | undefined): SStatement[] => (!node ? [] : ts.isBlock(node) ? toStatements(node.statements, sf) : toStatements([node], sf));
      result.push({ s: 'if', test: toValue(statement.expression, sf), then: branch(statement.thenStatement), else: branch(statement.elseStatement) });
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const param = paramOf(declaration.name, undefined, sf);
        // `let x;` starts out undefined.
        if (param) result.push({ s: 'const', param, value: declaration.initializer ? toValue(declaration.initializer, sf) : { k: 'lit', v: undefined } });
        else result.push(unknownStatement(declaration, sf));
      }
    } else if (ts.isSwitchStatement(statement)) {
      result.push({
        s: 'switch',
        discriminant: toValue(statement.expression, sf),
        cases: statement.caseBlock.clauses.map((clause) => ({ test: ts.isCaseClause(clause) ? toValue(clause.expression, sf) : undefined, body: toStatements(clause.statements, sf) })),
      });
    } else if (ts.isBreakStatement(statement) && !statement.label) result.push({ s: 'break' });
    else if (ts.isBlock(statement)) result.push(...toStatements(statement.statements, sf));
    else if (ts.isFunctionDeclaration(statement) && statement.name && statement.body) {
      // A local helper: a constant holding the function.
      result.push({ s: 'const', param: { name: statement.name.text }, value: functionValue(statement, sf) });
    } else if (ts.isEmptyStatement(statement) || ts.isTypeAliasDeclaration(statement) || ts.isInterfaceDeclaration(statement)) continue;
    else result.push(unknownStatement(statement, sf));
  }
  return result;
}

/** A function (arrow, expression, declaration or method) as a value. */
export function functionValue(node: ts.FunctionLikeDeclaration, sf: ts.SourceFile): Extract<SValue, { k: 'fn' }> {
  const params = paramsOf(node.parameters, sf);
  const start = node.getStart(sf);
  const end = node.getEnd();
  const body = node.body;
  if (!body) return { k: 'fn', params, body: undefined, start, end };
  if (!ts.isBlock(body)) return { k: 'fn', params, body: toValue(body as ts.Expression, sf), start, end };
  const block = toStatements(body.statements, sf);
  // A block that only returns an expression is an expression body (what most callers look at).
  const only = block.length === 1 && block[0]!.s === 'return' ? block[0]!.value : undefined;
  return { k: 'fn', params, body: only, block: only ? undefined : block, start, end };
}

const UNARY: Partial<Record<ts.SyntaxKind, '-' | '!'>> = { [ts.SyntaxKind.MinusToken]: '-', [ts.SyntaxKind.ExclamationToken]: '!' };

export function toValue(node: ts.Expression, sf: ts.SourceFile): SValue {
  const n = unwrap(node);
  const start = n.getStart(sf);
  const end = n.getEnd();
  switch (n.kind) {
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
      return { k: 'lit', v: (n as ts.StringLiteral).text };
    case ts.SyntaxKind.NumericLiteral:
      return { k: 'lit', v: Number((n as ts.NumericLiteral).text) };
    case ts.SyntaxKind.TrueKeyword:
      return { k: 'lit', v: true };
    case ts.SyntaxKind.FalseKeyword:
      return { k: 'lit', v: false };
    case ts.SyntaxKind.NullKeyword:
      return { k: 'lit', v: null };
  }
  if (ts.isIdentifier(n) && n.text === 'undefined') return { k: 'lit', v: undefined };
  if (ts.isPrefixUnaryExpression(n)) {
    const operand = toValue(n.operand, sf);
    if (n.operator === ts.SyntaxKind.PlusToken) return operand;
    const op = UNARY[n.operator];
    if (op) return { k: 'unary', op, value: operand };
  }
  if (ts.isTypeOfExpression(n)) return { k: 'unary', op: 'typeof', value: toValue(n.expression, sf) };
  if (ts.isObjectLiteralExpression(n)) {
    const props: [string, SValue][] = [];
    const spreads: SValue[] = [];
    for (const property of n.properties) {
      if (ts.isPropertyAssignment(property)) {
        const key = propertyKey(property.name);
        if (key !== undefined) props.push([key, toValue(property.initializer, sf)]);
      } else if (ts.isShorthandPropertyAssignment(property)) {
        props.push([property.name.text, { k: 'ref', path: [property.name.text], start: property.getStart(sf), end: property.getEnd() }]);
      } else if (ts.isSpreadAssignment(property)) {
        spreads.push(toValue(property.expression, sf));
      } else if (ts.isMethodDeclaration(property) && property.body) {
        const key = propertyKey(property.name);
        if (key !== undefined) props.push([key, functionValue(property, sf)]);
      }
    }
    return { k: 'obj', props, spreads };
  }
  if (ts.isArrayLiteralExpression(n)) {
    return { k: 'arr', items: n.elements.map((element) => (ts.isSpreadElement(element) ? { k: 'spread', value: toValue(element.expression, sf) } : toValue(element, sf))) };
  }
  const path = refPath(n);
  if (path) return { k: 'ref', path, start, end };
  if (ts.isPropertyAccessExpression(n)) return { k: 'member', object: toValue(n.expression, sf), key: { k: 'lit', v: n.name.text }, start, end };
  if (ts.isElementAccessExpression(n)) return { k: 'member', object: toValue(n.expression, sf), key: toValue(n.argumentExpression, sf), start, end };
  if (ts.isArrowFunction(n) || ts.isFunctionExpression(n)) return functionValue(n, sf);
  if (ts.isTemplateExpression(n)) {
    return { k: 'tpl', head: n.head.text, parts: n.templateSpans.map((span) => [toValue(span.expression, sf), span.literal.text] as [SValue, string]) };
  }
  if (ts.isBinaryExpression(n)) {
    return { k: 'bin', op: ts.tokenToString(n.operatorToken.kind) ?? '?', left: toValue(n.left, sf), right: toValue(n.right, sf), start, end };
  }
  if (ts.isConditionalExpression(n)) return { k: 'cond', test: toValue(n.condition, sf), then: toValue(n.whenTrue, sf), else: toValue(n.whenFalse, sf) };
  if (ts.isCallExpression(n)) {
    return { k: 'call', callee: toValue(n.expression, sf), args: n.arguments.map((argument) => toValue(argument, sf)), start, end };
  }
  if (ts.isNewExpression(n)) {
    return { k: 'new', callee: toValue(n.expression, sf), args: (n.arguments ?? []).map((argument) => toValue(argument, sf)), start, end };
  }
  return { k: 'unknown', text: quote(n, sf), start, end };
}
