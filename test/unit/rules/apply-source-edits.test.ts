import assert from 'node:assert/strict';
import { addDecoratorEdits, applySourceEdits } from '../../../src/core/rules/source-edit';

const ENTITY = `import { Entity, ManyToOne } from 'typeorm';

@Entity()
export class Book {
  @ManyToOne(() => Author)
  author!: Author;

  @ManyToOne(() => Shelf)
  shelf!: Shelf;
}
`;

describe('applySourceEdits', () => {
  it('applies two fixes made on the same text, adding their shared import once', () => {
    const first = addDecoratorEdits('book.ts', ENTITY, ENTITY.indexOf('@ManyToOne(() => Author)'), '@Index()', 'Index');
    const second = addDecoratorEdits('book.ts', ENTITY, ENTITY.indexOf('@ManyToOne(() => Shelf)'), '@Index()', 'Index');
    const result = applySourceEdits(ENTITY, [...first, ...second]);
    assert.equal(result.match(/Index \}/g)?.length, 1, result);
    assert.match(result, /^import \{ Entity, ManyToOne, Index \} from 'typeorm';$/m);
    assert.equal(result.match(/^ {2}@Index\(\)$/gm)?.length, 2, result);
    assert.match(result, /@Index\(\)\n {2}@ManyToOne\(\(\) => Author\)/);
    assert.match(result, /@Index\(\)\n {2}@ManyToOne\(\(\) => Shelf\)/);
  });

  it('keeps the given order of insertions at one offset, and drops an edit overlapping one already applied', () => {
    const edits = [
      { file: 'f', startOffset: 0, endOffset: 0, newText: 'a' },
      { file: 'f', startOffset: 0, endOffset: 0, newText: 'b' },
      { file: 'f', startOffset: 2, endOffset: 5, newText: 'X' },
      { file: 'f', startOffset: 4, endOffset: 6, newText: 'Y' },
    ];
    // [4,6) is applied first (edits go from the end backwards); [2,5) overlaps it and is dropped.
    assert.equal(applySourceEdits('0123456789', edits), 'ab0123Y6789');
  });
});
