import assert from 'node:assert/strict';
import { classCommentLine, ignoreCommentInsertion } from '../../../src/extension/suppressionEdit';

const lines = [
  "import { Entity } from 'typeorm';",
  '',
  "@Entity('post')",
  "@Index(['title'])",
  'export class Post {',
  '    // schema-lens-ignore SL301',
  '    @ManyToOne(() => User)',
  '    author: User;',
  '    @Column()',
  '    title: string;',
  '}',
];

describe('extension/suppressionEdit', () => {
  it('inserts an indented ignore comment above the line', () => {
    assert.deepEqual(ignoreCommentInsertion(lines, 8, 'SL102'), { line: 8, character: 0, text: '    // schema-lens-ignore SL102\n' });
  });

  it('extends an existing ignore comment instead of stacking another', () => {
    assert.deepEqual(ignoreCommentInsertion(lines, 6, 'SL201'), { line: 5, character: 31, text: ' SL201' });
    assert.equal(ignoreCommentInsertion(lines, 6, 'SL301').text, '');
  });

  it('puts a class-wide comment above the decorators', () => {
    assert.equal(classCommentLine(lines, 4), 2);
    assert.equal(classCommentLine(lines, 2), 2);
  });
});
