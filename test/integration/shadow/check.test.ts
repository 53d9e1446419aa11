// The differential promise of the shadow check: migrations that TypeORM generated from the
// entities report no drift; an entity edited without a migration reports exactly that edit; the
// migration TypeORM generates for it makes the report clean again. No database is configured:
// runCheck replays the migrations into the embedded PostgreSQL.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCheck } from '../../../src/core/check';
import type { Finding } from '../../../src/core/rules/finding';
import { createTestDatabase } from '../support/postgres';
import { generateMigration } from './support/generate';
import { copyProject, type TempProject } from './support/project';

const summary = (findings: Finding[]): string[] => findings.map((f) => `${f.code} ${f.table}.${f.column ?? ''}`);

describe('shadow check (no database configured)', function () {
  this.timeout(240_000);
  let cacheDir: string;
  const projects: TempProject[] = [];

  before(() => {
    cacheDir = mkdtempSync(join(tmpdir(), 'sl-shadow-check-'));
  });

  after(() => {
    for (const project of projects) project.dispose();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  const check = async (project: TempProject) => runCheck({ root: project.root, cacheDir });

  const editEntity = (project: TempProject, file: string, from: string, to: string): void => {
    const path = join(project.root, 'src', 'entities', file);
    const text = readFileSync(path, 'utf8');
    assert.ok(text.includes(from), `${file} contains ${from}`);
    writeFileSync(path, text.replace(from, to));
  };

  /** TypeORM's migration:generate for the edited entities, added to the project. */
  const addGeneratedMigration = async (project: TempProject, name: string): Promise<string> => {
    const db = await createTestDatabase('shadow_fix');
    try {
      const file = await generateMigration({
        root: project.root,
        url: db.url,
        entityFiles: project.entityFiles(),
        migrationFiles: await project.migrationFiles(),
        migrationsDir: project.migrationsDir,
        name,
        timestamp: 1720000000000,
      });
      assert.ok(file, 'TypeORM sees a change to generate');
      return readFileSync(file, 'utf8');
    } finally {
      await db.drop();
    }
  };

  const edits: { title: string; file: string; from: string; to: string; expected: string[]; migration: RegExp }[] = [
    {
      title: 'a column added',
      file: 'customer.entity.ts',
      from: '  @CreateDateColumn',
      to: "  @Column({ type: 'int', default: 0 })\n  loyaltyPoints: number;\n\n  @CreateDateColumn",
      expected: ['SL102 customers.loyaltyPoints'],
      migration: /ALTER TABLE "customers" ADD "loyaltyPoints" integer NOT NULL DEFAULT '0'/,
    },
    {
      title: 'a relation added',
      file: 'product.entity.ts',
      from: '  @ManyToMany(() => Category',
      to: "  @Index()\n  @ManyToOne(() => Category, { nullable: true, onDelete: 'SET NULL' })\n  mainCategory: Category | null;\n\n  @ManyToMany(() => Category",
      // The column, its foreign key and its index: all three are the relation.
      expected: ['SL102 products.mainCategoryId', 'SL201 products.mainCategoryId', 'SL303 products.mainCategoryId'],
      migration: /FOREIGN KEY \("mainCategoryId"\) REFERENCES "categories"\("id"\) ON DELETE SET NULL/,
    },
    {
      title: 'a column type changed',
      file: 'customer.entity.ts',
      from: '@Column({ length: 100 })',
      to: '@Column({ length: 150 })',
      expected: ['SL103 customers.name'],
      migration: /"name" character varying\(150\) NOT NULL/,
    },
  ];

  it('reports no finding at all for migrations TypeORM generated from the entities', async () => {
    const project = copyProject('shop');
    projects.push(project);
    const result = await check(project);
    assert.equal(result.source, 'shadow');
    assert.deepEqual(summary(result.findings), []);
    // What it compared with, as the CLI prints it.
    assert.equal(result.comparedWith, `the schema its ${(await project.migrationFiles()).length} migrations build (replayed into an embedded PostgreSQL)`);
  });

  it("an entity that maps TypeORM's migrations table is compared with the table the runner made; without one the table is bookkeeping", async () => {
    const project = copyProject('shop');
    projects.push(project);
    // The runner's own table, as an entity reads it (spacebar's \`class Migration\`).
    project.write('src/entities/migration.entity.ts', `import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'migrations' })
export class Migration {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'bigint' }) timestamp!: string;
  @Column({ type: 'varchar' }) name!: string;
}
`);
    const mapped = await check(project);
    assert.equal(mapped.source, 'shadow');
    assert.deepEqual(summary(mapped.findings), []);
    // A column the runner's table lacks: drift, so the table really was compared.
    editEntity(project, 'migration.entity.ts', '@Column({ type: \'varchar\' }) name!: string;', "@Column({ type: 'varchar' }) name!: string;\n  @Column({ type: 'int', nullable: true }) batch!: number | null;");
    assert.deepEqual(summary((await check(project)).findings), ['SL102 migrations.batch']);
  });

  for (const edit of edits) {
    it(`reports exactly ${edit.title} without a migration, and nothing once TypeORM's generated migration is added`, async () => {
      const project = copyProject('shop');
      projects.push(project);
      if (edit.file === 'product.entity.ts') {
        editEntity(project, edit.file, "import { Column, Entity, Index, JoinTable, ManyToMany, PrimaryGeneratedColumn } from 'typeorm';", "import { Column, Entity, Index, JoinTable, ManyToMany, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';");
      }
      editEntity(project, edit.file, edit.from, edit.to);
      const drifted = await check(project);
      assert.equal(drifted.source, 'shadow');
      assert.deepEqual(summary(drifted.findings).sort(), edit.expected, drifted.findings.map((f) => f.message).join('\n'));

      const migration = await addGeneratedMigration(project, 'Fix');
      assert.match(migration, edit.migration);
      const fixed = await check(project);
      assert.deepEqual(summary(fixed.findings), []);
    });
  }
});
