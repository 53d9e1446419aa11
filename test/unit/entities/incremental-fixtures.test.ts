import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { discoverDataSources, findFiles } from '../../../src/core/config';
import { EntityReader, readEntities, type EntityReaderOptions } from '../../../src/core/entities';
import type { Table } from '../../../src/core/model/schema';

// read() after an edit takes the edit-sized path when the edit keeps every entity, table name,
// parent, embedded and inheritance where it was, and starts over otherwise. Either way its result
// must be exactly a fresh read of the same texts. This walks the four fixture projects through
// seeded random edits of both kinds, in entity files and in the files they import (base classes,
// embeddeds, enums, constants), including broken and repaired syntax.

/** A small deterministic generator (mulberry32), so that a failure names a reproducible step. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Edit = (text: string, pick: <T>(items: T[]) => T | undefined, step: number) => string | undefined;

function replaceOne(text: string, pattern: RegExp, pick: <T>(items: T[]) => T | undefined, replacement: (match: string) => string): string | undefined {
  const matches = [...text.matchAll(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`))];
  const match = pick(matches);
  if (!match || match.index === undefined) return undefined;
  return text.slice(0, match.index) + replacement(match[0]) + text.slice(match.index + match[0].length);
}

/** Edits a developer makes while typing, named for the failure message. */
const EDITS: Record<string, Edit> = {
  'add a column': (text, _pick, step) => {
    const closing = text.lastIndexOf('}');
    return closing < 0 ? undefined : `${text.slice(0, closing)}\n  @Column({ nullable: true })\n  typed${step}!: string;\n${text.slice(closing)}`;
  },
  'flip nullable': (text, pick) => replaceOne(text, /nullable: (true|false)/, pick, (m) => (m.endsWith('true') ? 'nullable: false' : 'nullable: true')),
  'change a length': (text, pick) => replaceOne(text, /length: \d+/, pick, (m) => `length: ${Number(m.slice(8)) + 1}`),
  'change a type': (text, pick) => replaceOne(text, /'(varchar|text|int|integer|uuid|timestamptz|jsonb)'/, pick, (m) => (m === "'text'" ? "'varchar'" : "'text'")),
  'change a string': (text, pick) => replaceOne(text, /'[a-z_]{3,}'/, pick, (m) => `${m.slice(0, -1)}x'`),
  'change a number': (text, pick) => replaceOne(text, /\b\d+\b/, pick, (m) => String(Number(m) + 1)),
  'add an index': (text, pick) => replaceOne(text, /\n(\s+)@Column\(/, pick, (m) => m.replace('@Column(', '@Index()\n  @Column(')),
  'drop a decorator line': (text, pick) => replaceOne(text, /\n\s*@(Column|Index|Unique|ManyToOne|OneToMany|ManyToMany|JoinColumn|JoinTable|OneToOne|Check)\([^\n]*/, pick, () => ''),
  'break the syntax': (text, pick) => replaceOne(text, /\)/, pick, () => ''),
  'half-type a decorator': (text, pick) => replaceOne(text, /\n\s*@Column\(/, pick, (m) => `${m}{ len`),
  'rename an entity table': (text, pick) => replaceOne(text, /@Entity\((\)|'[a-z_]+')/, pick, () => `@Entity('renamed_table')`),
  'rename a class': (text, pick) => replaceOne(text, /class [A-Z]\w*/, pick, (m) => `${m}Renamed`),
  'change onDelete': (text, pick) => replaceOne(text, /onDelete: '[A-Z ]+'/, pick, (m) => (m.includes('CASCADE') ? "onDelete: 'SET NULL'" : "onDelete: 'CASCADE'")),
};

describe('entity reader, edit-sized read() equals a fresh read on the fixture projects', function () {
  this.timeout(120_000);
  const fixtures = path.join(__dirname, '../../fixtures/projects');

  for (const project of ['blog', 'shop', 'saas', 'legacy']) {
    it(`${project}: 60 seeded edits, each result deep-equal to a fresh read, unchanged tables kept`, async function () {
      const root = mkdtempSync(path.join(tmpdir(), `sl-incremental-${project}-`));
      try {
        cpSync(path.join(fixtures, project), root, { recursive: true });
        const { dataSources } = await discoverDataSources(root);
        const dataSource = dataSources[0]!;
        const options: EntityReaderOptions = {
          root,
          naming: dataSource.naming === 'snake' ? 'snake' : 'default',
          defaultSchema: dataSource.schema,
          entityPrefix: dataSource.entityPrefix,
          typeormVersion: '1.1.1',
        };
        const entityFiles = await findFiles(root, dataSource.entityGlobs);
        const editable = await findFiles(root, ['src/**/*.ts']);
        const originals = new Map(editable.map((file) => [file, readFileSync(file, 'utf8')]));

        const reader = new EntityReader(options);
        reader.setFiles(entityFiles);
        let previous = reader.read();
        let previousTables: Table[] = structuredClone(previous.model.tables);
        const next = random(project.length * 7919);
        const pick = <T>(items: T[]): T | undefined => items[Math.floor(next() * items.length)];
        const editNames = Object.keys(EDITS);
        const kinds = { incremental: 0, full: 0 };

        for (let step = 0; step < 60; step++) {
          const file = pick(editable)!;
          const current = readFileSync(file, 'utf8');
          // Now and then a file goes back to how it was: repaired syntax, undone renames.
          const name = next() < 0.15 ? 'restore the file' : pick(editNames)!;
          const text = name === 'restore the file' ? originals.get(file)! : EDITS[name]!(current, pick, step);
          if (text === undefined || text === current) continue;
          writeFileSync(file, text);
          reader.updateFile(file, text);
          const incremental = reader.read();
          kinds[reader.lastRead]++;
          const fresh = readEntities({ ...options, files: entityFiles });
          const where = `step ${step}: ${name} in ${path.relative(root, file)}`;
          assert.deepEqual(incremental, fresh, where);

          // A table object handed out before and handed out again must not have changed in between.
          for (const table of incremental.model.tables) {
            const index = previous.model.tables.indexOf(table);
            if (index >= 0) assert.deepEqual(table, previousTables[index], `${where}: ${table.name} kept its object, so it must be unchanged`);
          }
          previous = incremental;
          previousTables = structuredClone(previous.model.tables);
        }
        // Both paths were walked (the counts depend only on the seed). An edit of a file the reader
        // had never loaded starts over; decorator files are loaded now (to recognise wrappers), so
        // saas has one full read fewer than before.
        assert.ok(kinds.incremental >= 10, `edit-sized reads: ${kinds.incremental}`);
        assert.ok(kinds.full >= 2, `full reads: ${kinds.full}`);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  }
});
