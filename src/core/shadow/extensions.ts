// Which PostgreSQL extensions a replay needs. PGlite loads a contrib extension only when it is
// handed the extension's bundle at startup, so the migrations are scanned first: every
// `CREATE EXTENSION` they run, plus the extensions TypeORM itself creates when it connects with
// entities (PostgresDriver.afterConnect: uuid-ossp for uuid_generate_v4(), citext, hstore, cube,
// ltree, btree_gist for exclusion constraints). Generated migrations rely on those without
// creating them, because the database they were generated against already had them.

const createExtension = /CREATE\s+EXTENSION\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:"([^"]+)"|([\w-]+))/gi;

/** Extensions TypeORM creates at connect time, and the text in a migration that shows it needs them. */
const impliedByTypeOrm: { extension: string; evidence: RegExp }[] = [
  { extension: 'uuid-ossp', evidence: /\buuid_generate_v[14]\w*\s*\(/i },
  { extension: 'citext', evidence: /\bcitext\b/i },
  { extension: 'hstore', evidence: /\bhstore\b/i },
  { extension: 'cube', evidence: /\bcube\b/i },
  { extension: 'ltree', evidence: /\bltree\b/i },
  { extension: 'btree_gist', evidence: /\bEXCLUDE\s+USING\s+gist\b/i },
];

export interface NeededExtensions {
  /** Named by a migration's own CREATE EXTENSION: the migration creates it. */
  created: string[];
  /** Used without being created: the replay creates them first, as TypeORM does on connect. */
  implied: string[];
}

export function neededExtensions(migrationSources: string[]): NeededExtensions {
  const created = new Set<string>();
  const implied = new Set<string>();
  for (const source of migrationSources) {
    for (const match of source.matchAll(createExtension)) created.add((match[1] ?? match[2]).toLowerCase());
    for (const { extension, evidence } of impliedByTypeOrm) if (evidence.test(source)) implied.add(extension);
  }
  for (const extension of created) implied.delete(extension);
  return { created: [...created].sort(), implied: [...implied].sort() };
}
