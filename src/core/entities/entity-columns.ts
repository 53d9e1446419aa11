// An entity's own columns: those of its class and its parents (multiple-table inheritance), of its
// single-table-inheritance children and discriminator, tree columns, and embedded columns with
// their prefixes (EntityMetadataBuilder.computeEntityMetadataStep1/2 and EmbeddedMetadata).
import type { Options } from './args';
import { columnFromArgs, str } from './columns';
import type { BuildContext, ColumnMeta, EntityMeta } from './metadata';
import { builtin } from './static-values';


export function buildOwnColumns(context: BuildContext, meta: EntityMeta, registration: string[], stiChildTargets: Set<string>, discriminator?: Options): void {
  const { storage } = context;
  for (const args of storage.filterColumns(registration)) {
    // Multiple-table inheritance: a subclass may override a column's default.
    let columnArgs = args;
    if (args.target !== meta.table.target) {
      const own = storage.ofTarget(storage.columns, meta.table.target).find((c) => c.propertyName === args.propertyName);
      if (own?.options.default) columnArgs = { ...args, options: { ...args.options, default: own.options.default } };
    }
    const column = columnFromArgs(context, columnArgs, [], '');
    if (stiChildTargets.has(args.target)) column.nullable = true;
    meta.columns.push(column);
  }
  if (meta.sti) {
    const propertyName = str(discriminator?.name) ?? 'type';
    const existing = meta.columns.find((c) => c.propertyName === propertyName);
    if (existing) existing.isDiscriminator = true;
    else {
      const options = discriminator ?? { name: propertyName, type: 'varchar', nullable: false };
      const column = columnFromArgs(context, { target: meta.table.target, propertyName, mode: 'virtual', options: { type: 'varchar', ...options }, span: meta.table.span }, [], '');
      column.isDiscriminator = true;
      meta.columns.push(column);
    }
  }
  if (meta.tree?.type === 'materialized-path') {
    meta.columns.push(
      columnFromArgs(context, { target: meta.table.target, propertyName: 'mpath', mode: 'virtual', options: { name: 'mpath', type: builtin('String'), nullable: true, default: '' }, span: meta.table.span }, [], ''),
    );
  } else if (meta.tree?.type === 'nested-set') {
    for (const [name, value] of [['nsleft', 1], ['nsright', 2]] as const) {
      meta.columns.push(columnFromArgs(context, { target: meta.table.target, propertyName: name, mode: 'virtual', options: { name, type: builtin('Number'), nullable: false, default: value }, span: meta.table.span }, [], ''));
    }
  }
  for (const args of storage.filterRelations(registration)) {
    meta.relations.push({ args, propertyPath: args.propertyName, prefixes: [], entity: meta, joinColumns: [] });
  }
  meta.indices.push(...storage.filter(storage.indices, registration).map((args) => ({ args })));
  meta.uniques.push(...storage.filter(storage.uniques, registration).map((args) => ({ args })));
  meta.checks.push(...storage.filter(storage.checks, registration));
  meta.foreignKeyArgs = storage.filter(storage.foreignKeys, registration);
  meta.exclusions.push(...storage.filter(storage.exclusions, registration));
  meta.unknowns.push(...storage.filter(storage.unknowns, registration));
  meta.hasEmbeddeds = storage.filterEmbeddeds(registration).length > 0;
  buildEmbeddeds(context, meta, registration, [], '', 0);
  // Generation strategies (@Generated, PrimaryGeneratedColumn), applied last as TypeORM does.
  for (const column of meta.columns) {
    if (column.prefixes.length > 0) continue;
    const generated = storage.findGenerated(registration, column.propertyName);
    if (!generated) continue;
    if (generated.unknown) {
      // Which strategy, and so which default (and whether a uuid type), is not known.
      const unknown = { kind: 'unknown' as const, ...generated.unknown };
      column.certainty = { ...column.certainty, default: unknown, ...(column.type ? {} : { type: unknown }) };
      continue;
    }
    column.generation = generated.strategy;
    if (generated.strategy === 'uuid') column.type = 'uuid';
    else if (generated.strategy === 'rowid') column.type = 'int';
    else column.type = column.type || builtin('Number');
  }
}

function buildEmbeddeds(context: BuildContext, meta: EntityMeta, targets: string[], parentPrefixes: string[], pathPrefix: string, depth: number): void {
  if (depth > 8) return;
  const { storage } = context;
  for (const embedded of storage.filterEmbeddeds(targets)) {
    const partial = embedded.prefix === undefined || embedded.prefix === true ? [embedded.propertyName] : embedded.prefix === '' || embedded.prefix === false ? [] : [String(embedded.prefix)];
    const prefixes = [...parentPrefixes, ...partial];
    const path = `${pathPrefix}${embedded.propertyName}.`;
    const embeddedTargets = [...context.inheritanceTree(embedded.type)].reverse();
    for (const args of storage.filterColumns(embeddedTargets)) {
      const column = columnFromArgs(context, args, prefixes, path);
      if (meta.sti) column.nullable = true;
      meta.columns.push(column);
    }
    for (const args of storage.filterRelations(embeddedTargets)) {
      meta.relations.push({ args, propertyPath: path + args.propertyName, prefixes, entity: meta, joinColumns: [] });
    }
    meta.indices.push(...storage.filter(storage.indices, embeddedTargets).map((args) => ({ args, prefix: path })));
    meta.unknowns.push(...storage.filter(storage.unknowns, embeddedTargets));
    meta.uniques.push(...storage.filter(storage.uniques, embeddedTargets).map((args) => ({ args, prefix: path })));
    buildEmbeddeds(context, meta, embeddedTargets, prefixes, path, depth + 1);
  }
}

export function primaryColumns(meta: EntityMeta): ColumnMeta[] {
  return meta.columns.filter((c) => c.primary);
}

