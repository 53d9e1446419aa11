import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EntityReader, readEntities } from '../../../src/core/entities';
import { columns, project, removeProjects, roots, table } from './support';
import { modelUnknowns } from '../../../src/core/model/coverage';
import { unknownFact } from '../../../src/core/model/schema';

describe('entity reader', function () {
  after(removeProjects);

  it('maps columns: inferred and explicit types, lengths, defaults, enums, arrays, generation', function () {
    const { result } = project({
      'src/enums.ts': `export enum Role { Reader = 'reader', Admin = 'admin' }\nexport const NAME_LENGTH = 80;`,
      'src/user.entity.ts': `
        import { Column, Entity, PrimaryGeneratedColumn, CreateDateColumn, DeleteDateColumn, VersionColumn, Generated } from 'typeorm';
        import { Role, NAME_LENGTH } from './enums';
        @Entity('users')
        export class User {
          @PrimaryGeneratedColumn('uuid') id: string;
          @Column({ length: NAME_LENGTH }) name: string;
          @Column() age: number;
          @Column({ default: true }) active: boolean;
          @Column() born: Date;
          @Column({ type: 'enum', enum: Role, default: Role.Reader }) role: Role;
          @Column('decimal', { precision: 10, scale: 2, default: 0 }) balance: string;
          @Column('text', { array: true, default: [] }) tags: string[];
          @Column('simple-json', { nullable: true }) meta: object;
          @Column({ type: 'timestamptz', default: () => 'CURRENT_TIMESTAMP' }) seenAt: Date;
          @Column({ type: 'int', generatedType: 'STORED', asExpression: 'age + 1' }) next: number;
          @Column() @Generated('increment') seq: number;
          @CreateDateColumn() createdAt: Date;
          @DeleteDateColumn() deletedAt: Date;
          @VersionColumn() version: number;
        }`,
    });
    const users = table(result.model.tables, 'users');
    assert.deepEqual(columns(users), [
      'id uuid DEFAULT uuid_generate_v4()',
      'name character varying(80)',
      'age integer',
      'active boolean DEFAULT true',
      'born timestamp without time zone',
      "role users_role_enum DEFAULT 'reader'::users_role_enum",
      "balance numeric(10,2) DEFAULT '0'::numeric",
      "tags text[] DEFAULT '{}'::text[]",
      'meta text NULL',
      'seenAt timestamp with time zone DEFAULT now()',
      'next integer stored',
      'seq integer increment',
      'createdAt timestamp without time zone DEFAULT now()',
      'deletedAt timestamp without time zone NULL',
      'version integer',
    ]);
    assert.deepEqual(users.primaryKey?.columns, ['id']);
    assert.deepEqual(result.model.enums.map((e) => [e.name, e.values]), [['users_role_enum', ['reader', 'admin']]]);
    assert.equal(users.columns[0].span?.start.line, 5);
    assert.deepEqual(result.problems, []);
  });

  it('builds relations, join columns, junction tables and one-to-one uniques (default naming)', function () {
    const { result } = project({
      'src/author.entity.ts': `
        import { Entity, PrimaryGeneratedColumn, OneToMany, OneToOne, JoinColumn } from 'typeorm';
        import { Book } from './book.entity';
        import { Profile } from './profile.entity';
        @Entity() export class Author {
          @PrimaryGeneratedColumn() id: number;
          @OneToMany(() => Book, (b) => b.author) books: Book[];
          @OneToOne(() => Profile) @JoinColumn() profile: Profile;
        }`,
      'src/profile.entity.ts': `
        import { Entity, PrimaryColumn } from 'typeorm';
        @Entity() export class Profile { @PrimaryColumn() code: string; }`,
      'src/book.entity.ts': `
        import { Entity, PrimaryGeneratedColumn, ManyToOne, ManyToMany, JoinTable, Index } from 'typeorm';
        import { Author } from './author.entity';
        @Entity() @Index(['author', 'id'])
        export class Book {
          @PrimaryGeneratedColumn() id: number;
          @ManyToOne(() => Author, (a) => a.books, { onDelete: 'CASCADE', nullable: false }) author: Author;
          @ManyToMany(() => Author) @JoinTable() editors: Author[];
        }`,
    });
    const author = table(result.model.tables, 'author');
    assert.deepEqual(columns(author), ['id integer increment', 'profileCode character varying NULL']);
    assert.deepEqual(author.uniques.map((u) => u.columns), [['profileCode']]);
    assert.deepEqual(author.foreignKeys.map((f) => [f.columns, f.referencedTable.name, f.referencedColumns]), [[['profileCode'], 'profile', ['code']]]);
    const book = table(result.model.tables, 'book');
    assert.deepEqual(columns(book), ['id integer increment', 'authorId integer']);
    assert.deepEqual(book.foreignKeys.map((f) => `${f.columns}->${f.referencedTable.name} ${f.onDelete}/${f.onUpdate}`), ['authorId->author CASCADE/NO ACTION']);
    assert.deepEqual(book.indexes.map((i) => i.keys.map((k) => (k.kind === 'column' ? k.name : ''))), [['authorId', 'id']]);
    const junction = table(result.model.tables, 'book_editors_author');
    assert.deepEqual(columns(junction), ['bookId integer', 'authorId integer']);
    assert.deepEqual(junction.primaryKey?.columns, ['bookId', 'authorId']);
    assert.deepEqual(junction.foreignKeys.map((f) => `${f.columns}->${f.referencedTable.name} ${f.onDelete}/${f.onUpdate}`), ['bookId->book CASCADE/CASCADE', 'authorId->author CASCADE/CASCADE']);
    assert.equal(junction.indexes.length, 2);
  });

  it('follows a relation target written as require(\'./file\').Class, as TypeORM loads it (spacebar)', function () {
    // The join column shares its name with a @Column: TypeORM gives it the referenced column's type
    // (bigint here), which needs the target; an unread target left the @Column's varchar (a false SL103).
    const { result } = project({
      'src/base.ts': `
        import { BaseEntity, PrimaryColumn } from 'typeorm';
        export class BaseClass extends BaseEntity { @PrimaryColumn({ type: 'int8' }) id: string; }`,
      'src/message.entity.ts': `
        import { Entity, OneToMany } from 'typeorm';
        import { BaseClass } from './base';
        @Entity({ name: 'messages' }) export class Message extends BaseClass {
          @OneToMany(() => require('./attachment.entity').Attachment, (a: any) => a.message) attachments: any[];
        }`,
      'src/attachment.entity.ts': `
        import { Column, Entity, JoinColumn, ManyToOne, RelationId } from 'typeorm';
        import { BaseClass } from './base';
        @Entity({ name: 'attachments' }) export class Attachment extends BaseClass {
          @Column({ nullable: true }) @RelationId((a: Attachment) => a.message) message_id: string;
          @JoinColumn({ name: 'message_id' })
          @ManyToOne(() => require('./message.entity').Message, (m: import('./message.entity').Message) => m.attachments, { onDelete: 'CASCADE' })
          message: import('./message.entity').Message;
          @Column({ nullable: true }) thing_id: string;
          @JoinColumn({ name: 'thing_id' }) @ManyToOne(() => require('some-package').Thing) thing: unknown;
        }`,
    });
    const attachments = table(result.model.tables, 'attachments');
    assert.deepEqual(columns(attachments).slice(0, 2), ['id bigint', 'message_id bigint NULL']);
    assert.deepEqual(attachments.foreignKeys.map((f) => `${f.columns}->${f.referencedTable.name} ${f.onDelete}`), ['message_id->messages CASCADE']);
    // A package's class is not an entity Schema Lens reads: the type of the column it joins on is
    // the target's, unknown, not the declared varchar.
    const thing = attachments.columns.find((c) => c.name === 'thing_id');
    assert.equal(thing?.certainty?.type?.kind, 'unknown', JSON.stringify(thing));
  });

  it('knows TypeORM decorators imported under another name, spatial columns and indexes', function () {
    const { result } = project({
      'src/place.entity.ts': `
        import { Entity as OrmEntity, PrimaryColumn, Column as Col, Index } from 'typeorm';
        @OrmEntity({ name: 'places', schema: 'geo', comment: 'Where things are' })
        export class Place {
          @PrimaryColumn() id: number;
          @Index({ spatial: true })
          @Col({ type: 'geometry', spatialFeatureType: 'point', srid: 4326 }) location: string;
          @Index({ fulltext: true }) @Col('text') description: string;
        }`,
    });
    const places = table(result.model.tables, 'places');
    assert.equal(places.schema, 'geo');
    assert.equal(places.comment, 'Where things are');
    assert.deepEqual(columns(places), ['id integer', 'location geometry(Point,4326)', 'description text']);
    assert.deepEqual(places.indexes.map((i) => `${i.method} ${i.keys.map((k) => (k.kind === 'column' ? k.name : ''))}`), ['gist location', 'btree description']);
  });

  it('reads @ForeignKey on a property and on a class (foreign keys without relations)', function () {
    const { result } = project({
      'src/user.entity.ts': `
        import { Entity, PrimaryColumn, Column } from 'typeorm';
        @Entity() export class User { @PrimaryColumn() id: number; @PrimaryColumn() tenant: number; @Column() email: string; }`,
      'src/order.entity.ts': `
        import { Entity, PrimaryGeneratedColumn, Column, ForeignKey } from 'typeorm';
        import { User } from './user.entity';
        @Entity() @ForeignKey(() => User, ['buyerId', 'buyerTenant'], ['id', 'tenant'], { onDelete: 'CASCADE' })
        export class Order {
          @PrimaryGeneratedColumn() id: number;
          @Column() buyerId: number;
          @Column() buyerTenant: number;
          @ForeignKey(() => User, 'email') @Column() contact: string;
        }`,
    });
    const order = table(result.model.tables, 'order');
    assert.deepEqual(
      order.foreignKeys.map((f) => `${f.columns} -> ${f.referencedTable.name}(${f.referencedColumns}) ${f.onDelete}`),
      ['contact -> user(email) NO ACTION', 'buyerId,buyerTenant -> user(id,tenant) CASCADE'],
    );
  });

  it('reads EntitySchema foreign keys (a column\'s foreignKey and the schema\'s foreignKeys) and leaves out synchronize: false', function () {
    const { result } = project({
      'src/mail.entity.ts': `
        import { EntitySchema } from 'typeorm';
        export const ListSchema = new EntitySchema({ name: 'List', columns: { id: { type: Number, primary: true }, code: { type: String, unique: true } } });
        export const SendSchema = new EntitySchema({
          name: 'Send',
          columns: {
            id: { type: Number, primary: true, generated: true },
            listId: { type: Number, foreignKey: { target: 'List', onDelete: 'CASCADE' } },
            listCode: { type: String, foreignKey: { target: () => ListSchema, inverseSide: 'code' } },
          },
          foreignKeys: [{ target: ListSchema, columnNames: ['listId', 'listCode'], referencedColumnNames: ['id', 'code'], onUpdate: 'CASCADE' }],
        });
        export const MirrorSchema = new EntitySchema({ name: 'Mirror', synchronize: false, columns: { id: { type: Number, primary: true } } });`,
    });
    assert.deepEqual(
      table(result.model.tables, 'send').foreignKeys.map((f) => `${f.columns} -> ${f.referencedTable.name}(${f.referencedColumns}) ${f.onDelete} ${f.onUpdate}`),
      ['listId -> list(id) CASCADE NO ACTION', 'listCode -> list(code) NO ACTION NO ACTION', 'listId,listCode -> list(id,code) NO ACTION CASCADE'],
    );
    assert.deepEqual(result.model.tables.map((t) => t.name).sort(), ['list', 'send']);
  });

  it('applies SnakeNamingStrategy to tables, columns, embeddeds, join columns and junctions', function () {
    const { result } = project(
      {
        'src/money.ts': `import { Column } from 'typeorm';\nexport class Money { @Column('int') amountCents: number; @Column({ length: 3 }) currencyCode: string; }`,
        'src/order-line.entity.ts': `
          import { Entity, PrimaryGeneratedColumn, Column, ManyToOne, ManyToMany, JoinTable } from 'typeorm';
          import { Money } from './money';
          @Entity() export class OrderLine {
            @PrimaryGeneratedColumn() id: number;
            @Column(() => Money) unitPrice: Money;
            @Column(() => Money, { prefix: false }) total: Money;
            @ManyToOne(() => OrderLine) parentLine: OrderLine;
            @ManyToMany(() => OrderLine) @JoinTable() relatedLines: OrderLine[];
          }`,
      },
      'snake',
    );
    const line = table(result.model.tables, 'order_line');
    assert.deepEqual(line.columns.map((c) => c.name), ['id', 'unit_price_amount_cents', 'unit_price_currency_code', 'amount_cents', 'currency_code', 'parent_line_id']);
    const junction = table(result.model.tables, 'order_line_related_lines_order_line');
    assert.deepEqual(junction.columns.map((c) => c.name), ['order_line_id_1', 'order_line_id_2']);
  });

  it('reads inheritance across files and mixins, STI and trees', function () {
    const { result } = project({
      'src/base.ts': `
        import { PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
        export abstract class Base { @PrimaryGeneratedColumn() id: number; }
        type Ctor = new (...args: any[]) => object;
        export function Stamped<T extends Ctor>(B: T) { abstract class S extends B { @UpdateDateColumn() updatedAt: Date; } return S; }`,
      'src/payment.entity.ts': `
        import { Entity, Column, TableInheritance, ChildEntity, Tree, TreeParent, TreeChildren } from 'typeorm';
        import { Base, Stamped } from './base';
        @Entity() @TableInheritance({ column: { type: 'varchar', name: 'kind' } })
        export class Payment extends Stamped(Base) { @Column() amount: number; }
        @ChildEntity('card') export class CardPayment extends Payment { @Column() last4: string; }
        @Entity() @Tree('materialized-path') export class Folder extends Base {
          @TreeParent() parent: Folder; @TreeChildren() children: Folder[];
        }`,
    });
    const payment = table(result.model.tables, 'payment');
    assert.deepEqual(columns(payment), ['id integer increment', 'updatedAt timestamp without time zone DEFAULT now()', 'amount integer', 'last4 character varying NULL', 'kind character varying']);
    assert.deepEqual(payment.indexes.map((i) => i.keys.map((k) => (k.kind === 'column' ? k.name : ''))), [['kind']]);
    const folder = table(result.model.tables, 'folder');
    assert.deepEqual(columns(folder), ['id integer increment', "mpath character varying NULL DEFAULT ''::character varying", 'parentId integer NULL']);
  });

  it('reports what it cannot read, with spans, and keeps the rest', function () {
    const { result } = project({
      'src/broken.entity.ts': `
        import { Entity, Column, PrimaryColumn } from 'typeorm';
        import { MISSING } from './nowhere';
        @Entity() export class Broken {
          @PrimaryColumn() id: number;
          @Column({ length: MISSING }) name: string;
          @Column({ type: 'varchar', length: 
        }`,
    });
    const broken = table(result.model.tables, 'broken');
    assert.deepEqual(broken.columns.map((c) => c.name).slice(0, 2), ['id', 'name']);
    assert.ok(result.problems.some((p) => /Syntax error/.test(p.message) && p.span));
    // The length cannot be read, so the type is unknown (never compared), said where it is written.
    const length = unknownFact(broken.columns[1]!, 'type');
    assert.match(length?.reason ?? '', /the module '.\/nowhere' imported by broken.entity.ts cannot be found/);
    assert.equal(length?.span?.start.line, 5);
    assert.equal(unknownFact(broken.columns[0]!, 'type'), undefined);
  });

  it('warns where TypeORM could not infer a column type from the TypeScript type', function () {
    const { result } = project({
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true } }),
      'src/t.entity.ts': `
        import { Entity, PrimaryColumn, Column, Unique } from 'typeorm';
        interface Settings { dark: boolean }
        @Entity() export class T {
          @PrimaryColumn() id: number;
          @Column() settings: Settings;
          @Column({ nullable: true }) nickname: string | null;
          @Column({ transformer: new Upper() }) name: string;
        }`,
    });
    assert.deepEqual(
      result.problems.map((p) => `${p.span?.start.line}: ${p.message.slice(0, 60)}`),
      [
        '5: TypeORM cannot infer a column type for settings from its Typ',
        "6: With strictNullChecks, TypeScript records `nickname`'s type ",
      ],
    );
    assert.deepEqual(columns(table(result.model.tables, 't')), ['id integer', 'settings character varying', 'nickname character varying NULL', 'name character varying']);
  });

  it('survives circular imports, missing files, unknown and half-typed decorators', function () {
    const root = mkdtempSync(path.join(tmpdir(), 'sl-entities-'));
    roots.push(root);
    const write = (name: string, text: string): string => {
      writeFileSync(path.join(root, name), text);
      return path.join(root, name);
    };
    const a = write('a.entity.ts', `import { Entity, PrimaryColumn, ManyToOne, Column } from 'typeorm';\nimport { B, LIMIT } from './b.entity';\nimport { IsString } from 'class-validator';\nexport const SIZE = LIMIT;\n@Entity() export class A extends B { @IsString() @Column({ length: SIZE }) name: string; @ManyToOne(() => ) broken: B; @Column( }`);
    write('b.entity.ts', `import { Entity, PrimaryColumn } from 'typeorm';\nimport { SIZE, A } from './a.entity';\nexport const LIMIT = SIZE;\n@Entity() export class B extends A { @PrimaryColumn() id: number; }`);
    const missing = path.join(root, 'missing.entity.ts');
    const result = readEntities({ root, naming: 'default', files: [a, path.join(root, 'b.entity.ts'), missing] });
    assert.deepEqual(result.model.tables.map((t) => t.name).sort(), ['a', 'b']);
    assert.ok(result.problems.some((p) => p.file === missing && p.severity === 'error'));
    assert.ok(modelUnknowns(result.model).some((fact) => /a constant refers to itself/.test(fact.reason)));
    assert.ok(result.problems.some((p) => /Syntax error/.test(p.message)));
  });

  it('skips a file too large to parse with an error problem and keeps the other entities', function () {
    const { result } = project({
      'src/ok.entity.ts': `import { Entity, PrimaryColumn } from 'typeorm';\n@Entity() export class Ok { @PrimaryColumn() id: number; }`,
      'src/huge.entity.ts': `// ${'x'.repeat(5 * 1024 * 1024)}\n`,
    });
    assert.deepEqual(result.model.tables.map((t) => t.name), ['ok']);
    assert.ok(result.problems.some((p) => p.severity === 'error' && /huge\.entity\.ts: the file is 5 MB/.test(p.message) && p.file?.endsWith('huge.entity.ts')));
  });

  it('uses gen_random_uuid() for generated uuids when the DataSource uses pgcrypto', function () {
    const root = mkdtempSync(path.join(tmpdir(), 'sl-entities-'));
    roots.push(root);
    const file = path.join(root, 'u.entity.ts');
    writeFileSync(file, `import { Entity, PrimaryGeneratedColumn } from 'typeorm';\n@Entity() export class U { @PrimaryGeneratedColumn('uuid') id: string; }`);
    const result = readEntities({ root, naming: 'default', files: [file], uuidExtension: 'pgcrypto' });
    assert.equal(result.model.tables[0].columns[0].default, 'gen_random_uuid()');
  });

  it('puts the DataSource entityPrefix before every table name, making junction names and columns from the unprefixed ones', function () {
    const files = {
      'src/tag.entity.ts': `
        import { Entity, PrimaryGeneratedColumn, Column } from 'typeorm';
        @Entity('tags') export class Tag { @PrimaryGeneratedColumn() id: number; @Column({ type: 'enum', enum: ['a', 'b'] }) kind: string; }`,
      'src/post.entity.ts': `
        import { Entity, PrimaryGeneratedColumn, ManyToOne, ManyToMany, JoinTable, Tree, TreeParent, TreeChildren, ViewEntity, ViewColumn } from 'typeorm';
        import { Tag } from './tag.entity';
        @Entity() @Tree('closure-table') export class BlogPost {
          @PrimaryGeneratedColumn() id: number;
          @ManyToOne(() => Tag) mainTag: Tag;
          @ManyToMany(() => Tag) @JoinTable() tags: Tag[];
          @ManyToMany(() => Tag) @JoinTable({ name: 'post_topics' }) topics: Tag[];
          @TreeParent() parent: BlogPost; @TreeChildren() children: BlogPost[];
        }
        @ViewEntity({ expression: 'SELECT 1 AS one' }) export class PostStats { @ViewColumn() one: number; }`,
    };
    const { result } = project(files, 'default', '1.1.1', { entityPrefix: 'app_' });
    assert.deepEqual(result.model.tables.map((t) => t.name), ['app_tags', 'app_blog_post', 'app_blog_post_tags_tags', 'app_post_topics', 'app_blog_post_closure']);
    assert.deepEqual(result.model.views.map((v) => v.name), ['app_post_stats']);
    assert.deepEqual(result.model.enums.map((e) => e.name), ['app_tags_kind_enum']);
    const post = table(result.model.tables, 'app_blog_post');
    assert.deepEqual(post.foreignKeys.map((f) => `${f.columns}->${f.referencedTable.name}`), ['mainTagId->app_tags', 'parentId->app_blog_post']);
    const junction = table(result.model.tables, 'app_blog_post_tags_tags');
    assert.deepEqual(junction.columns.map((c) => c.name), ['blogPostId', 'tagsId']);
    assert.deepEqual(junction.foreignKeys.map((f) => f.referencedTable.name), ['app_blog_post', 'app_tags']);
    const closure = table(result.model.tables, 'app_blog_post_closure');
    assert.deepEqual(closure.foreignKeys.map((f) => f.referencedTable.name), ['app_blog_post', 'app_blog_post']);

    // SnakeNamingStrategy does not touch the prefix; a junction name is shortened before it is prefixed.
    const snake = project(
      {
        'src/a.entity.ts': `
          import { Entity, PrimaryGeneratedColumn, ManyToMany, JoinTable } from 'typeorm';
          @Entity() export class OrganisationMembershipInvitation {
            @PrimaryGeneratedColumn() id: number;
            @ManyToMany(() => OrganisationMembershipInvitation) @JoinTable() previouslyRevokedInvitations: OrganisationMembershipInvitation[];
          }`,
      },
      'snake',
      '1.1.1',
      { entityPrefix: 'Tenant' },
    );
    assert.deepEqual(snake.result.model.tables.map((t) => t.name), ['Tenantorganisation_membership_invitation', 'Tenantorg_mem_inv_pre_rev_inv_org_mem_inv']);
  });

  it('reads EntitySchema embeddeds (nested, prefixes, indexes and uniques inside) and trees', function () {
    const { result } = project({
      'src/values.ts': `
        import { EntitySchema } from 'typeorm';
        export const ContactSchema = new EntitySchema({ name: 'Contact', columns: { email: { type: 'varchar', unique: true }, phone: { type: 'varchar', nullable: true } } });
        export const OwnerSchema = new EntitySchema({
          name: 'Owner',
          columns: { team: { type: 'varchar', length: 60 } },
          embeddeds: { contact: { schema: ContactSchema } },
          indices: [{ columns: ['team'] }],
        });
        export const PeriodSchema = new EntitySchema({ name: 'Period', columns: { startsAt: { type: 'timestamptz' }, endsAt: { type: 'timestamptz', nullable: true } } });`,
      'src/flag.entity.ts': `
        import { EntitySchema } from 'typeorm';
        import { OwnerSchema, PeriodSchema } from './values';
        import { unknownSchema } from './elsewhere';
        export const FlagSchema = new EntitySchema({
          name: 'Flag',
          tableName: 'flags',
          columns: { key: { type: 'varchar', primary: true } },
          embeddeds: {
            owner: { schema: OwnerSchema },
            window: { schema: PeriodSchema, prefix: 'active' },
            period: { schema: PeriodSchema, prefix: false },
            lost: { schema: unknownSchema },
          },
        });
        export const CategorySchema = new EntitySchema({
          name: 'Category',
          columns: { id: { type: 'int', primary: true, generated: 'increment' } },
          relations: { parent: { type: 'many-to-one', target: 'Category', treeParent: true } },
          trees: [{ type: 'closure-table', options: { closureTableName: 'category_paths' } }],
        });`,
    });
    const flags = table(result.model.tables, 'flags');
    assert.deepEqual(flags.columns.map((c) => `${c.name}${c.nullable ? ' NULL' : ''}`), [
      'key',
      'ownerTeam',
      'ownerContactEmail',
      'ownerContactPhone NULL',
      'activeStartsat',
      'activeEndsat NULL',
      'startsAt',
      'endsAt NULL',
    ]);
    assert.deepEqual(flags.columns.map((c) => c.property), ['key', 'owner.team', 'owner.contact.email', 'owner.contact.phone', 'window.startsAt', 'window.endsAt', 'period.startsAt', 'period.endsAt']);
    assert.deepEqual(flags.indexes.map((i) => i.keys.map((k) => (k.kind === 'column' ? k.name : ''))), [['ownerTeam']]);
    assert.deepEqual(flags.uniques.map((u) => u.columns), [['ownerContactEmail']]);
    assert.deepEqual(result.problems, []);
    // The lost embedded's columns are unknown, not absent.
    assert.equal(flags.unknown?.columns?.length, 1);
    assert.match(flags.unknown!.columns![0]!.reason, /the module '.\/elsewhere' imported by flags?.entity.ts cannot be found|'.\/elsewhere'/);
    assert.ok(result.model.tables.some((t) => t.name === 'category_paths_closure'));
  });

  it('collects suppression comments for a line and for a whole class', function () {
    const { root, result } = project({
      'src/a.entity.ts': [
        `import { Entity, PrimaryColumn, Column } from 'typeorm';`,
        `// schema-lens-ignore SL301`,
        `@Entity()`,
        `export class A {`,
        `  @PrimaryColumn() id: number;`,
        `  @Column() b: number; // schema-lens-ignore`,
        `}`,
      ].join('\n'),
    });
    const file = path.join(root, 'src/a.entity.ts');
    assert.deepEqual(result.suppressions, [
      { file, codes: ['SL301'], startLine: 1, endLine: 6 },
      { file, codes: [], startLine: 5, endLine: 5 },
    ]);
  });

  it('re-reads one edited file incrementally', function () {
    const { root } = project({ 'src/x.entity.ts': `import { Entity, PrimaryColumn } from 'typeorm';\n@Entity() export class X { @PrimaryColumn() id: number; }` });
    const file = path.join(root, 'src/x.entity.ts');
    const reader = new EntityReader({ root, naming: 'default' });
    reader.setFiles([file]);
    assert.deepEqual(reader.read().model.tables.map((t) => t.name), ['x']);
    reader.updateFile(file, `import { Entity, PrimaryColumn } from 'typeorm';\n@Entity('renamed') export class X { @PrimaryColumn() id: number; }`);
    assert.deepEqual(reader.read().model.tables.map((t) => t.name), ['renamed']);
    reader.removeFile(file);
    assert.deepEqual(reader.read().model.tables, []);
  });
});

describe('entity reader, incremental', function () {
  it('follows an edit of an imported file that is not an entity file (base class, constant)', function () {
    const root = mkdtempSync(path.join(tmpdir(), 'sl-entities-inc-'));
    try {
      mkdirSync(path.join(root, 'src'));
      const base = path.join(root, 'src/base.ts');
      const entity = path.join(root, 'src/a.entity.ts');
      writeFileSync(base, `import { PrimaryGeneratedColumn } from 'typeorm';\nexport const LEN = 10;\nexport abstract class Base { @PrimaryGeneratedColumn() id: number; }`);
      writeFileSync(entity, `import { Entity, Column } from 'typeorm';\nimport { Base, LEN } from './base';\n@Entity() export class A extends Base { @Column({ length: LEN }) name: string; }`);
      const reader = new EntityReader({ root, naming: 'default' });
      reader.setFiles([entity]);
      const first = reader.read().model.tables[0];
      assert.deepEqual(columns(first), ['id integer increment', 'name character varying(10)']);
      assert.equal(reader.read().model.tables[0], first, 'an unchanged project reuses the built table');
      reader.updateFile(base, `import { PrimaryColumn } from 'typeorm';\nexport const LEN = 20;\nexport abstract class Base { @PrimaryColumn('uuid') id: string; }`);
      assert.deepEqual(columns(reader.read().model.tables[0]), ['id uuid', 'name character varying(20)']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('follows an edit of an embedded EntitySchema in another file, as a fresh read sees it', function () {
    const root = mkdtempSync(path.join(tmpdir(), 'sl-entities-inc-'));
    try {
      mkdirSync(path.join(root, 'src'));
      const values = path.join(root, 'src/values.ts');
      const entity = path.join(root, 'src/flag.entity.ts');
      const period = (columns: string) => `import { EntitySchema } from 'typeorm';\nexport const PeriodSchema = new EntitySchema({ name: 'Period', columns: { ${columns} } });`;
      writeFileSync(values, period(`startsAt: { type: 'timestamptz' }`));
      writeFileSync(entity, `import { EntitySchema } from 'typeorm';\nimport { PeriodSchema } from './values';\nexport const Flag = new EntitySchema({ name: 'Flag', columns: { key: { type: 'varchar', primary: true } }, embeddeds: { window: { schema: PeriodSchema } } });`);
      const reader = new EntityReader({ root, naming: 'default', entityPrefix: 'app_' });
      reader.setFiles([entity]);
      assert.deepEqual(reader.read().model.tables.map((t) => `${t.name}: ${t.columns.map((c) => c.name)}`), ['app_flag: key,windowStartsat']);
      const edited = period(`startsAt: { type: 'timestamptz' }, endsAt: { type: 'timestamptz', nullable: true }`);
      reader.updateFile(values, edited);
      const again = reader.read();
      assert.deepEqual(again.model.tables.map((t) => `${t.name}: ${t.columns.map((c) => c.name)}`), ['app_flag: key,windowStartsat,windowEndsat']);
      assert.equal(reader.lastRead, 'incremental');
      writeFileSync(values, edited);
      assert.deepEqual(again.model, readEntities({ root, naming: 'default', entityPrefix: 'app_', files: [entity] }).model);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('resolves an import once the missing file is created', function () {
    const root = mkdtempSync(path.join(tmpdir(), 'sl-entities-inc-'));
    try {
      const entity = path.join(root, 'a.entity.ts');
      writeFileSync(entity, `import { Entity, PrimaryColumn, Column } from 'typeorm';\nimport { LEN } from './sizes';\n@Entity() export class A { @PrimaryColumn() id: number; @Column({ length: LEN }) name: string; }`);
      const reader = new EntityReader({ root, naming: 'default' });
      reader.setFiles([entity]);
      const first = reader.read();
      assert.match(unknownFact(first.model.tables[0]!.columns[1]!, 'type')?.reason ?? '', /the module '.\/sizes' imported by a.entity.ts cannot be found/);
      const sizes = path.join(root, 'sizes.ts');
      writeFileSync(sizes, 'export const LEN = 5;');
      reader.updateFile(sizes);
      const second = reader.read();
      assert.deepEqual(second.problems, []);
      assert.equal(second.model.tables[0]!.columns[1]!.type, 'character varying(5)');
      assert.deepEqual(second.model.tables[0]!.columns[1]!.certainty, { type: { kind: 'inferred', rule: 'design:type' } });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('rebuilds the foreign keys of entities that reference an edited entity', function () {
    const root = mkdtempSync(path.join(tmpdir(), 'sl-entities-inc-'));
    try {
      mkdirSync(path.join(root, 'src'));
      const a = path.join(root, 'src/a.entity.ts');
      const b = path.join(root, 'src/b.entity.ts');
      writeFileSync(a, `import { Entity, PrimaryGeneratedColumn } from 'typeorm';\n@Entity() export class A { @PrimaryGeneratedColumn() id: number; }`);
      writeFileSync(b, `import { Entity, PrimaryGeneratedColumn, ManyToOne } from 'typeorm';\nimport { A } from './a.entity';\n@Entity() export class B { @PrimaryGeneratedColumn() id: number; @ManyToOne(() => A) a: A; }`);
      const reader = new EntityReader({ root, naming: 'default' });
      reader.setFiles([a, b]);
      assert.deepEqual(columns(table(reader.read().model.tables, 'b')), ['id integer increment', 'aId integer NULL']);
      reader.updateFile(a, `import { Entity, PrimaryColumn } from 'typeorm';\n@Entity() export class A { @PrimaryColumn({ length: 12 }) code: string; }`);
      const bTable = table(reader.read().model.tables, 'b');
      assert.deepEqual(columns(bTable), ['id integer increment', 'aCode character varying(12) NULL']);
      assert.deepEqual(bTable.foreignKeys.map((f) => f.referencedColumns), [['code']]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
