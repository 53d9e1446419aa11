import assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/rules/finding';
import { findingsForTable, objectAt, tablesInFile } from '../../../src/extension/modelLookup';
import { postTable } from './fixtures';

const file = '/p/src/post.entity.ts';
const model = { tables: [postTable(file)], enums: [], views: [] };

describe('extension/modelLookup', () => {
  it('finds the column under the cursor', () => {
    const hit = objectAt(model, file, 120);
    assert.equal(hit?.column?.name, 'title');
  });

  it('finds the relation (and its join column) under the cursor', () => {
    const hit = objectAt(model, file, 230);
    assert.equal(hit?.foreignKey?.relation, 'author');
    assert.equal(hit?.column?.name, 'authorId');
  });

  it('falls back to the table inside the class, and to nothing outside it or in another file', () => {
    assert.equal(objectAt(model, file, 300)?.table.name, 'post');
    assert.equal(objectAt(model, file, 300)?.column, undefined);
    assert.equal(objectAt(model, file, 900), undefined);
    assert.equal(objectAt(model, '/p/other.ts', 120), undefined);
  });

  it('lists tables by file and findings by table', () => {
    assert.deepEqual(tablesInFile(model, file).map((t) => t.name), ['post']);
    const finding = (table: string): Finding => ({ code: 'SL101', category: 'drift', severity: 'warning', message: 'm', schema: 'public', table, fixes: [] });
    assert.equal(findingsForTable([finding('post'), finding('user'), finding('post')], 'public', 'post').length, 2);
  });
});
