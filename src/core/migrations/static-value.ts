// Constant folding for migration files: the value of an expression when the source alone decides
// it (string and template literals, concatenation, `[...].join()`, local and module constants,
// readonly class fields, object and array literals, `new TableColumn({...})`), else the reason it
// is only known at run time and where. Never a guess: anything else is unreadable.
import { type Expression, Node, SyntaxKind } from 'ts-morph';

/** `new X({...})`, kept as the class name and its arguments (TypeORM's Table, TableColumn, ...). */
export interface Constructed {
  $new: string;
  args: StaticValue[];
}

export type StaticValue = string | number | boolean | null | undefined | StaticValue[] | Constructed | { [key: string]: StaticValue };

export type Folded = { ok: true; value: StaticValue } | { ok: false; reason: string; node: Node };

const unreadable = (node: Node, reason?: string): Folded => ({ ok: false, node, reason: reason ?? `\`${shorten(node.getText())}\` is only known at run time` });

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}

/** The initializer of the `const` (or readonly field) an identifier names, in scope at the use. */
function constantInitializer(identifier: Node): Expression | undefined {
  const name = identifier.getText();
  for (let scope: Node | undefined = identifier.getParent(); scope; scope = scope.getParent()) {
    if (!Node.isBlock(scope) && !Node.isSourceFile(scope) && !Node.isModuleBlock(scope)) continue;
    for (const statement of scope.getStatements()) {
      if (!Node.isVariableStatement(statement) || statement.getDeclarationKind() !== 'const') continue;
      // A constant declared after the use (in the same block) is not yet set when it runs.
      if (Node.isBlock(scope) && statement.getStart() > identifier.getStart()) continue;
      const declaration = statement.getDeclarations().find((candidate) => candidate.getName() === name);
      if (declaration) return declaration.getInitializer();
    }
  }
  return undefined;
}

function classFieldInitializer(access: Node): Expression | undefined {
  if (!Node.isPropertyAccessExpression(access) || access.getExpression().getKind() !== SyntaxKind.ThisKeyword) return undefined;
  const cls = access.getFirstAncestorByKind(SyntaxKind.ClassDeclaration);
  const property = cls?.getProperty(access.getName());
  return property && !property.isStatic() ? property.getInitializer() : undefined;
}

export function fold(node: Node | undefined, depth = 0): Folded {
  if (!node) return { ok: true, value: undefined };
  if (depth > 50) return unreadable(node, 'the expression is nested too deeply to read');
  const next = (child: Node | undefined): Folded => fold(child, depth + 1);
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return { ok: true, value: node.getLiteralValue() };
  if (Node.isNumericLiteral(node)) return { ok: true, value: node.getLiteralValue() };
  if (Node.isTrueLiteral(node)) return { ok: true, value: true };
  if (Node.isFalseLiteral(node)) return { ok: true, value: false };
  if (Node.isNullLiteral(node)) return { ok: true, value: null };
  if (Node.isIdentifier(node) && node.getText() === 'undefined') return { ok: true, value: undefined };
  if (Node.isParenthesizedExpression(node) || Node.isAsExpression(node) || Node.isNonNullExpression(node) || Node.isSatisfiesExpression(node) || Node.isTypeAssertion(node)) {
    return next(node.getExpression());
  }
  if (Node.isPrefixUnaryExpression(node) && node.getOperatorToken() === SyntaxKind.MinusToken) {
    const operand = next(node.getOperand());
    return operand.ok && typeof operand.value === 'number' ? { ok: true, value: -operand.value } : operand.ok ? unreadable(node) : operand;
  }
  if (Node.isTemplateExpression(node)) {
    let text = node.getHead().getLiteralText();
    for (const span of node.getTemplateSpans()) {
      const part = next(span.getExpression());
      if (!part.ok) return part;
      if (typeof part.value === 'object' && part.value !== null) return unreadable(span.getExpression(), `\`${shorten(span.getExpression().getText())}\` is not a string`);
      text += String(part.value) + span.getLiteral().getLiteralText();
    }
    return { ok: true, value: text };
  }
  if (Node.isBinaryExpression(node) && node.getOperatorToken().getKind() === SyntaxKind.PlusToken) {
    const left = next(node.getLeft());
    if (!left.ok) return left;
    const right = next(node.getRight());
    if (!right.ok) return right;
    if (typeof left.value === 'number' && typeof right.value === 'number') return { ok: true, value: left.value + right.value };
    if (['string', 'number', 'boolean'].includes(typeof left.value) && ['string', 'number', 'boolean'].includes(typeof right.value)) {
      return { ok: true, value: String(left.value) + String(right.value) };
    }
    return unreadable(node);
  }
  if (Node.isIdentifier(node)) {
    const initializer = constantInitializer(node);
    return initializer ? next(initializer) : unreadable(node);
  }
  if (Node.isPropertyAccessExpression(node)) {
    const field = classFieldInitializer(node);
    if (field) return next(field);
    const target = next(node.getExpression());
    if (target.ok && target.value !== null && typeof target.value === 'object' && !Array.isArray(target.value) && !('$new' in target.value)) {
      const record = target.value as Record<string, StaticValue>;
      if (Object.prototype.hasOwnProperty.call(record, node.getName())) return { ok: true, value: record[node.getName()] };
    }
    return unreadable(node);
  }
  if (Node.isArrayLiteralExpression(node)) {
    const values: StaticValue[] = [];
    for (const element of node.getElements()) {
      const value = next(element);
      if (!value.ok) return value;
      values.push(value.value);
    }
    return { ok: true, value: values };
  }
  if (Node.isObjectLiteralExpression(node)) {
    const record: Record<string, StaticValue> = {};
    for (const property of node.getProperties()) {
      if (Node.isPropertyAssignment(property)) {
        const nameNode = property.getNameNode();
        const key = Node.isIdentifier(nameNode) || Node.isStringLiteral(nameNode) || Node.isNumericLiteral(nameNode) ? String(Node.isIdentifier(nameNode) ? nameNode.getText() : nameNode.getLiteralValue()) : undefined;
        if (key === undefined) return unreadable(property, `the property name \`${shorten(nameNode.getText())}\` is computed at run time`);
        const value = next(property.getInitializer());
        if (!value.ok) return value;
        record[key] = value.value;
      } else if (Node.isShorthandPropertyAssignment(property)) {
        const value = next(property.getNameNode());
        if (!value.ok) return value;
        record[property.getName()] = value.value;
      } else return unreadable(property, `\`${shorten(property.getText())}\` is only known at run time`);
    }
    return { ok: true, value: record };
  }
  if (Node.isNewExpression(node)) {
    const args: StaticValue[] = [];
    for (const argument of node.getArguments()) {
      const value = next(argument);
      if (!value.ok) return value;
      args.push(value.value);
    }
    return { ok: true, value: { $new: node.getExpression().getText(), args } };
  }
  if (Node.isCallExpression(node)) {
    // `[...].join(separator)`: how long SQL is often written.
    const callee = node.getExpression();
    if (Node.isPropertyAccessExpression(callee) && callee.getName() === 'join' && node.getArguments().length <= 1) {
      const list = next(callee.getExpression());
      if (!list.ok) return list;
      const separator = next(node.getArguments()[0]);
      if (!separator.ok) return separator;
      if (Array.isArray(list.value) && (separator.value === undefined || typeof separator.value === 'string')) {
        return { ok: true, value: list.value.map((item) => (item === null || item === undefined ? '' : String(item))).join(separator.value ?? ',') };
      }
    }
    return unreadable(node, `\`${shorten(node.getText())}\` is computed at run time`);
  }
  return unreadable(node);
}
