import assert from 'node:assert/strict';
import { renderHover } from '../../../src/extension/hoverText';
import { postTable } from './fixtures';

const intended = postTable('/p/post.entity.ts');

describe('extension/renderHover', () => {
  it('describes a column as the database has it, with keys and indexes', () => {
    const actual = { ...postTable('/p/post.entity.ts'), indexes: [{ name: 'IDX_title', keys: [{ kind: 'column' as const, name: 'title' }], unique: false, method: 'btree' }] };
    const text = renderHover({ table: intended, column: intended.columns[1] }, actual, 'database');
    assert.match(text, /\*\*`title`\*\* in `public.post`: `character varying`, not null, default `''::character varying`/);
    assert.match(text, /index `IDX_title` on \(title\)/);
  });

  it('says when the relation has no foreign key in the database', () => {
    const actual = { ...postTable('/p/post.entity.ts'), foreignKeys: [] };
    const text = renderHover({ table: intended, foreignKey: intended.foreignKeys[0], column: intended.columns[2] }, actual, 'database');
    assert.match(text, /`integer`, null/);
    assert.match(text, /\*\*no foreign key\*\* on \(authorId\)/);
  });

  it('explains a missing table, a missing column, and no database', () => {
    assert.match(renderHover({ table: intended }, undefined, 'database'), /Table `public.post` does \*\*not exist\*\* in the database/);
    const withoutTitle = { ...postTable('/p/x'), columns: [] };
    assert.match(renderHover({ table: intended, column: intended.columns[1] }, withoutTitle, 'shadow'), /Column `title` does \*\*not exist\*\* in `public.post`/);
    assert.match(renderHover({ table: intended }, undefined, 'none', 'database unreachable'), /not compared with a database \(database unreachable\)/);
  });

  it('summarises a table: primary key and foreign keys', () => {
    const text = renderHover({ table: intended }, postTable('/p/x'), 'shadow');
    assert.match(text, /embedded database/);
    assert.match(text, /primary key \(id\)/);
    assert.match(text, /foreign key \(authorId\) → `public.user`\(id\) on delete CASCADE/);
  });
});
