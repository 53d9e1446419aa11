// Tables that hold bookkeeping, never entities: TypeORM's own and Schema Lens's. The database
// reader leaves them out of the model, so they never show up as drift.

export const TYPEORM_METADATA_TABLE = 'typeorm_metadata';
/**
 * Schema Lens's own record of the checksum each migration had when our `migrate` ran it (what
 * "edited after it ran" compares against). Bookkeeping like TypeORM's migrations table: no entity
 * maps it, and it must not show up as drift.
 */
export const CHECKSUM_TABLE = 'schema_lens_migration_checksums';
