import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EntityReader, readEntities } from '../../../src/core/entities';
import type { Table } from '../../../src/core/model/schema';

// PERF's memoised analyze() relies on read() returning the SAME Table objects for entities whose
// inputs did not change and new objects for the ones that did; and the incremental result must be
// exactly what a fresh read of the same texts gives.

const BASE = `import { PrimaryGeneratedColumn, CreateDateColumn } from 'typeorm';
export abstract class Base { @PrimaryGeneratedColumn() id: number; @CreateDateColumn() createdAt: Date; }`;
const ADDRESS = `import { Column } from 'typeorm';
export class Address { @Column() street: string; @Column({ nullable: true }) city: string; }`;
const AUTHOR = `import { Entity, Column, OneToMany } from 'typeorm';
import { Base } from './base';
import { Address } from './address';
import { Book } from './book.entity';
@Entity() export class Author extends Base {
  @Column({ length: 80 }) name: string;
  @Column(() => Address) address: Address;
  @OneToMany(() => Book, (b) => b.author) books: Book[];
}`;
const BOOK = `import { Entity, Column, ManyToOne, ManyToMany, JoinTable } from 'typeorm';
import { Base } from './base';
import { Author } from './author.entity';
import { Tag } from './tag.entity';
@Entity() export class Book extends Base {
  @Column() title: string;
  @ManyToOne(() => Author, (a) => a.books, { onDelete: 'CASCADE' }) author: Author;
  @ManyToMany(() => Tag) @JoinTable() tags: Tag[];
}`;
const TAG = `import { Entity, Column, PrimaryColumn } from 'typeorm';
@Entity() export class Tag { @PrimaryColumn() code: string; @Column() label: string; }`;
const NOTE = `import { Entity, Column } from 'typeorm';
import { Base } from './base';
@Entity() export class Note extends Base { @Column('text') body: string; }`;

/** Edits applied one after another: [file, new text]. */
const EDITS: Array<[string, string]> = [
  ['book.entity.ts', BOOK.replace('@Column() title: string;', '@Column() title: string; @Column({ nullable: true }) isbn: string;')],
  ['base.ts', BASE.replace('@CreateDateColumn() createdAt: Date;', '@CreateDateColumn() createdAt: Date; @Column({ default: 1 }) revision: number;').replace('CreateDateColumn }', 'CreateDateColumn, Column }')],
  ['address.ts', ADDRESS.replace('city: string;', 'city: string; @Column({ length: 10 }) zip: string;')],
  ['tag.entity.ts', TAG.replace('@PrimaryColumn() code: string;', '@PrimaryColumn({ length: 16 }) code: string;')],
  ['author.entity.ts', AUTHOR.replace('@Column({ length: 80 }) name', '@Column({ length: 80 @Colu')],
  ['author.entity.ts', AUTHOR.replace('length: 80', 'length: 120')],
  ['note.entity.ts', NOTE.replace("@Entity()", "@Entity('notes')")],
];

describe('entity reader, incremental read() equals a fresh read', function () {
  let root: string;
  before(function () {
    root = mkdtempSync(path.join(tmpdir(), 'sl-entities-incr-'));
  });
  after(function () {
    rmSync(root, { recursive: true, force: true });
  });

  it('over edits of an entity, a base class, an embedded class, a relation target and a broken-then-fixed file; untouched tables keep their identity', function () {
    const texts = new Map<string, string>([
      ['base.ts', BASE],
      ['address.ts', ADDRESS],
      ['author.entity.ts', AUTHOR],
      ['book.entity.ts', BOOK],
      ['tag.entity.ts', TAG],
      ['note.entity.ts', NOTE],
    ]);
    mkdirSync(path.join(root, 'src'), { recursive: true });
    for (const [name, text] of texts) writeFileSync(path.join(root, 'src', name), text);
    const entityFiles = [...texts.keys()].filter((name) => name.endsWith('.entity.ts')).map((name) => path.join(root, 'src', name));
    const options = { root, naming: 'default' as const, typeormVersion: '1.1.1' };

    const reader = new EntityReader(options);
    reader.setFiles(entityFiles);
    let previous = reader.read();
    const byName = (tables: Table[]) => new Map(tables.map((t) => [t.name, t]));

    for (const [name, text] of EDITS) {
      texts.set(name, text);
      const file = path.join(root, 'src', name);
      writeFileSync(file, text);
      reader.updateFile(file, text);
      const incremental = reader.read();
      const fresh = readEntities({ ...options, files: entityFiles });
      assert.deepEqual(incremental, fresh, `after editing ${name}`);

      // A table whose content is unchanged must be the same object (the reader does not know better
      // for tables that depend on the edited file but did not change, so only the converse is strict).
      const before = byName(previous.model.tables);
      for (const table of incremental.model.tables) {
        const old = before.get(table.name);
        if (old && old !== table) continue;
        if (old) assert.deepEqual(table, old, `${table.name} kept its identity, so it must be unchanged after editing ${name}`);
      }
      previous = incremental;
    }

    // Edits that cannot touch a table keep its object: editing note.entity.ts leaves the tag table alone.
    const tagBefore = byName(previous.model.tables).get('tag');
    const noteFile = path.join(root, 'src', 'note.entity.ts');
    reader.updateFile(noteFile, texts.get('note.entity.ts')!.replace("'text'", "'varchar'"));
    const after = byName(reader.read().model.tables);
    assert.equal(after.get('tag'), tagBefore, 'tag table object reused');
    assert.equal(after.get('book'), byName(previous.model.tables).get('book'), 'book table object reused');
    assert.ok(after.get('notes') && byName(previous.model.tables).get('notes'), 'notes table present');
    assert.notEqual(after.get('notes'), byName(previous.model.tables).get('notes'), 'edited notes table rebuilt');
    assert.ok(tagBefore, 'tag table present');
  });

  it('a base class given to a mixin is read again when its file changes (the mixin holds it, it does not look it up)', function () {
    const dir = path.join(root, 'mixin');
    mkdirSync(dir, { recursive: true });
    const files = {
      'base.ts': `import { PrimaryGeneratedColumn } from 'typeorm';\nexport abstract class UuidBase { @PrimaryGeneratedColumn('uuid') id: string; }`,
      'mixins.ts': `import { CreateDateColumn } from 'typeorm';\nexport function Timestamped<T extends new (...args: any[]) => object>(Base: T) {\n  abstract class TimestampedEntity extends Base { @CreateDateColumn() createdAt: Date; }\n  return TimestampedEntity;\n}`,
      'customer.entity.ts': `import { Entity, Column } from 'typeorm';\nimport { UuidBase } from './base';\nimport { Timestamped } from './mixins';\n@Entity() export class Customer extends Timestamped(UuidBase) { @Column() name: string; }`,
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    const options = { root: dir, naming: 'default' as const, typeormVersion: '1.1.1' };
    const entityFiles = [path.join(dir, 'customer.entity.ts')];
    const reader = new EntityReader(options);
    reader.setFiles(entityFiles);
    reader.read();

    const baseFile = path.join(dir, 'base.ts');
    for (const text of [files['base.ts'].replace('export abstract', '\n\nexport abstract'), files['base.ts'].replace("'uuid'", "'increment'")]) {
      writeFileSync(baseFile, text);
      reader.updateFile(baseFile, text);
      assert.deepEqual(reader.read(), readEntities({ ...options, files: entityFiles }));
    }
  });
});
