// Constant folding for migration files: the value of an expression when the source alone decides
// it (string and template literals, concatenation, `[...].join()`, local and module constants,
// class fields, object and array literals, `new TableColumn({...})`), else the reason it is only
// known at run time and where. Never a guess: anything else is unreadable. Works on the compiler's
// own syntax tree (see discover.ts).
import { ts } from 'ts-morph';

/** `new X({...})`, kept as the class name and its arguments (TypeORM's Table, TableColumn, ...). */
export interface Constructed {
  $new: string;
  args: StaticValue[];
}

export type StaticValue = string | number | boolean | null | undefined | StaticValue[] | Constructed | { [key: string]: StaticValue };

export type Folded = { ok: true; value: StaticValue } | { ok: false; reason: string; node: ts.Node };

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}

const unreadable = (node: ts.Node, reason?: string): Folded => ({ ok: false, node, reason: reason ?? `\`${shorten(node.getText())}\` is only known at run time` });

/** The initializer of the `const` an identifier names, in scope at the use (declared before it in a block). */
function constantInitializer(identifier: ts.Identifier): ts.Expression | undefined {
  const name = identifier.text;
  for (let scope: ts.Node | undefined = identifier.parent; scope; scope = scope.parent) {
    if (!ts.isBlock(scope) && !ts.isSourceFile(scope) && !ts.isModuleBlock(scope)) continue;
    for (const statement of scope.statements) {
      if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
      // A constant declared after the use (in the same block) is not yet set when it runs.
      if (ts.isBlock(scope) && statement.getStart() > identifier.getStart()) continue;
      const declaration = statement.declarationList.declarations.find((candidate) => ts.isIdentifier(candidate.name) && candidate.name.text === name);
      if (declaration) return declaration.initializer;
    }
  }
  return undefined;
}

/** `this.x`: the initializer of the class's instance field `x`. */
function classFieldInitializer(access: ts.PropertyAccessExpression): ts.Expression | undefined {
  if (access.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  let cls: ts.Node | undefined = access.parent;
  while (cls && !ts.isClassDeclaration(cls)) cls = cls.parent;
  if (!cls || !ts.isClassDeclaration(cls)) return undefined;
  const property = cls.members.find(
    (candidate): candidate is ts.PropertyDeclaration =>
      ts.isPropertyDeclaration(candidate) && ts.isIdentifier(candidate.name) && candidate.name.text === access.name.text && !(ts.getCombinedModifierFlags(candidate) & ts.ModifierFlags.Static),
  );
  return property?.initializer;
}

function propertyKey(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

const isPrimitive = (value: StaticValue): value is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof value);

export function fold(node: ts.Node | undefined, depth = 0): Folded {
  if (!node) return { ok: true, value: undefined };
  if (depth > 50) return unreadable(node, 'the expression is nested too deeply to read');
  const next = (child: ts.Node | undefined): Folded => fold(child, depth + 1);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { ok: true, value: node.text };
  if (ts.isNumericLiteral(node)) return { ok: true, value: Number(node.text) };
  if (node.kind === ts.SyntaxKind.TrueKeyword) return { ok: true, value: true };
  if (node.kind === ts.SyntaxKind.FalseKeyword) return { ok: true, value: false };
  if (node.kind === ts.SyntaxKind.NullKeyword) return { ok: true, value: null };
  if (ts.isIdentifier(node) && node.text === 'undefined') return { ok: true, value: undefined };
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node) || ts.isSatisfiesExpression(node) || ts.isTypeAssertionExpression(node)) {
    return next(node.expression);
  }
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken) {
    const operand = next(node.operand);
    return operand.ok && typeof operand.value === 'number' ? { ok: true, value: -operand.value } : operand.ok ? unreadable(node) : operand;
  }
  if (ts.isTemplateExpression(node)) {
    let text = node.head.text;
    for (const span of node.templateSpans) {
      const part = next(span.expression);
      if (!part.ok) return part;
      if (!isPrimitive(part.value) && part.value !== null && part.value !== undefined) return unreadable(span.expression, `\`${shorten(span.expression.getText())}\` is not a string`);
      text += String(part.value) + span.literal.text;
    }
    return { ok: true, value: text };
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = next(node.left);
    if (!left.ok) return left;
    const right = next(node.right);
    if (!right.ok) return right;
    if (typeof left.value === 'number' && typeof right.value === 'number') return { ok: true, value: left.value + right.value };
    if (isPrimitive(left.value) && isPrimitive(right.value)) return { ok: true, value: String(left.value) + String(right.value) };
    return unreadable(node);
  }
  if (ts.isIdentifier(node)) {
    const initializer = constantInitializer(node);
    return initializer ? next(initializer) : unreadable(node);
  }
  if (ts.isPropertyAccessExpression(node)) {
    const field = classFieldInitializer(node);
    if (field) return next(field);
    const target = next(node.expression);
    if (target.ok && target.value !== null && typeof target.value === 'object' && !Array.isArray(target.value) && !('$new' in target.value)) {
      const record = target.value as Record<string, StaticValue>;
      if (Object.prototype.hasOwnProperty.call(record, node.name.text)) return { ok: true, value: record[node.name.text] };
    }
    return unreadable(node);
  }
  if (ts.isArrayLiteralExpression(node)) {
    const values: StaticValue[] = [];
    for (const element of node.elements) {
      const value = next(element);
      if (!value.ok) return value;
      values.push(value.value);
    }
    return { ok: true, value: values };
  }
  if (ts.isObjectLiteralExpression(node)) {
    const record: Record<string, StaticValue> = {};
    for (const property of node.properties) {
      if (ts.isPropertyAssignment(property)) {
        const key = propertyKey(property.name);
        if (key === undefined) return unreadable(property, `the property name \`${shorten(property.name.getText())}\` is computed at run time`);
        const value = next(property.initializer);
        if (!value.ok) return value;
        record[key] = value.value;
      } else if (ts.isShorthandPropertyAssignment(property)) {
        const value = next(property.name);
        if (!value.ok) return value;
        record[property.name.text] = value.value;
      } else return unreadable(property, `\`${shorten(property.getText())}\` is only known at run time`);
    }
    return { ok: true, value: record };
  }
  if (ts.isNewExpression(node)) {
    const args: StaticValue[] = [];
    for (const argument of node.arguments ?? []) {
      const value = next(argument);
      if (!value.ok) return value;
      args.push(value.value);
    }
    return { ok: true, value: { $new: node.expression.getText(), args } };
  }
  if (ts.isCallExpression(node)) {
    // `[...].join(separator)`: how long SQL is often written.
    const callee = node.expression;
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'join' && node.arguments.length <= 1) {
      const list = next(callee.expression);
      if (!list.ok) return list;
      const separator = next(node.arguments[0]);
      if (!separator.ok) return separator;
      if (Array.isArray(list.value) && (separator.value === undefined || typeof separator.value === 'string')) {
        return { ok: true, value: list.value.map((item) => (item === null || item === undefined ? '' : String(item))).join(separator.value ?? ',') };
      }
    }
    return unreadable(node, `\`${shorten(node.getText())}\` is computed at run time`);
  }
  return unreadable(node);
}
