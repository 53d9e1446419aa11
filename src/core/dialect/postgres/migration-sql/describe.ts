// PostgreSQL statements, as its own parser reads them, turned into the dialect-neutral
// SqlOperation list the migration lint judges: what each statement does, to which table, and the
// lock it takes (PostgreSQL documentation, "Explicit Locking" and the ALTER TABLE page).
import type { ColumnDef, Constraint, Node, RangeVar, TypeName } from 'libpg-query';
import type { ColumnDefinition, DescribedStatement, SqlDescription, SqlOperation, TypeFamily } from '../../dialect';
import type { QualifiedName } from '../../../model/schema';
import { parseSql } from './parse';

const ACCESS_EXCLUSIVE = 'ACCESS EXCLUSIVE';

/** Parses `sql` with PostgreSQL's grammar and describes each statement. */
export function describe(sql: string, defaultSchema: string): SqlDescription {
  const parsed = parseSql(sql);
  if (!parsed.ok) return parsed;
  const toChars = byteToCharOffsets(sql);
  const statements: DescribedStatement[] = [];
  for (const raw of parsed.tree.stmts ?? []) {
    const byteStart = raw.stmt_location ?? 0;
    const byteEnd = raw.stmt_len ? byteStart + raw.stmt_len : Buffer.byteLength(sql);
    let start = toChars(byteStart);
    const end = toChars(byteEnd);
    // The parser's statement starts after the previous `;`, so it may begin with blanks and comments.
    const text = sql.slice(start, end);
    start += text.length - text.trimStart().length;
    statements.push({ text: sql.slice(start, end).trim(), start, end, operations: raw.stmt ? operationsOf(raw.stmt, defaultSchema) : [] });
  }
  return { ok: true, statements };
}

/** PostgreSQL reports locations in bytes of UTF-8; JavaScript strings count UTF-16 units. */
function byteToCharOffsets(sql: string): (byte: number) => number {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(sql)) return (byte) => byte;
  const buffer = Buffer.from(sql, 'utf8');
  return (byte) => buffer.subarray(0, byte).toString('utf8').length;
}

function qualified(relation: RangeVar | undefined, defaultSchema: string): QualifiedName {
  return { schema: relation?.schemaname ?? defaultSchema, name: relation?.relname ?? '' };
}

/** The String values of a name list (`pg_catalog.int4` -> ['pg_catalog', 'int4']). */
function names(list: Node[] | undefined): string[] {
  return (list ?? []).flatMap((node) => ('String' in node && node.String.sval !== undefined ? [node.String.sval] : []));
}

function qualifiedFromList(list: Node[] | undefined, defaultSchema: string): QualifiedName {
  const parts = names(list);
  return parts.length > 1 ? { schema: parts[parts.length - 2]!, name: parts[parts.length - 1]! } : { schema: defaultSchema, name: parts[0] ?? '' };
}

const FAMILIES: Record<string, TypeFamily> = {
  int2: 'int16',
  smallint: 'int16',
  int4: 'int32',
  integer: 'int32',
  int: 'int32',
  int8: 'int64',
  bigint: 'int64',
  varchar: 'bounded-text',
  bpchar: 'char',
  char: 'char',
  text: 'text',
  timestamp: 'timestamp',
  timestamptz: 'timestamptz',
};

const SERIALS: Record<string, TypeFamily> = { smallserial: 'int16', serial2: 'int16', serial: 'int32', serial4: 'int32', bigserial: 'int64', serial8: 'int64' };

/** PostgreSQL's internal type names (what the parser gives) as people write them. */
const SPELLED: Record<string, string> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  varchar: 'character varying',
  bpchar: 'character',
  bool: 'boolean',
  float4: 'real',
  float8: 'double precision',
  timestamp: 'timestamp without time zone',
  timestamptz: 'timestamp with time zone',
  time: 'time without time zone',
  timetz: 'time with time zone',
};

interface TypeFacts {
  text: string;
  family: TypeFamily;
  serial: boolean;
}

function typeFacts(typeName: TypeName | undefined): TypeFacts {
  const parts = names(typeName?.names);
  const base = parts[parts.length - 1] ?? '';
  const modifiers = (typeName?.typmods ?? []).flatMap((node) => ('A_Const' in node && node.A_Const.ival ? [String(node.A_Const.ival.ival ?? 0)] : []));
  const isArray = (typeName?.arrayBounds?.length ?? 0) > 0;
  // An array is judged by its element type (int[] is still int where bigint belongs).
  const text = `${SPELLED[base] ?? base}${modifiers.length ? `(${modifiers.join(',')})` : ''}${isArray ? '[]' : ''}`;
  const serial = SERIALS[base];
  if (serial) return { text, family: serial, serial: true };
  let family = FAMILIES[base] ?? 'other';
  // varchar without a length is unbounded: text by another name.
  if (family === 'bounded-text' && modifiers.length === 0) family = 'text';
  return { text, family, serial: false };
}

/** Built-in functions that return the same value for every row of one statement (stable or immutable). */
const NON_VOLATILE_FUNCTIONS = new Set([
  'now', 'transaction_timestamp', 'statement_timestamp', 'timezone', 'current_date', 'current_time', 'current_timestamp', 'localtime', 'localtimestamp',
  'lower', 'upper', 'trim', 'btrim', 'concat', 'length', 'to_char', 'to_date', 'to_timestamp', 'to_json', 'to_jsonb', 'json_build_object',
  'jsonb_build_object', 'json_build_array', 'jsonb_build_array', 'array_length', 'date_trunc', 'make_interval', 'make_date', 'abs', 'round',
  'coalesce', 'nullif', 'greatest', 'least', 'current_user', 'current_schema', 'current_setting',
]);

/** Whether a DEFAULT expression is the same for every row (PostgreSQL 11+ then adds the column without a rewrite). */
function isNonVolatile(node: Node | undefined): boolean {
  if (!node) return true;
  if ('A_Const' in node || 'SQLValueFunction' in node || 'ParamRef' in node) return true;
  if ('TypeCast' in node) return isNonVolatile(node.TypeCast.arg);
  if ('CollateClause' in node) return isNonVolatile(node.CollateClause.arg);
  if ('A_ArrayExpr' in node) return (node.A_ArrayExpr.elements ?? []).every(isNonVolatile);
  if ('A_Expr' in node) return isNonVolatile(node.A_Expr.lexpr) && isNonVolatile(node.A_Expr.rexpr);
  if ('BoolExpr' in node) return (node.BoolExpr.args ?? []).every(isNonVolatile);
  if ('CoalesceExpr' in node) return (node.CoalesceExpr.args ?? []).every(isNonVolatile);
  if ('FuncCall' in node) {
    const name = names(node.FuncCall.funcname).pop()?.toLowerCase() ?? '';
    return NON_VOLATILE_FUNCTIONS.has(name) && (node.FuncCall.args ?? []).every(isNonVolatile);
  }
  return false;
}

/** The SQL of an expression for messages: from the statement text when we have its location, else a placeholder. */
function expressionText(node: Node | undefined): string {
  if (!node) return '';
  if ('FuncCall' in node) return `${names(node.FuncCall.funcname).join('.')}(...)`;
  if ('TypeCast' in node) return `${expressionText(node.TypeCast.arg)}::${typeFacts(node.TypeCast.typeName).text}`;
  if ('A_Const' in node) {
    const value = node.A_Const;
    if (value.sval) return `'${value.sval.sval ?? ''}'`;
    if (value.ival) return String(value.ival.ival ?? 0);
    if (value.fval) return String(value.fval.fval ?? '');
    if (value.boolval) return String(value.boolval.boolval ?? false);
    if (value.isnull) return 'NULL';
  }
  if ('SQLValueFunction' in node) return (node.SQLValueFunction.op ?? '').replace(/^SVFOP_/, '');
  return 'an expression';
}

function columnDefinition(def: ColumnDef, defaultSchema: string, tableConstraints: Node[] = []): ColumnDefinition {
  const type = typeFacts(def.typeName);
  const column: ColumnDefinition = {
    name: def.colname ?? '',
    type: type.text,
    family: type.family,
    serial: type.serial,
    identity: false,
    notNull: def.is_not_null === true,
    primaryKey: false,
    unique: false,
    generated: false,
  };
  for (const node of def.constraints ?? []) {
    if (!('Constraint' in node)) continue;
    const constraint = node.Constraint;
    switch (constraint.contype) {
      case 'CONSTR_NOTNULL':
        column.notNull = true;
        break;
      case 'CONSTR_PRIMARY':
        column.primaryKey = true;
        column.notNull = true;
        break;
      case 'CONSTR_UNIQUE':
        column.unique = true;
        break;
      case 'CONSTR_IDENTITY':
        column.identity = true;
        break;
      case 'CONSTR_GENERATED':
        column.generated = true;
        break;
      case 'CONSTR_FOREIGN':
        column.references = qualified(constraint.pktable, defaultSchema);
        break;
      case 'CONSTR_DEFAULT':
        column.default = { text: expressionText(constraint.raw_expr), volatile: !isNonVolatile(constraint.raw_expr) };
        break;
      default:
    }
  }
  for (const node of tableConstraints) {
    if ('Constraint' in node && node.Constraint.contype === 'CONSTR_PRIMARY' && names(node.Constraint.keys).includes(column.name)) column.primaryKey = true;
  }
  return column;
}

function constraintKind(contype: Constraint['contype']): Extract<SqlOperation, { kind: 'add-constraint' }>['constraint'] {
  switch (contype) {
    case 'CONSTR_FOREIGN':
      return 'foreign-key';
    case 'CONSTR_CHECK':
      return 'check';
    case 'CONSTR_UNIQUE':
      return 'unique';
    case 'CONSTR_PRIMARY':
      return 'primary-key';
    case 'CONSTR_EXCLUSION':
      return 'exclusion';
    default:
      return 'other';
  }
}

/** CHECK (col IS NOT NULL): the column. */
function notNullColumn(constraint: Constraint): string | undefined {
  const expr = constraint.raw_expr;
  if (!expr || !('NullTest' in expr) || expr.NullTest.nulltesttype !== 'IS_NOT_NULL') return undefined;
  const arg = expr.NullTest.arg;
  return arg && 'ColumnRef' in arg ? names(arg.ColumnRef.fields).pop() : undefined;
}

function addConstraint(table: QualifiedName, constraint: Constraint, defaultSchema: string): SqlOperation {
  const kind = constraintKind(constraint.contype);
  const notValid = constraint.skip_validation === true;
  // A foreign key takes SHARE ROW EXCLUSIVE on both tables and scans the table unless NOT VALID;
  // every other constraint takes ACCESS EXCLUSIVE (a unique or primary key builds its index under it).
  const lock = kind === 'foreign-key' ? 'SHARE ROW EXCLUSIVE' : ACCESS_EXCLUSIVE;
  const usingIndex = constraint.indexname !== undefined;
  return {
    kind: 'add-constraint',
    table,
    constraint: kind,
    ...(constraint.conname ? { name: constraint.conname } : {}),
    notValid,
    usingIndex,
    ...(constraint.pktable ? { references: qualified(constraint.pktable, defaultSchema) } : {}),
    ...(kind === 'check' && notNullColumn(constraint) ? { notNullColumn: notNullColumn(constraint) } : {}),
    lock,
    scans: !notValid && !usingIndex && kind !== 'other',
  };
}

function alterTable(relation: RangeVar | undefined, cmds: Node[] | undefined, defaultSchema: string): SqlOperation[] {
  const table = qualified(relation, defaultSchema);
  const operations: SqlOperation[] = [];
  for (const node of cmds ?? []) {
    if (!('AlterTableCmd' in node)) continue;
    const cmd = node.AlterTableCmd;
    const def = cmd.def;
    switch (cmd.subtype) {
      case 'AT_AddColumn': {
        if (!def || !('ColumnDef' in def)) break;
        const column = columnDefinition(def.ColumnDef, defaultSchema);
        const rewrites = column.generated || column.default?.volatile === true || column.serial || column.identity;
        operations.push({ kind: 'add-column', table, ifNotExists: cmd.missing_ok === true, column, lock: ACCESS_EXCLUSIVE, rewrites });
        break;
      }
      case 'AT_DropColumn':
        operations.push({ kind: 'drop-column', table, column: cmd.name ?? '', ifExists: cmd.missing_ok === true, lock: ACCESS_EXCLUSIVE });
        break;
      case 'AT_AlterColumnType': {
        const type = def && 'ColumnDef' in def ? typeFacts(def.ColumnDef.typeName) : { text: '', family: 'other' as const };
        // PostgreSQL's grammar keeps ALTER ... TYPE ... USING expr in the ColumnDef's raw_default.
        const using = def !== undefined && 'ColumnDef' in def && def.ColumnDef.raw_default !== undefined;
        operations.push({ kind: 'alter-column-type', table, column: cmd.name ?? '', type: type.text, family: type.family, using, lock: ACCESS_EXCLUSIVE, rewrites: true });
        break;
      }
      case 'AT_SetNotNull':
        operations.push({ kind: 'set-not-null', table, column: cmd.name ?? '', lock: ACCESS_EXCLUSIVE, scans: true });
        break;
      case 'AT_AddConstraint':
        if (def && 'Constraint' in def) operations.push(addConstraint(table, def.Constraint, defaultSchema));
        break;
      case 'AT_ValidateConstraint':
        operations.push({ kind: 'validate-constraint', table, name: cmd.name ?? '', lock: 'SHARE UPDATE EXCLUSIVE', scans: true });
        break;
      case 'AT_DropConstraint':
        operations.push({ kind: 'drop-constraint', table, name: cmd.name ?? '', ifExists: cmd.missing_ok === true, lock: ACCESS_EXCLUSIVE });
        break;
      default:
        operations.push({ kind: 'other', statement: `ALTER TABLE ${(cmd.subtype ?? '').replace(/^AT_/, '')}`, table, lock: ACCESS_EXCLUSIVE });
    }
  }
  return operations;
}

function createTable(stmt: Extract<Node, { CreateStmt: unknown }>['CreateStmt'], defaultSchema: string): SqlOperation {
  const constraints = [...(stmt.tableElts ?? []).filter((node) => 'Constraint' in node), ...(stmt.constraints ?? [])];
  const columns = (stmt.tableElts ?? []).flatMap((node) => ('ColumnDef' in node ? [columnDefinition(node.ColumnDef, defaultSchema, constraints)] : []));
  return { kind: 'create-table', table: qualified(stmt.relation, defaultSchema), ifNotExists: stmt.if_not_exists === true, temporary: stmt.relation?.relpersistence === 't', columns };
}

function rangeVars(objects: Node[] | undefined, defaultSchema: string): QualifiedName[] {
  return (objects ?? []).map((node) => ('List' in node ? qualifiedFromList(node.List.items, defaultSchema) : { schema: defaultSchema, name: names([node])[0] ?? '' }));
}

function operationsOf(node: Node, defaultSchema: string): SqlOperation[] {
  if ('AlterTableStmt' in node) {
    const stmt = node.AlterTableStmt;
    if (stmt.objtype === 'OBJECT_TABLE' || stmt.objtype === undefined) return alterTable(stmt.relation, stmt.cmds, defaultSchema);
    return [{ kind: 'other', statement: `ALTER ${(stmt.objtype ?? '').replace(/^OBJECT_/, '')}` }];
  }
  if ('CreateStmt' in node) return [createTable(node.CreateStmt, defaultSchema)];
  if ('IndexStmt' in node) {
    const stmt = node.IndexStmt;
    const concurrently = stmt.concurrent === true;
    return [
      {
        kind: 'create-index',
        table: qualified(stmt.relation, defaultSchema),
        ...(stmt.idxname ? { name: stmt.idxname } : {}),
        unique: stmt.unique === true,
        concurrently,
        ifNotExists: stmt.if_not_exists === true,
        lock: concurrently ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE',
        scans: true,
      },
    ];
  }
  if ('DropStmt' in node) {
    const stmt = node.DropStmt;
    const ifExists = stmt.missing_ok === true;
    if (stmt.removeType === 'OBJECT_INDEX') {
      return [{ kind: 'drop-index', names: rangeVars(stmt.objects, defaultSchema), concurrently: stmt.concurrent === true, ifExists, lock: stmt.concurrent ? 'SHARE UPDATE EXCLUSIVE' : ACCESS_EXCLUSIVE }];
    }
    if (stmt.removeType === 'OBJECT_TABLE') return [{ kind: 'drop-table', tables: rangeVars(stmt.objects, defaultSchema), ifExists, lock: ACCESS_EXCLUSIVE }];
    return [{ kind: 'drop-other', object: (stmt.removeType ?? '').replace(/^OBJECT_/, ''), ifExists }];
  }
  if ('RenameStmt' in node) {
    const stmt = node.RenameStmt;
    const table = qualified(stmt.relation, defaultSchema);
    if (stmt.renameType === 'OBJECT_COLUMN' && stmt.relationType === 'OBJECT_TABLE') return [{ kind: 'rename-column', table, column: stmt.subname ?? '', to: stmt.newname ?? '', lock: ACCESS_EXCLUSIVE }];
    if (stmt.renameType === 'OBJECT_TABLE') return [{ kind: 'rename-table', table, to: stmt.newname ?? '', lock: ACCESS_EXCLUSIVE }];
    return [{ kind: 'other', statement: `RENAME ${(stmt.renameType ?? '').replace(/^OBJECT_/, '')}`, ...(stmt.relation ? { table } : {}) }];
  }
  if ('DropdbStmt' in node) return [{ kind: 'drop-database', name: node.DropdbStmt.dbname ?? '' }];
  if ('TransactionStmt' in node) {
    const kind = node.TransactionStmt.kind;
    const action = kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START' ? 'begin' : kind === 'TRANS_STMT_COMMIT' ? 'commit' : kind === 'TRANS_STMT_ROLLBACK' ? 'rollback' : kind === 'TRANS_STMT_SAVEPOINT' ? 'savepoint' : 'other';
    return [{ kind: 'transaction', action }];
  }
  if ('VariableSetStmt' in node) {
    const stmt = node.VariableSetStmt;
    const setting = stmt.name?.toLowerCase();
    if ((setting === 'lock_timeout' || setting === 'statement_timeout') && stmt.kind === 'VAR_SET_VALUE') {
      return [{ kind: 'set-timeout', setting, value: (stmt.args ?? []).map(expressionText).join(', ') }];
    }
    return [{ kind: 'other', statement: 'SET' }];
  }
  const locking = lockingMaintenance(node, defaultSchema);
  if (locking) return [locking];
  const [statement] = Object.keys(node);
  return [{ kind: 'other', statement: statement ?? 'unknown' }];
}

/** PostgreSQL's table lock modes, by the number LOCK TABLE's parse tree gives them. */
const LOCK_MODES = ['', 'ACCESS SHARE', 'ROW SHARE', 'ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'];

/** A DefElem argument that says false (`false`, `off`, `0`). */
function isFalse(arg: Node | undefined): boolean {
  if (!arg) return false;
  if ('Boolean' in arg) return arg.Boolean.boolval !== true;
  if ('String' in arg) return ['false', 'off', 'no', '0'].includes((arg.String.sval ?? '').toLowerCase());
  if ('Integer' in arg) return (arg.Integer.ival ?? 0) === 0;
  if ('A_Const' in arg) return arg.A_Const.boolval ? arg.A_Const.boolval.boolval !== true : arg.A_Const.ival ? (arg.A_Const.ival.ival ?? 0) === 0 : false;
  return false;
}

/** Statements that are not DDL but lock a table: COMMENT ON, LOCK TABLE, VACUUM, REINDEX. */
function lockingMaintenance(node: Node, defaultSchema: string): SqlOperation | undefined {
  if ('CommentStmt' in node) {
    const stmt = node.CommentStmt;
    const object = stmt.object;
    const table = stmt.objtype === 'OBJECT_TABLE' && object && 'List' in object ? qualifiedFromList(object.List.items, defaultSchema) : stmt.objtype === 'OBJECT_COLUMN' && object && 'List' in object ? qualifiedFromList((object.List.items ?? []).slice(0, -1), defaultSchema) : undefined;
    return { kind: 'other', statement: 'COMMENT', ...(table ? { table, lock: 'SHARE UPDATE EXCLUSIVE' } : {}) };
  }
  if ('LockStmt' in node) {
    const [first] = node.LockStmt.relations ?? [];
    const table = first && 'RangeVar' in first ? qualified(first.RangeVar, defaultSchema) : undefined;
    return { kind: 'other', statement: 'LOCK', ...(table ? { table } : {}), lock: LOCK_MODES[node.LockStmt.mode ?? 8] ?? 'ACCESS EXCLUSIVE' };
  }
  if ('VacuumStmt' in node) {
    const full = (node.VacuumStmt.options ?? []).some((option) => 'DefElem' in option && option.DefElem.defname === 'full');
    const [first] = node.VacuumStmt.rels ?? [];
    const table = first && 'VacuumRelation' in first && first.VacuumRelation.relation ? qualified(first.VacuumRelation.relation, defaultSchema) : undefined;
    return { kind: 'other', statement: node.VacuumStmt.is_vacuumcmd === false ? 'ANALYZE' : 'VACUUM', ...(table ? { table } : {}), lock: full ? 'ACCESS EXCLUSIVE' : 'SHARE UPDATE EXCLUSIVE', scans: true };
  }
  if ('ReindexStmt' in node) {
    const stmt = node.ReindexStmt;
    // `(CONCURRENTLY)` alone means true; `(CONCURRENTLY false)` turns it off.
    const concurrently = (stmt.params ?? []).some((param) => 'DefElem' in param && param.DefElem.defname === 'concurrently' && !isFalse(param.DefElem.arg));
    // REINDEX INDEX locks the index (and its table against writes): the relation named is the one reported.
    const table = stmt.relation && (stmt.kind === 'REINDEX_OBJECT_TABLE' || stmt.kind === 'REINDEX_OBJECT_INDEX') ? qualified(stmt.relation, defaultSchema) : undefined;
    return { kind: 'other', statement: 'REINDEX', ...(table ? { table } : {}), lock: concurrently ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE', scans: true };
  }
  return undefined;
}
