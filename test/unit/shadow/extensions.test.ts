import assert from 'node:assert/strict';
import { neededExtensions } from '../../../src/core/shadow/extensions';

describe('shadow extensions', () => {
  it('finds the extensions migrations create, quoted or not, with or without IF NOT EXISTS', () => {
    const needed = neededExtensions([
      'await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS "uuid-ossp"`);',
      "await queryRunner.query('create extension pg_trgm');",
      'await queryRunner.query(`CREATE EXTENSION "PGCRYPTO" WITH SCHEMA public`);',
    ]);
    assert.deepEqual(needed, { created: ['pg_trgm', 'pgcrypto', 'uuid-ossp'], implied: [] });
  });

  it('adds the extensions TypeORM creates on connect when a generated migration relies on them', () => {
    const generated = 'CREATE TABLE "a" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "email" citext NOT NULL, "tags" hstore, "path" ltree, EXCLUDE USING gist ("room" WITH =))';
    assert.deepEqual(neededExtensions([generated]), { created: [], implied: ['btree_gist', 'citext', 'hstore', 'ltree', 'uuid-ossp'] });
  });

  it('does not create an implied extension that a migration creates itself', () => {
    const needed = neededExtensions(['CREATE EXTENSION IF NOT EXISTS "uuid-ossp"', 'DEFAULT uuid_generate_v4()']);
    assert.deepEqual(needed, { created: ['uuid-ossp'], implied: [] });
  });

  it('needs nothing for gen_random_uuid(), built into PostgreSQL 13 and later', () => {
    assert.deepEqual(neededExtensions(['"id" uuid NOT NULL DEFAULT gen_random_uuid()']), { created: [], implied: [] });
  });
});
