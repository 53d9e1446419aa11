// Synthetic TypeORM workspaces for the benchmark: N entity files written the way real projects
// write them (an abstract base class in another file, an embedded value object, shared enums,
// every relation kind, property and class indexes), plus a data-source.ts and a tsconfig.json.
// Deterministic: the same N always gives the same files, so runs are comparable.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Workspace {
  root: string;
  entityCount: number;
  entityFiles: string[];
}

const pad = (i: number): string => String(i).padStart(5, '0');
const className = (i: number): string => `Item${pad(i)}`;
const fileBase = (i: number): string => `item-${pad(i)}.entity`;

const SHARED = {
  'src/entities/shared/base.entity.ts': `import { CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

export abstract class AuditedEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @VersionColumn()
  version!: number;
}
`,
  'src/entities/shared/money.ts': `import { Column } from 'typeorm';

export class Money {
  @Column('numeric', { precision: 12, scale: 2, default: 0 })
  amount!: string;

  @Column({ length: 3, default: 'EUR' })
  currency!: string;
}
`,
  'src/entities/shared/status.ts': `export enum Status {
  Draft = 'draft',
  Active = 'active',
  Archived = 'archived',
}

export const NAME_LENGTH = 120;
`,
};

/** Entity i references entity floor(i/2), so entity p has children 2p and 2p+1 (p = 0: just 1). */
const firstChild = (p: number): number => (p === 0 ? 1 : 2 * p);

/** One entity: relations point at lower-numbered entities so every target exists. */
function entitySource(i: number, count: number): string {
  const imports = new Set(['Column', 'Entity', 'Index']);
  const lines: string[] = [];
  const related: number[] = [];
  const parent = i > 0 ? Math.floor(i / 2) : undefined; // a tree of references, depth log2(N)

  lines.push(`  @Column({ length: NAME_LENGTH })`, `  name!: string;`, ``);
  lines.push(`  @Column({ type: 'enum', enum: Status, enumName: 'item_status', default: Status.Draft })`, `  status!: Status;`, ``);
  lines.push(`  @Column('text', { nullable: true })`, `  description!: string | null;`, ``);
  lines.push(`  @Index()`, i % 7 === 0 ? `  @Column({ type: 'uuid', unique: true })` : `  @Column('uuid')`, `  externalId!: string;`, ``);
  lines.push(`  @Column('jsonb', { default: () => "'{}'" })`, `  attributes!: Record<string, unknown>;`, ``);
  lines.push(`  @Column('text', { array: true, default: '{}' })`, `  labels!: string[];`, ``);
  lines.push(`  @Column(() => Money, { prefix: 'price' })`, `  price!: Money;`, ``);
  if (i % 3 === 0) lines.push(`  @Column({ type: 'boolean', default: false })`, `  archived!: boolean;`, ``);
  if (i % 5 === 0) lines.push(`  @Column('int', { nullable: true })`, `  rank!: number | null;`, ``);

  if (parent !== undefined) {
    related.push(parent);
    // Every fourth reference is left unindexed on purpose: realistic, and it exercises SL3xx.
    if (i % 4 !== 0) lines.push(`  @Index()`);
    // Only the parent's first child is the inverse side of its OneToMany; the other is one-way.
    const inverse = firstChild(parent) === i ? ', (p) => p.children' : '';
    imports.add('ManyToOne').add('JoinColumn');
    lines.push(`  @ManyToOne(() => ${className(parent)}${inverse}, { onDelete: 'CASCADE' })`);
    lines.push(`  @JoinColumn({ name: 'parent_id' })`, `  parent!: ${className(parent)};`, ``);
  }
  const firstKid = firstChild(i) < count ? firstChild(i) : undefined;
  if (firstKid !== undefined) {
    related.push(firstKid);
    imports.add('OneToMany');
    lines.push(`  @OneToMany(() => ${className(firstKid)}, (c) => c.parent)`, `  children!: ${className(firstKid)}[];`, ``);
  }
  if (i % 10 === 1 && parent !== undefined) {
    imports.add('ManyToMany').add('JoinTable');
    lines.push(`  @ManyToMany(() => ${className(parent)})`, `  @JoinTable()`, `  related!: ${className(parent)}[];`, ``);
  }
  if (i % 10 === 2 && parent !== undefined) {
    imports.add('OneToOne');
    lines.push(`  @OneToOne(() => ${className(parent)}, { nullable: true })`, `  @JoinColumn()`, `  twin!: ${className(parent)} | null;`, ``);
  }

  const header = [
    `import { ${[...imports].sort().join(', ')} } from 'typeorm';`,
    `import { AuditedEntity } from './shared/base.entity';`,
    `import { Money } from './shared/money';`,
    `import { NAME_LENGTH, Status } from './shared/status';`,
    ...[...new Set(related)].sort((a, b) => a - b).map((r) => `import { ${className(r)} } from './${fileBase(r)}';`),
    ``,
    `@Entity('item_${pad(i)}')`,
    `@Index(['name', 'status'])`,
    `export class ${className(i)} extends AuditedEntity {`,
  ];
  return [...header, ...lines.slice(0, -1), `}`, ``].join('\n');
}

export function generateWorkspace(root: string, entityCount: number): Workspace {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'src', 'entities', 'shared'), { recursive: true });
  mkdirSync(join(root, 'src', 'migrations'), { recursive: true });
  for (const [path, text] of Object.entries(SHARED)) writeFileSync(join(root, path), text);
  writeFileSync(
    join(root, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2021', module: 'commonjs', experimentalDecorators: true, emitDecoratorMetadata: true, strict: true, skipLibCheck: true } }, null, 2),
  );
  writeFileSync(
    join(root, 'src', 'data-source.ts'),
    `import { DataSource } from 'typeorm';

export const AppDataSource = new DataSource({
  type: 'postgres',
  url: process.env.DATABASE_URL,
  entities: ['src/entities/**/*.entity.ts'],
  migrations: ['src/migrations/*.ts'],
});
`,
  );
  const entityFiles: string[] = [];
  for (let i = 0; i < entityCount; i++) {
    const file = join(root, 'src', 'entities', `${fileBase(i)}.ts`);
    writeFileSync(file, entitySource(i, entityCount));
    entityFiles.push(file);
  }
  return { root, entityCount, entityFiles };
}
