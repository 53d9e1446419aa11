// The fixture projects the oracle runs (test/fixtures/projects/*): what a user's configuration would
// tell Schema Lens about each one, plus what the database needs before TypeORM can synchronize.
import { join } from 'node:path';
import type { TypeormPackage } from './synchronize';

export interface OracleFixture {
  name: string;
  /** Absolute project root (holds tsconfig.json). */
  root: string;
  dataSourceFile: string;
  naming: 'default' | 'snake';
  /** The entity globs of the project's DataSource, relative to root, in .ts form. */
  entityGlobs: string[];
  /** The DataSource's `uuidExtension`, when it sets one. */
  uuidExtension?: 'uuid-ossp' | 'pgcrypto';
  /** The DataSource's `entityPrefix`, when it sets one. */
  entityPrefix?: string;
  /** Schemas the entities live in (introspected). */
  schemas: string[];
  /** TypeORM does not create schemas on PostgreSQL: a real project's init script or migration does. */
  setupSql?: string;
  /**
   * What the entity reader is expected to leave unknown (each cause's reason, sorted): compared with
   * nothing by the oracle and the product alike, but it must be exactly this, no more, no less.
   */
  expectedUnknowns?: string[];
}

const projects = join(__dirname, '../../../fixtures/projects');

export const oracleFixtures: OracleFixture[] = [
  {
    name: 'blog',
    root: join(projects, 'blog'),
    dataSourceFile: 'src/data-source.ts',
    naming: 'default',
    entityGlobs: ['src/entity/**/*.ts'],
    schemas: ['public'],
  },
  {
    name: 'shop',
    root: join(projects, 'shop'),
    dataSourceFile: 'src/data-source.ts',
    naming: 'snake',
    entityGlobs: ['src/entities/**/*.entity.ts'],
    schemas: ['public'],
  },
  {
    name: 'saas',
    root: join(projects, 'saas'),
    dataSourceFile: 'src/data-source.ts',
    naming: 'default',
    entityGlobs: ['src/modules/**/entities/*.entity.ts', 'src/modules/**/entities/*.view.ts', 'src/modules/**/entities/*.schema.ts'],
    entityPrefix: 'app_',
    schemas: ['public', 'identity', 'billing', 'content', 'config'],
    setupSql: 'CREATE SCHEMA identity; CREATE SCHEMA billing; CREATE SCHEMA content; CREATE SCHEMA config;',
  },
  {
    name: 'legacy',
    root: join(projects, 'legacy'),
    dataSourceFile: 'src/data-source.ts',
    naming: 'default',
    entityGlobs: ['src/entity/*.ts'],
    uuidExtension: 'pgcrypto',
    schemas: ['public', 'Archive'],
    setupSql: 'CREATE SCHEMA "Archive";',
  },
  {
    // Wrappers of TypeORM's decorators in a workspace package, helpers and constants, a boot-time
    // id strategy and a feature flag declared in schema-lens.json, and what stays unknown.
    name: 'wrappers',
    root: join(projects, 'wrappers'),
    dataSourceFile: 'src/data-source.ts',
    naming: 'default',
    entityGlobs: ['src/entity/**/*.entity.ts'],
    schemas: ['public'],
    // ACME_DB_TYPE is not declared (the driver-aware column and the conditional spread read it); the
    // configured timestamp reads a file at run time.
    expectedUnknowns: ["'process.env.ACME_DB_TYPE' is read at run time", "`@ConfiguredTimestamp()`: 'try { ...' cannot be read statically"],
  },
  {
    // Constructs of public projects that gave false drift claims (bench/realworld): relation targets
    // reached through require(), an entity on TypeORM's migrations table, string 'now()' defaults.
    name: 'realworld',
    root: join(projects, 'realworld'),
    dataSourceFile: 'src/data-source.ts',
    naming: 'default',
    entityGlobs: ['src/entity/*.ts'],
    schemas: ['public'],
    expectedUnknowns: ["a string default 'now()' is turned by PostgreSQL into the time the column was created (a fixed value, not the time of each insert)"],
  },
];

export interface OracleTypeorm {
  label: string;
  typeormPackage: TypeormPackage;
}

export const oracleTypeorms: OracleTypeorm[] = [
  { label: 'TypeORM 0.3', typeormPackage: 'typeorm03' },
  { label: 'TypeORM 1.x', typeormPackage: 'typeorm' },
];
