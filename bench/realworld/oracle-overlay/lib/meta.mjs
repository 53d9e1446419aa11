// Summary of TypeORM's own (built) metadata per entity, mapping DB objects back to the
// entity class and source file they came from.
function typeName(t) {
  if (t === undefined || t === null) return null;
  if (typeof t === 'string') return t;
  if (typeof t === 'function') return t.name || 'anonymous-function';
  return String(t);
}
function serializeDefault(d) {
  if (d === undefined) return undefined;
  if (typeof d === 'function') {
    try {
      return { fn: String(d()) };
    } catch {
      return { fn: String(d) };
    }
  }
  if (d instanceof Date) return d.toISOString();
  try {
    return JSON.parse(JSON.stringify(d));
  } catch {
    return String(d);
  }
}
// drops undefined/null/empty-array values; boolean flags are passed as `x || undefined` when only `true` is interesting
const compact = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)));

export function buildMeta(ds, fileOf) {
  // overlay (d): an EntitySchema's target is its name (a string); truth.mjs maps it to its file
  const fileFor = (target) => (typeof target === 'function' || typeof target === 'string' ? fileOf.get(target) ?? null : null);
  const nameFor = (target) => (typeof target === 'function' ? target.name : typeof target === 'string' ? target : null);
  const entities = [];
  for (const em of ds.entityMetadatas) {
    let owner = null;
    if (em.tableType === 'junction') {
      // the junction's columns carry the owning relation (the side with @JoinTable)
      const rel = em.columns.find((c) => c.relationMetadata)?.relationMetadata;
      if (rel) owner = { className: rel.entityMetadata.targetName, file: fileFor(rel.entityMetadata.target), relation: rel.propertyPath };
    } else if (em.tableType === 'closure-junction') {
      const p = em.parentClosureEntityMetadata;
      if (p) owner = { className: p.targetName, file: fileFor(p.target), relation: null };
    }
    const declared = (target) => {
      if (!target || target === em.target || typeof target !== 'function') return undefined;
      return { className: nameFor(target), file: fileFor(target) };
    };
    entities.push(
      compact({
        className: em.tableType === 'junction' || em.tableType === 'closure-junction' ? null : em.targetName,
        file: owner ? owner.file : fileFor(em.target),
        tableType: em.tableType,
        schema: em.schema ?? 'public',
        tableName: em.tableName,
        givenTableName: em.givenTableName,
        owner: owner ?? undefined,
        inheritanceTree: em.inheritanceTree?.length > 1 ? em.inheritanceTree.slice(1).map((t) => ({ className: nameFor(t), file: fileFor(t) })) : undefined,
        inheritance: em.inheritancePattern
          ? compact({
              pattern: em.inheritancePattern,
              discriminatorColumn: em.discriminatorColumn?.databaseName,
              discriminatorValue: em.discriminatorValue,
              parent: em.parentEntityMetadata?.targetName,
              children: em.childEntityMetadatas?.map((c) => c.targetName),
            })
          : undefined,
        treeType: em.treeType,
        expression: em.expression ? String(em.expression).slice(0, 2000) : undefined,
        columns: em.columns.map((c) =>
          compact({
            propertyName: c.propertyName,
            propertyPath: c.propertyPath !== c.propertyName ? c.propertyPath : undefined,
            databaseName: c.databaseName,
            givenDatabaseName: c.givenDatabaseName,
            type: typeName(c.type),
            dbType: (() => {
              try {
                return ds.driver.normalizeType(c);
              } catch {
                return undefined;
              }
            })(),
            length: c.length || undefined,
            precision: c.precision ?? undefined,
            scale: c.scale ?? undefined,
            nullable: c.isNullable,
            primary: c.isPrimary || undefined,
            generated: c.isGenerated ? c.generationStrategy : undefined,
            default: serializeDefault(c.default),
            createDate: c.isCreateDate || undefined,
            updateDate: c.isUpdateDate || undefined,
            deleteDate: c.isDeleteDate || undefined,
            version: c.isVersion || undefined,
            discriminator: c.isDiscriminator || undefined,
            treeLevel: c.isTreeLevel || undefined,
            virtual: c.isVirtual || undefined,
            virtualProperty: c.isVirtualProperty || undefined,
            array: c.isArray || undefined,
            enum: c.enum,
            enumName: c.enumName,
            generatedType: c.generatedType,
            asExpression: c.asExpression,
            comment: c.comment,
            embedded: c.embeddedMetadata?.propertyPath,
            relation: c.relationMetadata?.propertyPath,
            referencedColumn: c.referencedColumn?.databaseName,
            declaredIn: declared(c.target),
          }),
        ),
        relations: em.relations.map((r) =>
          compact({
            propertyName: r.propertyName,
            propertyPath: r.propertyPath !== r.propertyName ? r.propertyPath : undefined,
            relationType: r.relationType,
            target: r.inverseEntityMetadata?.targetName,
            targetTable: r.inverseEntityMetadata?.tablePath,
            inverseSide: r.inverseSidePropertyPath || undefined,
            owning: r.isOwning || undefined,
            joinColumns: r.isOwning && !r.isManyToMany ? r.joinColumns.map((j) => ({ name: j.databaseName, referencedColumn: j.referencedColumn?.databaseName })) : undefined,
            joinTable: r.isManyToMany && r.isOwning && r.junctionEntityMetadata
              ? {
                  name: r.junctionEntityMetadata.tablePath,
                  joinColumns: r.joinColumns.map((j) => ({ name: j.databaseName, referencedColumn: j.referencedColumn?.databaseName })),
                  inverseJoinColumns: r.inverseJoinColumns.map((j) => ({ name: j.databaseName, referencedColumn: j.referencedColumn?.databaseName })),
                }
              : undefined,
            nullable: r.isNullable,
            onDelete: r.onDelete,
            onUpdate: r.onUpdate,
            createForeignKeyConstraints: r.createForeignKeyConstraints === false ? false : undefined,
            eager: r.isEager || undefined,
            lazy: r.isLazy || undefined,
            treeParent: r.isTreeParent || undefined,
            treeChildren: r.isTreeChildren || undefined,
            embedded: r.embeddedMetadata?.propertyPath,
            declaredIn: declared(r.target),
          }),
        ),
        indices: em.indices.map((i) =>
          compact({
            name: i.name,
            givenName: i.givenName,
            columns: i.columns.map((c) => c.databaseName),
            unique: i.isUnique || undefined,
            where: i.where,
            spatial: i.isSpatial || undefined,
            fulltext: i.isFulltext || undefined,
            concurrent: i.isConcurrent || undefined,
            nullFiltered: i.isNullFiltered || undefined,
            synchronize: i.synchronize === false ? false : undefined,
            declaredIn: declared(i.target),
          }),
        ),
        uniques: em.uniques.map((u) => compact({ name: u.name, givenName: u.givenName, columns: u.columns.map((c) => c.databaseName), declaredIn: declared(u.target) })),
        checks: em.checks.map((c) => compact({ name: c.name, expression: c.expression, declaredIn: declared(c.target) })),
        exclusions: em.exclusions.map((x) => compact({ name: x.name, expression: x.expression })),
        foreignKeys: em.foreignKeys.map((f) =>
          compact({
            name: f.name,
            columns: f.columnNames,
            referencedTable: f.referencedTablePath,
            referencedColumns: f.referencedColumnNames,
            onDelete: f.onDelete,
            onUpdate: f.onUpdate,
            deferrable: f.deferrable,
          }),
        ),
      }),
    );
  }
  entities.sort((a, b) => (a.file ?? '~').localeCompare(b.file ?? '~') || (a.className ?? '~').localeCompare(b.className ?? '~') || a.tableName.localeCompare(b.tableName));
  return entities;
}

/** Feature tally from the built metadata (what TypeORM actually saw). */
export function featuresFromMeta(entities) {
  const f = {};
  const bump = (k, n = 1) => {
    if (n) f[k] = (f[k] ?? 0) + n;
  };
  for (const e of entities) {
    bump(`tableType:${e.tableType}`);
    if (e.inheritance?.pattern) bump(`inheritance:${e.inheritance.pattern}`);
    if (e.inheritanceTree?.length) bump('extends abstract/base class');
    if (e.treeType) bump(`tree:${e.treeType}`);
    const synthetic = e.tableType === 'junction' || e.tableType === 'closure-junction';
    for (const c of synthetic ? [] : e.columns ?? []) {
      if (c.primary) bump(`pk:${c.generated ?? 'natural'}`);
      if (c.createDate) bump('CreateDateColumn');
      if (c.updateDate) bump('UpdateDateColumn');
      if (c.deleteDate) bump('DeleteDateColumn');
      if (c.version) bump('VersionColumn');
      if (c.enum) bump('enum column');
      if (c.array) bump('array column');
      if (c.embedded) bump('embedded column');
      if (c.givenDatabaseName && !c.relation) bump('explicit column name');
      if (c.declaredIn) bump('inherited column');
      if (c.generatedType) bump('generated (AS) column');
      if (['json', 'jsonb', 'simple-json', 'simple-array'].includes(c.type)) bump(`type:${c.type}`);
      if (c.type === 'uuid') bump('type:uuid');
    }
    for (const r of e.relations ?? []) {
      bump(`relation:${r.relationType}`);
      if (r.joinTable) bump('JoinTable');
      if (r.joinColumns?.length > 1) bump('composite join column');
      if (r.onDelete && r.onDelete !== 'NO ACTION') bump(`onDelete:${r.onDelete}`);
      if (r.eager) bump('eager relation');
      if (r.lazy) bump('lazy relation');
      if (r.createForeignKeyConstraints === false) bump('createForeignKeyConstraints:false');
    }
    for (const i of e.indices ?? []) {
      bump('index');
      if (i.unique) bump('index:unique');
      if (i.where) bump('index:partial(where)');
      // overlay (a): an index without columns (class-level @Index('NAME', { synchronize: false })) has
      // no `columns` key after compact(); it is not composite
      if ((i.columns?.length ?? 0) > 1) bump('index:composite');
      if (i.givenName) bump('index:named');
      if (i.spatial) bump('index:spatial');
      if (i.fulltext) bump('index:fulltext');
      if (i.synchronize === false) bump('index:synchronize=false');
    }
    bump('Unique constraint', e.uniques?.length ?? 0);
    bump('Check constraint', e.checks?.length ?? 0);
    bump('Exclusion constraint', e.exclusions?.length ?? 0);
  }
  return Object.fromEntries(Object.entries(f).sort());
}
