// Decorator arguments and constants as inert data: the syntax of an expression, kept so it can be
// evaluated later against other files (imports of constants, enums, classes) without running code.
import { ts } from 'ts-morph';

export type SValue =
  | { k: 'lit'; v: string | number | boolean | null | undefined }
  | { k: 'obj'; props: [string, SValue][]; spreads: SValue[] }
  | { k: 'arr'; items: SValue[] }
  | { k: 'spread'; value: SValue }
  | { k: 'ref'; path: string[]; start: number; end: number }
  | { k: 'fn'; params: string[]; body: SValue | undefined; start: number; end: number }
  | { k: 'tpl'; head: string; parts: [SValue, string][] }
  | { k: 'bin'; op: string; left: SValue; right: SValue }
  | { k: 'neg'; value: SValue }
  | { k: 'call'; callee: SValue; args: SValue[]; start: number; end: number }
  | { k: 'new'; callee: SValue; args: SValue[]; start: number; end: number }
  | { k: 'unknown'; text: string; start: number; end: number };

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

function functionBody(body: ts.ConciseBody, sf: ts.SourceFile): SValue | undefined {
  if (!ts.isBlock(body)) return toValue(body, sf);
  for (const statement of body.statements) {
    if (ts.isReturnStatement(statement)) return statement.expression ? toValue(statement.expression, sf) : undefined;
  }
  return undefined;
}

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
    if (n.operator === ts.SyntaxKind.MinusToken) return { k: 'neg', value: operand };
    if (n.operator === ts.SyntaxKind.PlusToken) return operand;
  }
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
        if (key !== undefined) {
          props.push([key, { k: 'fn', params: property.parameters.map((p) => p.name.getText(sf)), body: functionBody(property.body, sf), start: property.getStart(sf), end: property.getEnd() }]);
        }
      }
    }
    return { k: 'obj', props, spreads };
  }
  if (ts.isArrayLiteralExpression(n)) {
    return { k: 'arr', items: n.elements.map((element) => (ts.isSpreadElement(element) ? { k: 'spread', value: toValue(element.expression, sf) } : toValue(element, sf))) };
  }
  const path = refPath(n);
  if (path) return { k: 'ref', path, start, end };
  if (ts.isArrowFunction(n) || ts.isFunctionExpression(n)) {
    return { k: 'fn', params: n.parameters.map((p) => p.name.getText(sf)), body: functionBody(n.body, sf), start, end };
  }
  if (ts.isTemplateExpression(n)) {
    return { k: 'tpl', head: n.head.text, parts: n.templateSpans.map((span) => [toValue(span.expression, sf), span.literal.text] as [SValue, string]) };
  }
  if (ts.isBinaryExpression(n)) {
    return { k: 'bin', op: ts.tokenToString(n.operatorToken.kind) ?? '?', left: toValue(n.left, sf), right: toValue(n.right, sf) };
  }
  if (ts.isCallExpression(n)) {
    return { k: 'call', callee: toValue(n.expression, sf), args: n.arguments.map((argument) => toValue(argument, sf)), start, end };
  }
  if (ts.isNewExpression(n)) {
    return { k: 'new', callee: toValue(n.expression, sf), args: (n.arguments ?? []).map((argument) => toValue(argument, sf)), start, end };
  }
  return { k: 'unknown', text: n.getText(sf).slice(0, 200), start, end };
}
