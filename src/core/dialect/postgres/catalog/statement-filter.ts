// What a tracked statement filters on, read with PostgreSQL's own parser (libpg-query): a SELECT
// from one table (or an UPDATE or DELETE of one) whose WHERE is an AND of `column = value` (or `IN (values)`, `= ANY(value)`; and at
// most one range condition, and any `column IS [NOT] NULL`), the shape an index on those columns (partial on the null tests) serves. Anything else (joins, ORs, functions of columns)
// gives no candidate: recommending from a guess would cry wolf.
import type { Node } from 'libpg-query';
import { parseSql } from '../migration-sql/parse';

export interface StatementFilter {
  schema?: string;
  table: string;
  /** Equality columns first, in the order written, then the range column, if any. */
  columns: string[];
  /**
   * ORDER BY columns of a SELECT with a LIMIT that an index on `columns` can go on with, so that it
   * returns the rows in order and stops at the LIMIT: plain columns, one direction, default NULLS
   * placement, none after a range column; the equality columns left out (they are constant).
   */
  orderBy: string[];
  /** `column IS [NOT] NULL` conditions: what a partial index's WHERE can say. */
  nullTests: { column: string; isNull: boolean }[];
  /** `column @> value` conditions (jsonb or array containment): what a GIN index serves. */
  contains: string[];
  /** Full-text search conditions (`... @@ to_tsquery(...)`): what a GIN index serves. */
  textSearch: TextSearch[];
}

/**
 * `to_tsvector(config, column) @@ query` (expression: true; config as written when a string
 * literal, undefined when a parameter, as pg_stat_statements keeps every constant), or
 * `column @@ query` on a tsvector column (expression: false).
 */
export interface TextSearch {
  column: string;
  expression: boolean;
  config?: string;
}

/** The functions that make a tsquery from values. */
const TSQUERY_FUNCTIONS = new Set(['to_tsquery', 'plainto_tsquery', 'phraseto_tsquery', 'websearch_to_tsquery']);

const RANGE = new Set(['<', '>', '<=', '>=']);

/** The conditions read: `a op b`, `a BETWEEN x AND y`, `a IN (...)`, `a op ANY (...)`. */
const FILTER_KINDS = new Set(['AEXPR_OP', 'AEXPR_BETWEEN', 'AEXPR_IN', 'AEXPR_OP_ANY']);

/**
 * The filter of one statement, or undefined when it is not a one-table SELECT, UPDATE or DELETE
 * filtered by its columns (an UPDATE ... FROM or DELETE ... USING joins: none).
 */
export function statementFilter(sql: string): StatementFilter | undefined {
  const parsed = parseSql(sql);
  if (!parsed.ok || parsed.tree.stmts?.length !== 1) return undefined;
  const target = filteredTable(parsed.tree.stmts[0]!.stmt as Node & StatementNode);
  if (!target) return undefined;
  const { from, whereClause, sortClause } = target;
  const names = new Set([from.relname, from.alias?.aliasname].filter(Boolean) as string[]);
  const equal: string[] = [];
  const range: string[] = [];
  const nullTests: StatementFilter['nullTests'] = [];
  const contains: string[] = [];
  const textSearch: TextSearch[] = [];
  for (const condition of conjuncts(whereClause)) {
    const test = (condition as { NullTest?: { arg?: Node; nulltesttype?: string } }).NullTest;
    if (test) {
      const column = columnOf(test.arg, names);
      if (!column) return undefined;
      nullTests.push({ column, isNull: test.nulltesttype === 'IS_NULL' });
      continue;
    }
    const expression = (condition as { A_Expr?: AExpr }).A_Expr;
    if (!expression || !FILTER_KINDS.has(expression.kind ?? '')) return undefined;
    const operator = expression.name?.[0]?.String?.sval ?? '';
    if (expression.kind === 'AEXPR_OP' && operator === '@@') {
      // Either side may be the document.
      const search = textSearchOf(expression.lexpr, expression.rexpr, names) ?? textSearchOf(expression.rexpr, expression.lexpr, names);
      if (!search) return undefined;
      textSearch.push(search);
      continue;
    }
    const column = columnOf(expression.lexpr, names);
    if (!column || !isValue(expression.rexpr)) return undefined;
    // `column IN (...)` and `column = ANY($1)` (TypeORM's In()) are equality to one of some values: a b-tree serves them as it does `=`.
    if (operator === '=') equal.push(column);
    else if (expression.kind !== 'AEXPR_OP' && expression.kind !== 'AEXPR_BETWEEN') return undefined;
    else if (expression.kind === 'AEXPR_OP' && operator === '@>') contains.push(column);
    else if (expression.kind === 'AEXPR_BETWEEN' || RANGE.has(operator)) range.push(column);
    else return undefined;
  }
  const columns = [...new Set([...equal, ...range.slice(0, 1)])];
  const orderBy = range.length > 0 ? [] : sortColumns(sortClause, names).filter((column) => !equal.includes(column));
  if ((columns.length === 0 && orderBy.length === 0 && contains.length === 0 && textSearch.length === 0) || range.length > 1) return undefined;
  return { ...(from.schemaname ? { schema: from.schemaname } : {}), table: from.relname, columns, orderBy: [...new Set(orderBy)], nullTests, contains, textSearch };
}

interface SortBy {
  node?: Node;
  sortby_dir?: string;
  sortby_nulls?: string;
}

/** The ORDER BY's columns when a b-tree index read forwards or backwards returns that order; none otherwise. */
function sortColumns(sortClause: Node[] | undefined, names: Set<string>): string[] {
  const keys = (sortClause ?? []).map((node) => (node as { SortBy?: SortBy }).SortBy);
  const descending = keys.map((key) => key?.sortby_dir === 'SORTBY_DESC');
  // NULLS placement other than the direction's default (ASC: last, DESC: first) needs an index built so.
  const defaultNulls = keys.every((key, index) => key?.sortby_nulls === 'SORTBY_NULLS_DEFAULT' || key?.sortby_nulls === (descending[index] ? 'SORTBY_NULLS_FIRST' : 'SORTBY_NULLS_LAST'));
  if (!defaultNulls || descending.some((desc) => desc !== descending[0]) || keys.some((key) => key?.sortby_dir === 'SORTBY_USING')) return [];
  const columns = keys.map((key) => columnOf(key?.node, names));
  return columns.every((column): column is string => column !== undefined) ? columns : [];
}

interface FuncCall {
  funcname?: { String?: { sval?: string } }[];
  args?: Node[];
}

/**
 * `document @@ query` with the document a column or `to_tsvector(config, column)` and the query
 * made from values. The one-argument `to_tsvector(column)` gives none: it depends on a setting, so
 * no index can be built on it (PostgreSQL wants an immutable expression).
 */
function textSearchOf(document: Node | undefined, query: Node | undefined, names: Set<string>): TextSearch | undefined {
  if (!isTsQuery(query)) return undefined;
  const column = columnOf(document, names);
  if (column) return { column, expression: false };
  const call = (document as { FuncCall?: FuncCall } | undefined)?.FuncCall;
  if (functionName(call) !== 'to_tsvector' || call!.args?.length !== 2) return undefined;
  const [config, argument] = call!.args as [Node, Node];
  const searched = columnOf(argument, names);
  if (!searched || !isValue(config)) return undefined;
  const literal = stringOf(config);
  return { column: searched, expression: true, ...(literal !== undefined ? { config: literal } : {}) };
}

/** The unqualified (or pg_catalog-qualified) name of a function call. */
function functionName(call: FuncCall | undefined): string | undefined {
  const parts = call?.funcname?.map((part) => part.String?.sval);
  if (!parts || parts.length === 0 || parts.length > 2 || (parts.length === 2 && parts[0] !== 'pg_catalog')) return undefined;
  return parts[parts.length - 1];
}

/** `to_tsquery(...)` and its kin on values, or a value (a parameter, possibly cast to tsquery). */
function isTsQuery(node: Node | undefined): boolean {
  const call = (node as { FuncCall?: FuncCall } | undefined)?.FuncCall;
  if (call) return TSQUERY_FUNCTIONS.has(functionName(call) ?? '') && (call.args ?? []).every(isValue);
  return isValue(node);
}

/** A string constant's text (possibly cast, e.g. 'english'::regconfig); undefined for anything else. */
function stringOf(node: Node): string | undefined {
  const n = node as { A_Const?: { sval?: { sval?: string } }; TypeCast?: { arg?: Node } };
  if (n.TypeCast?.arg) return stringOf(n.TypeCast.arg);
  return n.A_Const?.sval?.sval;
}

interface RangeVar {
  schemaname?: string;
  relname: string;
  alias?: { aliasname?: string };
}

interface StatementNode {
  SelectStmt?: { fromClause?: Node[]; whereClause?: Node; sortClause?: Node[]; limitCount?: Node };
  UpdateStmt?: { relation?: RangeVar; fromClause?: Node[]; whereClause?: Node };
  DeleteStmt?: { relation?: RangeVar; usingClause?: Node[]; whereClause?: Node };
}

/** The one table a statement reads or changes, and its WHERE; undefined when it has no WHERE or names more tables. */
function filteredTable(statement: StatementNode): { from: RangeVar; whereClause: Node; sortClause?: Node[] } | undefined {
  const { SelectStmt: select, UpdateStmt: update, DeleteStmt: remove } = statement;
  if (select) {
    const from = select.fromClause?.length === 1 ? (select.fromClause[0] as { RangeVar?: RangeVar }).RangeVar : undefined;
    // The ORDER BY matters with a LIMIT (the top rows of a page): an index in that order stops at them.
    return from?.relname && select.whereClause ? { from, whereClause: select.whereClause, ...(select.limitCount ? { sortClause: select.sortClause } : {}) } : undefined;
  }
  if (update && !update.fromClause?.length && update.relation?.relname && update.whereClause) return { from: update.relation, whereClause: update.whereClause };
  if (remove && !remove.usingClause?.length && remove.relation?.relname && remove.whereClause) return { from: remove.relation, whereClause: remove.whereClause };
  return undefined;
}

interface AExpr {
  kind?: string;
  name?: { String?: { sval?: string } }[];
  lexpr?: Node;
  rexpr?: Node;
}

function conjuncts(node: Node): Node[] {
  const bool = (node as { BoolExpr?: { boolop?: string; args?: Node[] } }).BoolExpr;
  if (!bool) return [node];
  return bool.boolop === 'AND_EXPR' ? (bool.args ?? []).flatMap(conjuncts) : [node];
}

/** `column` or `alias.column` of the one table; undefined for anything else. */
function columnOf(node: Node | undefined, table: Set<string>): string | undefined {
  const fields = (node as { ColumnRef?: { fields?: { String?: { sval?: string } }[] } } | undefined)?.ColumnRef?.fields;
  const parts = fields?.map((field) => field.String?.sval);
  if (!parts || parts.some((part) => part === undefined)) return undefined;
  if (parts.length === 1) return parts[0];
  return parts.length === 2 && table.has(parts[0]!) ? parts[1] : undefined;
}

/** A parameter, a constant, or a list of them (BETWEEN), possibly cast. */
function isValue(node: Node | undefined): boolean {
  if (!node) return false;
  const n = node as { ParamRef?: unknown; A_Const?: unknown; TypeCast?: { arg?: Node }; List?: { items?: Node[] } };
  if (n.ParamRef || n.A_Const) return true;
  if (n.TypeCast) return isValue(n.TypeCast.arg);
  if (n.List) return (n.List.items ?? []).every(isValue);
  return false;
}
