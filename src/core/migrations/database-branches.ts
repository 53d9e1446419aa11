// Projects that support several databases branch on the DataSource type inside a migration:
//   switch (queryRunner.connection.options.type) {
//     case DatabaseTypeEnum.postgres: await this.postgresUp(queryRunner); break;
//     case DatabaseTypeEnum.sqlite: await this.sqliteUp(queryRunner); break;
//   }
// Only the branch this database takes runs on it; the others hold another database's SQL. This finds
// the branches of a method body that never run for the dialect's DataSource types, so the reader
// skips them. A branch it cannot decide (a label that is neither a constant nor named after a
// TypeORM database type) is kept: it may run.
import { ts } from 'ts-morph';
import { fold } from './static-value';

/** Names an enum member is given for a type whose value is TypeORM's name. */
const ALIASES: Record<string, string> = { postgresql: 'postgres' };

function normalise(name: string): string {
  const plain = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return ALIASES[plain] ?? plain;
}

/** TypeORM's DataSource types (its DatabaseType), compared without case or punctuation. */
const TYPEORM_TYPES = new Set(
  ['postgres', 'aurora-postgres', 'cockroachdb', 'mysql', 'mariadb', 'aurora-mysql', 'sqlite', 'better-sqlite3', 'capacitor', 'cordova', 'react-native', 'nativescript', 'expo', 'sqljs', 'mssql', 'oracle', 'sap', 'spanner', 'mongodb'].map(normalise),
);

function unwrap(node: ts.Expression): ts.Expression {
  return ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node) ? unwrap(node.expression) : node;
}

/**
 * `runner.connection.options` or `runner.connection.driver.options` (the DataSource's options):
 * reading them runs no SQL. Returns the `.options` access, or undefined.
 */
export function dataSourceOptionsRead(identifier: ts.Identifier): ts.PropertyAccessExpression | undefined {
  const connection = identifier.parent;
  if (!ts.isPropertyAccessExpression(connection) || connection.expression !== identifier || connection.name.text !== 'connection') return undefined;
  let next = connection.parent;
  if (next && ts.isPropertyAccessExpression(next) && next.name.text === 'driver') next = next.parent;
  return next && ts.isPropertyAccessExpression(next) && next.name.text === 'options' ? next : undefined;
}

/** Whether the expression is `runner.connection(.driver).options.type`. */
function isDataSourceType(node: ts.Expression, runner: string): boolean {
  const expression = unwrap(node);
  if (!ts.isPropertyAccessExpression(expression) || expression.name.text !== 'type') return false;
  let target = unwrap(expression.expression);
  if (!ts.isPropertyAccessExpression(target) || target.name.text !== 'options') return false;
  target = unwrap(target.expression);
  if (ts.isPropertyAccessExpression(target) && target.name.text === 'driver') target = unwrap(target.expression);
  if (!ts.isPropertyAccessExpression(target) || target.name.text !== 'connection') return false;
  const root = unwrap(target.expression);
  return ts.isIdentifier(root) && root.text === runner;
}

/** The DataSource type a label names: its value when constant, else an enum member named after a TypeORM type (`DatabaseTypeEnum.postgres`). */
function namedType(node: ts.Expression): string | undefined {
  const folded = fold(node);
  if (folded.ok && typeof folded.value === 'string') return normalise(folded.value);
  const expression = unwrap(node);
  if (ts.isPropertyAccessExpression(expression)) {
    const name = normalise(expression.name.text);
    if (TYPEORM_TYPES.has(name)) return name;
  }
  return undefined;
}

/** Whether a statement list always leaves the switch (or the method) at its end. */
function endsInJump(statements: readonly ts.Statement[]): boolean {
  const last = statements[statements.length - 1];
  if (!last) return false;
  if (ts.isBlock(last)) return endsInJump(last.statements);
  return ts.isBreakStatement(last) || ts.isReturnStatement(last) || ts.isThrowStatement(last) || ts.isContinueStatement(last);
}

/**
 * The nodes under `body` that run only on other databases than `types` (the dialect's DataSource
 * types): clauses of a switch on `runner.connection.options.type`, branches of an if that compares
 * it (`===`, `!==`, `[...].includes(...)`).
 */
export function otherDatabaseBranches(body: ts.Node, runner: string, types: readonly string[]): Set<ts.Node> {
  const ours = new Set(types.map(normalise));
  /** true: the label is one of ours; false: another database's; undefined: cannot tell. */
  const matches = (label: ts.Expression): boolean | undefined => {
    const type = namedType(label);
    return type === undefined ? undefined : ours.has(type);
  };
  const dead = new Set<ts.Node>();

  const visitSwitch = (statement: ts.SwitchStatement): void => {
    const clauses = statement.caseBlock.clauses;
    const caseMatches = clauses.map((clause) => (ts.isCaseClause(clause) ? matches(clause.expression) : undefined));
    const someCaseIsOurs = caseMatches.some((match) => match === true);
    let group: number[] = [];
    let fallsIn = false;
    clauses.forEach((clause, index) => {
      group.push(index);
      // Empty clauses fall through: their labels lead to the next clause with statements.
      if (clause.statements.length === 0) return;
      const runs = fallsIn || group.some((member) => (ts.isDefaultClause(clauses[member]!) ? !someCaseIsOurs : caseMatches[member] !== false));
      if (!runs) for (const child of clause.statements) dead.add(child);
      fallsIn = runs && !endsInJump(clause.statements);
      group = [];
    });
  };

  /** Whether the condition holds on our database: true, false, or undefined when it cannot tell. */
  const conditionHolds = (condition: ts.Expression): boolean | undefined => {
    const expression = unwrap(condition);
    if (ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.ExclamationToken) {
      const inner = conditionHolds(expression.operand);
      return inner === undefined ? undefined : !inner;
    }
    if (ts.isBinaryExpression(expression)) {
      const operator = expression.operatorToken.kind;
      const equal = operator === ts.SyntaxKind.EqualsEqualsEqualsToken || operator === ts.SyntaxKind.EqualsEqualsToken;
      const notEqual = operator === ts.SyntaxKind.ExclamationEqualsEqualsToken || operator === ts.SyntaxKind.ExclamationEqualsToken;
      if (!equal && !notEqual) return undefined;
      const label = isDataSourceType(expression.left, runner) ? expression.right : isDataSourceType(expression.right, runner) ? expression.left : undefined;
      const match = label ? matches(label) : undefined;
      return match === undefined ? undefined : equal ? match : !match;
    }
    if (ts.isCallExpression(expression) && ts.isPropertyAccessExpression(expression.expression) && expression.expression.name.text === 'includes') {
      const [argument] = expression.arguments;
      const list = unwrap(expression.expression.expression);
      if (!argument || !isDataSourceType(argument, runner) || !ts.isArrayLiteralExpression(list)) return undefined;
      const found = list.elements.map((element) => matches(element));
      return found.includes(true) ? true : found.includes(undefined) ? undefined : false;
    }
    return undefined;
  };

  const visit = (node: ts.Node): void => {
    if (ts.isSwitchStatement(node) && isDataSourceType(node.expression, runner)) visitSwitch(node);
    if (ts.isIfStatement(node)) {
      const holds = conditionHolds(node.expression);
      if (holds === false) dead.add(node.thenStatement);
      if (holds === true && node.elseStatement) dead.add(node.elseStatement);
    }
    ts.forEachChild(node, (child) => {
      if (!dead.has(child)) visit(child);
    });
  };
  visit(body);
  return dead;
}
