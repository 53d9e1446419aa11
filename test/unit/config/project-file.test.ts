// schema-lens.json's reader declarations as data: what is kept, what is refused with a warning, and
// how the settings' declarations merge over the file's.
import assert from 'node:assert/strict';
import { checkDeclarations, mergeDeclarations } from '../../../src/core/config/project-file';
import type { ReadProblem } from '../../../src/core/model/schema';

describe('schema-lens.json declarations', function () {
  it('keeps well-formed decorators, env and values', function () {
    const problems: ReadProblem[] = [];
    const declarations = checkDeclarations(
      {
        decorators: { EntityId: { as: 'PrimaryGeneratedColumn', options: { type: 'int' } } },
        env: { DB_TYPE: 'postgres', ORM: null },
        values: { 'src/utils/db-aware-column.ts#dbType': 'postgres', 'flags.ts#enabled': ['tax'] },
      },
      'schema-lens.json',
      problems,
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(declarations, {
      decorators: { EntityId: { as: 'PrimaryGeneratedColumn', options: { type: 'int' } } },
      env: { DB_TYPE: 'postgres', ORM: null },
      values: { 'src/utils/db-aware-column.ts#dbType': 'postgres', 'flags.ts#enabled': ['tax'] },
    });
  });

  it('refuses a malformed entry with a warning that says the expected form, and keeps the rest', function () {
    const problems: ReadProblem[] = [];
    const declarations = checkDeclarations(
      { decorators: { Bad: { options: {} } }, env: { X: 1 }, values: { dbType: 'postgres', 'db.ts#dbType': 'postgres', 'db.ts#': 1 } },
      'schema-lens.json',
      problems,
    );
    assert.deepEqual(declarations, { decorators: {}, values: { 'db.ts#dbType': 'postgres' } });
    assert.deepEqual(
      problems.map((problem) => problem.message),
      [
        'schema-lens.json: "decorators.Bad" needs "as": the TypeORM decorator it stands for, e.g. "Column"; it is ignored.',
        'schema-lens.json: "env" must map variable names to strings (or null for "not set")',
        'schema-lens.json: "values.dbType" must be named "file#name", e.g. "src/db.ts#dbType"; it is ignored.',
        'schema-lens.json: "values.db.ts#" must be named "file#name", e.g. "src/db.ts#dbType"; it is ignored.',
      ],
    );
  });

  it('the settings declare over the file, name by name', function () {
    const merged = mergeDeclarations(
      { env: { A: '1', B: '2' }, values: { 'a.ts#x': 1, 'b.ts#y': 2 } },
      { env: { B: '3' }, values: { 'b.ts#y': 3 } },
    );
    assert.deepEqual(merged, { env: { A: '1', B: '3' }, values: { 'a.ts#x': 1, 'b.ts#y': 3 } });
  });
});
