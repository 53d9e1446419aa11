// An entity table's columns, primary key, uniques, indexes, checks and exclusions, with the
// property paths the decorators name resolved to database column names.
import type { Index, SourceSpan, Table, UnknownFact } from '../model/schema';
import { toColumn } from './columns';
import type { BuildContext, EntityMeta } from './metadata';

/**
 * Given property paths (or relation names) -> database column names; the unknown fact when one of
 * them is a column the reader could not read (or may be: the entity has properties it could not
 * read); undefined, with a warning, when the entity has no such column at all.
 */
function resolveColumns(context: BuildContext, meta: EntityMeta, names: string[], prefix: string | undefined, span: SourceSpan, unreadColumns: UnknownFact[]): string[] | UnknownFact | undefined {
  const result: string[] = [];
  for (const given of names) {
    const path = (prefix ?? '') + given.trim();
    const column = meta.columns.find((c) => c.propertyPath === path && c.mode !== 'virtual') ?? meta.columns.find((c) => c.propertyPath === path);
    if (column?.nameUnknown) return column.nameUnknown;
    if (column && !meta.relations.some((r) => r.propertyPath === path && r.joinColumns.length > 0 && r.joinColumns.includes(column))) {
      result.push(column.databaseName);
      continue;
    }
    const relation = meta.relations.find((r) => r.propertyPath === path && r.joinColumns.length > 0);
    if (relation) {
      result.push(...relation.joinColumns.map((c) => c.databaseName));
      continue;
    }
    const byDatabaseName = meta.columns.find((c) => c.databaseName === given);
    if (byDatabaseName) {
      result.push(byDatabaseName.databaseName);
      continue;
    }
    if (unreadColumns.length > 0) return unreadColumns[0];
    context.problems.push({ severity: 'warning', message: `${meta.table.className} has no column or relation '${given}'.`, span });
    return undefined;
  }
  return result;
}

export function finishTable(context: BuildContext, meta: EntityMeta): void {
  const out = meta.out;
  const unreadColumns: UnknownFact[] = [];
  const unreadConstraints: UnknownFact[] = [];
  for (const member of meta.unknowns) (member.affects === 'columns' ? unreadColumns : unreadConstraints).push(member.fact);
  const seen = new Set<string>();
  for (const column of meta.columns) {
    // A column whose name is not known cannot be matched with anything: it is an unread column.
    if (column.nameUnknown) {
      unreadColumns.push(column.nameUnknown);
      continue;
    }
    if (seen.has(column.databaseName)) continue;
    seen.add(column.databaseName);
    if (column.typeProblem) context.problems.push(column.typeProblem);
    out.columns.push(toColumn(context, column, meta.tableName, meta.schema));
  }
  const primary = meta.columns.filter((c, i, all) => c.primary && !c.nameUnknown && all.findIndex((o) => o.databaseName === c.databaseName) === i);
  if (primary.length > 0) {
    out.primaryKey = { columns: primary.map((c) => c.databaseName), span: primary[0].span };
  }
  const keep = (columns: string[] | UnknownFact | undefined): columns is string[] => {
    if (columns && !Array.isArray(columns)) unreadConstraints.push(columns);
    return Array.isArray(columns);
  };
  for (const { args, prefix } of meta.uniques) {
    const columns = resolveColumns(context, meta, args.columns, prefix, args.span, unreadColumns);
    if (!keep(columns)) continue;
    const unique: Table['uniques'][number] = { columns, span: args.span };
    if (args.name) unique.name = args.name;
    out.uniques.push(unique);
  }
  for (const { args, prefix } of meta.indices) {
    if (!args.synchronize) {
      if (args.name) (out.unsynchronizedIndexes ??= []).push(args.name);
      continue;
    }
    if (!args.columns) continue;
    const columns = resolveColumns(context, meta, args.columns, prefix, args.span, unreadColumns);
    if (!keep(columns)) continue;
    const method = args.spatial ? 'gist' : context.version === '1' && args.type ? args.type.toLowerCase() : 'btree';
    const index: Index = { keys: columns.map((name) => ({ kind: 'column', name })), unique: args.unique, method, span: args.span };
    if (args.name) index.name = args.name;
    if (args.where) index.where = args.where;
    out.indexes.push(index);
  }
  // EntityMetadataBuilder.createKeysForTableInheritance, unless an embedded makes TypeORM drop it again
  // (measured on 0.3.31 and 1.1.1).
  if (meta.sti && !meta.hasEmbeddeds) {
    const discriminator = meta.columns.find((c) => c.isDiscriminator);
    const alreadyIndexed = meta.indices.some(({ args }) => args.columns?.length === 1 && args.columns[0] === discriminator?.databaseName);
    if (discriminator && !alreadyIndexed) out.indexes.push({ keys: [{ kind: 'column', name: discriminator.databaseName }], unique: false, method: 'btree', span: meta.table.span });
  }
  for (const check of meta.checks) out.checks.push(check.name ? { name: check.name, expression: check.expression, span: check.span } : { expression: check.expression, span: check.span });
  for (const exclusion of meta.exclusions) {
    out.exclusions.push(exclusion.name ? { name: exclusion.name, expression: exclusion.expression, span: exclusion.span } : { expression: exclusion.expression, span: exclusion.span });
  }
  // A column that could not be read may be the primary key when none was read; beside a primary
  // key that was read, it is taken for an ordinary column (a composite key made partly through a
  // decorator that cannot be followed is too rare to give up every table's key for).
  const primaryUnknown = meta.columns.find((c) => c.primaryUnknown)?.primaryUnknown ?? (out.primaryKey ? undefined : unreadColumns[0]);
  // TypeORM refuses an entity without a primary key (MissingPrimaryColumnError): such a class is
  // not a registered entity of a working application, so its table is not expected to exist.
  const existsUnknown =
    meta.table.existsUnknown ??
    (!out.primaryKey && !primaryUnknown
      ? {
          reason: `${meta.table.className} has no primary column, so TypeORM refuses it as an entity (MissingPrimaryColumnError); it cannot be one the application registers`,
          cause: `no-primary-key:${meta.table.target}`,
          hint: 'Give it a primary column, or leave its file out of the entity globs.',
          span: meta.table.span,
        }
      : undefined);
  if (unreadColumns.length || unreadConstraints.length || primaryUnknown || existsUnknown) {
    out.unknown = {
      ...(existsUnknown ? { exists: existsUnknown } : {}),
      ...(primaryUnknown ? { primaryKey: primaryUnknown } : {}),
      ...(unreadColumns.length ? { columns: unreadColumns } : {}),
      ...(unreadConstraints.length ? { constraints: unreadConstraints } : {}),
    };
  }
}

