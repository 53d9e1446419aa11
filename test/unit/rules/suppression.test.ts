// Suppression comments as users write them, read by the real entity reader from files on disk.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../../src/core/analyze';
import { readEntities } from '../../../src/core/entities';

const USER = `import { Entity, PrimaryGeneratedColumn } from 'typeorm';
@Entity()
export class User {
  @PrimaryGeneratedColumn()
  id: number;
}
`;

function post(comment: { line?: string; cls?: string }): string {
  return `import { Entity, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from './user.entity';
${comment.cls ?? ''}
@Entity()
export class Post {
  @PrimaryGeneratedColumn()
  id: number;

  ${comment.line ?? ''}
  @ManyToOne(() => User)
  author: User;
}
`;
}

describe('suppression comments (entity reader + analyze)', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'schema-lens-suppress-'));
    writeFileSync(join(root, 'user.entity.ts'), USER);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const codes = (text: string): string[] => {
    writeFileSync(join(root, 'post.entity.ts'), text);
    const intended = readEntities({ root, naming: 'default', files: [join(root, 'post.entity.ts'), join(root, 'user.entity.ts')] });
    return analyze({ intended }).map((finding) => finding.code);
  };

  it('reports the unindexed join column without a comment', () => {
    assert.deepEqual(codes(post({})), ['SL301']);
  });

  it('a comment above the property hides that code there', () => {
    assert.deepEqual(codes(post({ line: '// schema-lens-ignore SL301' })), []);
  });

  it('a comment naming another code hides nothing', () => {
    assert.deepEqual(codes(post({ line: '// schema-lens-ignore SL302' })), ['SL301']);
  });

  it('a comment above the class hides the code in the whole class', () => {
    assert.deepEqual(codes(post({ cls: '// schema-lens-ignore SL301' })), []);
  });
});
