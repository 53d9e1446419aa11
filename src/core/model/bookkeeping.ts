// Tables that hold bookkeeping, never entities: TypeORM's own and Schema Lens's. The database
// reader leaves them out of the model, so they never show up as drift.
import { qualifiedKey, type SchemaModel } from './schema';

export const TYPEORM_METADATA_TABLE = 'typeorm_metadata';
/**
 * Schema Lens's own record of the checksum each migration had when our `migrate` ran it (what
 * "edited after it ran" compares against). Bookkeeping like TypeORM's migrations table: no entity
 * maps it, and it must not show up as drift.
 */
export const CHECKSUM_TABLE = 'schema_lens_migration_checksums';

/**
 * The bookkeeping tables of a database read with them (`includeBookkeeping`) taken out again, but
 * those an entity maps: a project may read TypeORM's migrations table through its own entity
 * (spacebar's `@Entity({ name: 'migrations' }) class Migration`), and then it is the entity's table.
 */
export function withoutUnmappedBookkeeping(actual: SchemaModel, intended: SchemaModel | undefined, migrationsTableName?: string): SchemaModel {
  const bookkeeping = bookkeepingTables(migrationsTableName);
  const mapped = new Set((intended?.tables ?? []).map(qualifiedKey));
  const tables = actual.tables.filter((table) => !bookkeeping.has(table.name) || mapped.has(qualifiedKey(table)));
  return tables.length === actual.tables.length ? actual : { ...actual, tables };
}

/** The names of the bookkeeping tables, with the DataSource's migrationsTableName (default 'migrations'). */
export function bookkeepingTables(migrationsTableName = 'migrations'): Set<string> {
  return new Set([migrationsTableName, TYPEORM_METADATA_TABLE, CHECKSUM_TABLE]);
}
