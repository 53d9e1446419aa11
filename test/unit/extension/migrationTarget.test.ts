import assert from 'node:assert/strict';
import { migrationName, migrationsFolder } from '../../../src/extension/migrationTarget';

describe('extension/migrationTarget', () => {
  it('takes the static folder of the first migrations glob', () => {
    assert.equal(migrationsFolder('/p', ['src/migrations/*.ts']), '/p/src/migrations');
    assert.equal(migrationsFolder('/p', ['db/migrations/**/*.{ts,js}']), '/p/db/migrations');
    assert.equal(migrationsFolder('/p', ['**/migrations/*.ts', 'x/*.ts']), '/p/x');
    assert.equal(migrationsFolder('/p', []), '/p/src/migrations');
  });

  it('turns a fix title into a class-safe migration name', () => {
    assert.equal(migrationName('Create migration: add index on post(authorId)'), 'CreateMigrationAddIndexOnPostAuthorId');
    assert.equal(migrationName('add_fk post.author'), 'AddFkPostAuthor');
    assert.equal(migrationName('2 things'), 'Migration2Things');
  });
});
