// Decorator recognition and constant folding on constructs distilled from real projects: wrappers of
// TypeORM's decorators (ORM-neutral, driver-aware, feature flags, id strategies), helpers and
// constants across files, and what cannot be read staying unknown — never read as absent.
import assert from 'node:assert/strict';
import { analyze } from '../../../src/core/analyze';
import { modelUnknowns } from '../../../src/core/model/coverage';
import { unknownFact, type SchemaModel, type Table } from '../../../src/core/model/schema';
import { columns, project, removeProjects, table } from './support';

const typeorm = `import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn, ManyToOne, JoinColumn } from 'typeorm';`;

function column(t: Table, name: string) {
  const found = t.columns.find((c) => c.name === name);
  assert.ok(found, `column ${name} in ${t.columns.map((c) => c.name).join(', ')}`);
  return found;
}

describe('entity reader: wrapper decorators and folding', function () {
  after(removeProjects);

  it('follows a wrapper that merges options and returns TypeORM Column, through a helper that folds', function () {
    const { result } = project({
      'src/db.ts': `
        import { Column, ColumnOptions, ColumnType } from 'typeorm';
        const mapping: Record<string, string> = { datetime: 'timestamptz' };
        export function resolveDbType(type: ColumnType): ColumnType { return type in mapping ? mapping[type as string] : type; }
        export function DbAwareColumn(options: ColumnOptions): PropertyDecorator {
          if (options.type) options.type = resolveType(options.type);
          return Column({ ...options, comment: undefined });
        }
        function resolveType(type: ColumnType): ColumnType { return type === 'datetime' ? 'timestamptz' : type; }`,
      'src/note.entity.ts': `${typeorm}
        import { DbAwareColumn } from './db';
        @Entity() export class Note {
          @PrimaryGeneratedColumn() id: number;
          @DbAwareColumn({ type: 'jsonb', nullable: true }) metadata: object;
          @DbAwareColumn({ type: 'datetime', default: () => 'CURRENT_TIMESTAMP' }) createdAt: Date;
        }`,
    });
    assert.deepEqual(columns(table(result.model.tables, 'note')), ['id integer increment', 'metadata jsonb NULL', 'createdAt timestamp with time zone DEFAULT now()']);
    assert.deepEqual(modelUnknowns(result.model), []);
  });

  it('a type chosen by process.env is unknown until the project declares the variable', function () {
    const files = {
      'src/datasource.ts': `export const isPgsql = process.env.DB_TYPE === 'postgres';`,
      'src/db.ts': `
        import { Column, ColumnOptions } from 'typeorm';
        import { isPgsql } from './datasource';
        export function DbAwareColumn(options: ColumnOptions): PropertyDecorator {
          if (options.type === 'datetime') options.type = isPgsql ? 'timestamp with time zone' : 'datetime';
          return Column(options);
        }`,
      'src/issue.entity.ts': `${typeorm}
        import { DbAwareColumn } from './db';
        @Entity() export class Issue {
          @PrimaryGeneratedColumn() id: number;
          @DbAwareColumn({ type: 'datetime', nullable: true }) closedAt: Date;
          @DbAwareColumn({ type: 'text' }) title: string;
        }`,
    };
    const unknown = table(project(files).result.model.tables, 'issue');
    const closedAt = column(unknown, 'closedAt');
    assert.match(unknownFact(closedAt, 'type')?.reason ?? '', /^'process.env.DB_TYPE' is read at run time/);
    assert.match(unknownFact(closedAt, 'type')?.hint ?? '', /"env": \{ "DB_TYPE": "\.\.\." \}, or declare `DbAwareColumn` under "decorators"/);
    assert.equal(unknownFact(closedAt, 'nullable'), undefined, 'nullable is read');
    assert.equal(closedAt.nullable, true);
    assert.equal(column(unknown, 'title').type, 'text');

    const declared = table(project(files, 'default', '1.1.1', { declarations: { env: { DB_TYPE: 'postgres' } } }).result.model.tables, 'issue');
    assert.equal(column(declared, 'closedAt').type, 'timestamp with time zone');
    assert.equal(column(declared, 'closedAt').certainty, undefined);
  });

  it('a type chosen by a top-level let set at run time is unknown until the project declares its value (medusa resolveDbType)', function () {
    const files = {
      'src/utils/db-aware-column.ts': `
        import { getConfigFile } from 'medusa-core-utils';
        let dbType: string;
        export function resolveDbType(pgSqlType: string): string {
          if (!dbType) dbType = getConfigFile(process.cwd(), 'medusa-config').configModule?.projectConfig?.database_type || 'postgres';
          return dbType === 'sqlite' && pgSqlType === 'timestamptz' ? 'datetime' : pgSqlType;
        }`,
      'src/base.entity.ts': `${typeorm}
        import { CreateDateColumn } from 'typeorm';
        import { resolveDbType } from './utils/db-aware-column';
        @Entity() export class Cart {
          @PrimaryColumn() id: string;
          @CreateDateColumn({ type: resolveDbType('timestamptz') }) created_at: Date;
        }`,
    };
    const createdAt = column(table(project(files).result.model.tables, 'cart'), 'created_at');
    assert.match(unknownFact(createdAt, 'type')?.reason ?? '', /'dbType' is a variable \(let or var\)/);
    assert.equal(unknownFact(createdAt, 'type')?.hint, 'Declare the value it has when the application runs under "values" in schema-lens.json, e.g. "values": { "db-aware-column.ts#dbType": "..." }.');
    const declared = project(files, 'default', '1.1.1', { declarations: { values: { 'db-aware-column.ts#dbType': 'postgres' } } });
    const read = column(table(declared.result.model.tables, 'cart'), 'created_at');
    assert.equal(read.type, 'timestamp with time zone');
    assert.equal(read.certainty, undefined);
  });

  it('n8n: TypeORM imported from a scoped fork (@n8n/typeorm), a type from a destructured top-level const, declared under values', function () {
    const files = {
      'packages/db/src/entities/abstract-entity.ts': `
        import { GlobalConfig } from '@n8n/config';
        import { Container } from '@n8n/di';
        import { Column, CreateDateColumn } from '@n8n/typeorm';
        import type { ColumnOptions } from '@n8n/typeorm';
        export const { type: dbType } = Container.get(GlobalConfig).database;
        const timestampSyntax = { sqlite: "STRFTIME('%Y-%m-%d %H:%M:%f', 'NOW')", postgresdb: 'CURRENT_TIMESTAMP(3)' }[dbType];
        export const [jsonColumnType] = [dbType === 'sqlite' ? 'simple-json' : 'json'];
        export function JsonColumn(options?: Omit<ColumnOptions, 'type'>) { return Column({ ...options, type: jsonColumnType }); }
        const tsColumnOptions: ColumnOptions = { precision: 3, default: () => timestampSyntax, type: dbType === 'postgresdb' ? 'timestamptz' : 'datetime' };
        function mixinCreatedAt(base) { class Derived extends base { @CreateDateColumn(tsColumnOptions) createdAt: Date; } return Derived; }
        class BaseEntity {}
        export const WithCreatedAt = mixinCreatedAt(BaseEntity);`,
      'packages/db/src/entities/settings.entity.ts': `
        import { Entity, PrimaryColumn } from '@n8n/typeorm';
        import { JsonColumn, WithCreatedAt } from './abstract-entity';
        @Entity() export class Settings extends WithCreatedAt {
          @PrimaryColumn() key: string;
          @JsonColumn() value: object;
        }`,
    };
    const unread = table(project(files).result.model.tables, 'settings');
    assert.match(unknownFact(column(unread, 'createdAt'), 'type')?.reason ?? '', /Container\.get/);
    assert.ok(unknownFact(column(unread, 'value'), 'type'));
    const declared = project(files, 'default', '0.3.20', { declarations: { values: { 'abstract-entity.ts#dbType': 'postgresdb' } } });
    const settings = table(declared.result.model.tables, 'settings');
    assert.equal(column(settings, 'createdAt').type, 'timestamp(3) with time zone');
    assert.ok(column(settings, 'createdAt').default !== undefined && !unknownFact(column(settings, 'createdAt'), 'default'));
    assert.equal(column(settings, 'value').type, 'json');
    assert.equal(column(settings, 'key').type, 'character varying');
  });

  it('an ORM-neutral wrapper applies TypeORM decorators to its target, re-exported under other names through barrels', function () {
    const files = {
      'packages/core/src/orm/type-orm.ts': `export { ManyToOne as TypeOrmManyToOne, Column as TypeOrmColumn, Entity as TypeOrmEntity } from 'typeorm';`,
      'packages/core/src/orm/decorators.ts': `
        import { TypeOrmColumn, TypeOrmEntity, TypeOrmManyToOne } from './type-orm';
        import { Property } from '@mikro-orm/core';
        export function getORMType(defaultValue = 'typeorm'): string {
          if (!process.env.DB_ORM) return defaultValue;
          switch (process.env.DB_ORM) {
            case 'typeorm':
              return 'typeorm';
            case 'mikro-orm':
              return 'mikro-orm';
            default:
              return defaultValue;
          }
        }
        export function MultiORMEntity(name: string, options: object = {}): ClassDecorator {
          return (target) => { Property()(target); TypeOrmEntity(name, options)(target); };
        }
        export function MultiORMColumn(typeOrOptions?: any, options?: any): PropertyDecorator {
          let type = typeOrOptions;
          if (typeof typeOrOptions === 'object') { options = typeOrOptions; type = options.type; }
          return (target, key) => {
            if (getORMType() === 'typeorm') TypeOrmColumn({ type, ...options })(target, key);
          };
        }
        export function MultiORMManyToOne(targetFn: any, options?: any): PropertyDecorator {
          return (target, key) => { TypeOrmManyToOne(targetFn, options)(target, key); };
        }`,
      'packages/core/src/index.ts': `export * from './orm/decorators';`,
      'tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@acme/core': ['packages/core/src/index.ts'] } } }),
      'packages/app/tag.entity.ts': `
        import { PrimaryGeneratedColumn } from 'typeorm';
        import { MultiORMColumn, MultiORMEntity, MultiORMManyToOne } from '@acme/core';
        import { Tenant } from './tenant.entity';
        @MultiORMEntity('tag') export class Tag {
          @PrimaryGeneratedColumn('uuid') id: string;
          @MultiORMColumn({ length: 40 }) name: string;
          @MultiORMColumn('text', { nullable: true }) description: string;
          @MultiORMManyToOne(() => Tenant, { onDelete: 'CASCADE' }) tenant: Tenant;
        }`,
      'packages/app/tenant.entity.ts': `
        import { PrimaryGeneratedColumn } from 'typeorm';
        import { MultiORMEntity } from '@acme/core';
        @MultiORMEntity('tenant') export class Tenant { @PrimaryGeneratedColumn('uuid') id: string; }`,
    };
    // Which ORM applies depends on DB_ORM at run time: the columns are unknown, the rest is read.
    const unknown = table(project(files).result.model.tables, 'tag');
    assert.deepEqual(columns(unknown), ['id uuid DEFAULT uuid_generate_v4()', 'tenantId uuid NULL']);
    assert.equal(unknown.unknown?.columns?.length, 2);
    assert.deepEqual(unknown.foreignKeys.map((fk) => `${fk.columns} -> ${fk.referencedTable.name} ${fk.onDelete}`), ['tenantId -> tenant CASCADE']);

    // Declared, as set or as not set (null: the default applies), it is read.
    for (const DB_ORM of ['typeorm', null]) {
      const declared = table(project(files, 'default', '1.1.1', { declarations: { env: { DB_ORM } } }).result.model.tables, 'tag');
      assert.deepEqual(columns(declared), ['id uuid DEFAULT uuid_generate_v4()', 'name character varying(40)', 'description text NULL', 'tenantId uuid NULL']);
      assert.equal(declared.unknown, undefined);
    }
    const mikro = table(project(files, 'default', '1.1.1', { declarations: { env: { DB_ORM: 'mikro-orm' } } }).result.model.tables, 'tag');
    assert.deepEqual(columns(mikro), ['id uuid DEFAULT uuid_generate_v4()', 'tenantId uuid NULL']);
  });

  it('a wrapper that hands its target to a helper applying the TypeORM decorator (overloads resolved by arguments)', function () {
    const { result } = project({
      'src/index.decorator.ts': `
        import { Index as TypeOrmIndex, IndexOptions } from 'typeorm';
        export function ColumnIndex(nameOrFields?: string | string[], maybeOptions?: IndexOptions) {
          const name = typeof nameOrFields === 'string' ? nameOrFields : undefined;
          const fields = typeof nameOrFields === 'string' ? undefined : nameOrFields;
          return (target: any, propertyKey?: string) => { applyIndex(target, propertyKey, name, fields, maybeOptions); };
        }
        export function applyIndex(target: any, propertyKey: string | undefined, name?: string, fields?: string[], options: IndexOptions = {}) {
          if (name && fields) TypeOrmIndex(name, fields, options)(target, propertyKey);
          else if (fields) TypeOrmIndex(fields)(target, propertyKey);
          else TypeOrmIndex(options)(target, propertyKey);
        }`,
      'src/task.entity.ts': `${typeorm}
        import { ColumnIndex } from './index.decorator';
        @Entity() @ColumnIndex(['projectId', 'title'])
        export class Task {
          @PrimaryGeneratedColumn() id: number;
          @ColumnIndex({ unique: true }) @Column() title: string;
          @Column() projectId: number;
        }`,
    });
    const task = table(result.model.tables, 'task');
    assert.deepEqual(
      task.indexes.map((i) => `${i.unique ? 'unique ' : ''}${i.keys.map((k) => (k.kind === 'column' ? k.name : '?')).join(',')}`),
      ['unique title', 'projectId,title'],
    );
  });

  it("NestJS applyDecorators combines TypeORM's decorators with other libraries', which add nothing", function () {
    const { result } = project({
      'src/decorators.ts': `
        import { applyDecorators } from '@nestjs/common';
        import { ApiProperty } from '@nestjs/swagger';
        import { IsString, MaxLength } from 'class-validator';
        import { Column, Index } from 'typeorm';
        export const NameColumn = (length: number) => applyDecorators(ApiProperty(), IsString(), MaxLength(length), Column({ length }), Index());
        export function Trimmed(): PropertyDecorator { return (target, key) => { Reflect.defineMetadata('trim', true, target, key); }; }`,
      'src/brand.entity.ts': `${typeorm}
        import { IsOptional } from 'class-validator';
        import { NameColumn, Trimmed } from './decorators';
        @Entity() export class Brand {
          @PrimaryGeneratedColumn() id: number;
          @Trimmed() @NameColumn(60) name: string;
          @IsOptional() @Column({ nullable: true }) slogan: string;
        }`,
    });
    const brand = table(result.model.tables, 'brand');
    assert.deepEqual(columns(brand), ['id integer increment', 'name character varying(60)', 'slogan character varying NULL']);
    assert.deepEqual(brand.indexes.map((i) => i.keys.map((k) => (k.kind === 'column' ? k.name : '?'))), [['name']]);
    assert.deepEqual(modelUnknowns(result.model), []);
  });

  it('a decorator that records the property for a strategy applied at boot is unknown until declared', function () {
    const files = {
      'src/entity-id.ts': `
        export const idColumns: Array<{ target: object; key: string | symbol }> = [];
        export function EntityId(): PropertyDecorator { return (target, key) => { idColumns.push({ target, key }); }; }`,
      'src/channel.entity.ts': `${typeorm}
        import { EntityId } from './entity-id';
        @Entity() export class Channel {
          @EntityId() id: number;
          @Column() code: string;
        }`,
    };
    const unknown = table(project(files).result.model.tables, 'channel');
    assert.deepEqual(columns(unknown), ['code character varying']);
    assert.match(unknown.unknown?.columns?.[0]?.reason ?? '', /^`@EntityId\(\)`: /);
    assert.ok(unknown.unknown?.primaryKey, 'the primary key is unknown, not absent');

    const declarations = { decorators: { EntityId: { as: 'PrimaryGeneratedColumn', options: { type: 'int' } } } };
    const declared = table(project(files, 'default', '1.1.1', { declarations }).result.model.tables, 'channel');
    assert.deepEqual(columns(declared), ['id integer increment', 'code character varying']);
    assert.deepEqual(declared.primaryKey?.columns, ['id']);
    assert.deepEqual(column(declared, 'id').certainty, {
      type: { kind: 'inferred', rule: 'decorators.EntityId' },
      nullable: { kind: 'inferred', rule: 'decorators.EntityId' },
      default: { kind: 'inferred', rule: 'decorators.EntityId' },
    });
  });

  it('a feature-flag wrapper is unknown, or read as declared (assume on / off)', function () {
    const files = {
      'src/flags.ts': `
        import { Column, ColumnOptions } from 'typeorm';
        export const enabled = new Set<string>(['tax_inclusive']);
        export function FlagColumn(flag: string, options: ColumnOptions): PropertyDecorator {
          return (target, key) => { if (enabled.has(flag)) Column(options)(target, key); };
        }`,
      'src/region.entity.ts': `${typeorm}
        import { FlagColumn } from './flags';
        @Entity() export class Region {
          @PrimaryGeneratedColumn() id: number;
          @FlagColumn('tax_inclusive', { default: false }) includesTax: boolean;
        }`,
    };
    const read = (assume?: 'on' | 'off') =>
      table(project(files, 'default', '1.1.1', assume ? { declarations: { decorators: { FlagColumn: { as: 'Column', skipArguments: 1, assume } } } } : {}).result.model.tables, 'region');
    assert.deepEqual(columns(read()), ['id integer increment']);
    assert.equal(read().unknown?.columns?.length, 1);
    assert.deepEqual(columns(read('on')), ['id integer increment', 'includesTax boolean DEFAULT false']);
    assert.deepEqual(columns(read('off')), ['id integer increment']);
    assert.equal(read('off').unknown, undefined);
  });

  it('folds constants, as-const arrays, enums, helpers, templates and static readonly members across files', function () {
    const { result } = project({
      'packages/common/src/limits.ts': `
        export const MAX_NAME = 60;
        export const STATES = ['draft', 'placed', 'shipped'] as const;
        export enum Priority { Low = 'low', High = 'high' }
        export const PREFIX = 'shop';
        export function dbType(kind: 'json' | 'time'): string { const types = { json: 'jsonb', time: 'timestamptz' }; return types[kind]; }
        export const decimal = (precision: number, scale = 2) => ({ type: 'numeric' as const, precision, scale });`,
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@shop/common/*': ['packages/common/src/*'] } } }),
      'src/order.entity.ts': `${typeorm}
        import { MAX_NAME, STATES, Priority, PREFIX, dbType, decimal } from '@shop/common/limits';
        @Entity(\`\${PREFIX}_order\`) export class Order {
          static readonly ITEMS_TABLE = 'shop_order_items';
          @PrimaryGeneratedColumn() id: number;
          @Column({ length: MAX_NAME - 20 }) name: string;
          @Column({ type: 'enum', enum: STATES, default: STATES[0] }) state: string;
          @Column({ type: 'enum', enum: Priority, enumName: 'priority' }) priority: Priority;
          @Column({ type: dbType('json'), nullable: true }) data: object;
          @Column({ type: dbType('time') }) placedAt: Date;
          @Column(decimal(10)) total: string;
          @Column({ length: Order.ITEMS_TABLE.length }) note: string;
        }`,
    });
    const order = table(result.model.tables, 'shop_order');
    assert.deepEqual(columns(order), [
      'id integer increment',
      'name character varying(40)',
      "state shop_order_state_enum DEFAULT 'draft'::shop_order_state_enum",
      'priority priority',
      'data jsonb NULL',
      'placedAt timestamp with time zone',
      'total numeric(10,2)',
      'note character varying(16)',
    ]);
    assert.deepEqual(result.model.enums.map((e) => `${e.name}: ${e.values.join(',')}`).sort(), ['priority: low,high', 'shop_order_state_enum: draft,placed,shipped']);
    assert.deepEqual(modelUnknowns(result.model), []);
  });

  it('what depends on I/O, a variable or an object made at run time is unknown, reported once per cause', function () {
    const { result } = project({
      'src/db.ts': `
        import { readFileSync } from 'node:fs';
        let dbType: string;
        export function resolveDbType(type: string): string {
          if (!dbType) dbType = JSON.parse(readFileSync('config.json', 'utf8')).type;
          return dbType === 'sqlite' ? 'datetime' : type;
        }`,
      'src/base.entity.ts': `${typeorm}
        import { resolveDbType } from './db';
        export abstract class Base {
          @PrimaryColumn() id: string;
          @Column({ type: resolveDbType('timestamptz') }) createdAt: Date;
          @Column({ type: resolveDbType('timestamptz') }) updatedAt: Date;
        }`,
      'src/a.entity.ts': `${typeorm}\nimport { Base } from './base.entity';\n@Entity() export class A extends Base { @Column({ default: new Date().toISOString() }) since: string; }`,
      'src/b.entity.ts': `${typeorm}\nimport { Base } from './base.entity';\n@Entity() export class B extends Base {}`,
    });
    for (const name of ['a', 'b']) {
      const t = table(result.model.tables, name);
      for (const c of ['createdAt', 'updatedAt']) assert.ok(unknownFact(column(t, c), 'type'), `${name}.${c} type is unknown`);
      assert.equal(unknownFact(column(t, 'id'), 'type'), undefined);
    }
    assert.match(unknownFact(column(table(result.model.tables, 'a'), 'since'), 'default')?.reason ?? '', /makes an object at run time/);

    // Compared with a database that differs in every fact the reader could not read (the type is
    // the other one the helper may pick): no drift, one SL001 per cause.
    const actual: SchemaModel = structuredClone(result.model);
    for (const t of actual.tables) {
      delete t.unknown;
      for (const c of t.columns) {
        if (unknownFact(c, 'type')) c.type = 'timestamp with time zone';
        if (unknownFact(c, 'default')) c.default = "'x'::text";
        delete c.certainty;
      }
    }
    const findings = analyze({ intended: { model: result.model, suppressions: [] }, actual });
    assert.deepEqual(findings.filter((f) => f.severity !== 'info').map((f) => f.code), []);
    const reader = findings.filter((f) => f.code === 'SL001');
    assert.equal(reader.length, 2, reader.map((f) => f.message).join('\n'));
    assert.match(reader.find((f) => /resolveDbType|dbType/.test(f.message))?.message ?? '', /^Not statically readable \(2 places\): /);
  });

  it('a type picked among a few lists them in the model spelling, unless another option of the type is unread too', function () {
    const { result } = project({
      'src/note.entity.ts': `${typeorm}
        const sqlite = process.env.DB === 'sqlite';
        @Entity() export class Note {
          @PrimaryColumn() id: string;
          @Column({ type: sqlite ? 'simple-json' : 'jsonb' }) data: object;
          @Column({ type: sqlite ? 'text' : 'varchar', length: process.env.LEN }) title: string;
        }`,
    });
    const note = table(result.model.tables, 'note');
    assert.deepEqual(unknownFact(column(note, 'data'), 'type')?.oneOf, ['text', 'jsonb']);
    assert.ok(unknownFact(column(note, 'title'), 'type'));
    assert.equal(unknownFact(column(note, 'title'), 'type')?.oneOf, undefined);
  });

  it('design:type of unions of enum members, directly and through a type alias in another file', function () {
    const { result } = project({
      'src/roles.ts': `
        export enum Role { Admin = 1, User = 4 }
        export enum Kind { A = 'a', B = 'b' }
        export type OrgRole = Role.Admin | Role.User;
        export type Mixed = Role.Admin | Kind.A;`,
      'src/invite.entity.ts': `${typeorm}
        import { Kind, OrgRole, Mixed, Role } from './roles';
        @Entity() export class Invite {
          @PrimaryGeneratedColumn() id: number;
          @Column({ default: Role.User }) role: OrgRole;
          @Column() kind: Kind.A | Kind.B | null;
          @Column({ type: 'varchar' }) mixed: Mixed;
        }`,
    });
    assert.deepEqual(columns(table(result.model.tables, 'invite')), ['id integer increment', 'role integer DEFAULT 4', 'kind character varying', 'mixed character varying']);
    assert.deepEqual(result.problems, []);
  });

  it('a conditional spread keeps what both branches agree on and leaves the rest unknown', function () {
    const { result } = project({
      'src/db.ts': `export const isMySQL = (): boolean => process.env.DB_TYPE === 'mysql';`,
      'src/invoice.entity.ts': `${typeorm}
        import { isMySQL } from './db';
        @Entity() export class Invoice {
          @PrimaryGeneratedColumn() id: number;
          @Column({ nullable: true, ...(isMySQL() ? { type: 'bigint' } : { type: 'numeric' }) }) amount: number;
          @Column({ type: isMySQL() ? 'json' : 'jsonb' }) lines: object;
        }`,
    });
    const invoice = table(result.model.tables, 'invoice');
    const amount = column(invoice, 'amount');
    assert.ok(unknownFact(amount, 'type'));
    assert.equal(unknownFact(amount, 'nullable'), undefined);
    assert.equal(amount.nullable, true);
    assert.ok(unknownFact(column(invoice, 'lines'), 'type'));
  });

  it('of two column decorators on one property, the one nearest the property wins, as in TypeORM', function () {
    const { result } = project({
      'src/log.entity.ts': `${typeorm}
        import { UpdateDateColumn } from 'typeorm';
        @Entity() export class Log {
          @PrimaryGeneratedColumn() id: number;
          @Column({ length: 100, nullable: true })
          @Column({ nullable: true })
          link: string;
          @Column({ type: 'timestamp' })
          @UpdateDateColumn()
          editedAt: Date;
        }`,
    });
    assert.deepEqual(columns(table(result.model.tables, 'log')), ['id integer increment', 'link character varying NULL', 'editedAt timestamp without time zone DEFAULT now()']);
  });

  it('an explicit junction entity on the table of a @JoinTable gives one table, the entity first', function () {
    const { result } = project({
      'src/group.entity.ts': `${typeorm}\nimport { ManyToMany, JoinTable } from 'typeorm';\n@Entity() export class Group { @PrimaryColumn() id: string; }`,
      'src/condition.entity.ts': `${typeorm}
        import { ManyToMany, JoinTable } from 'typeorm';
        import { Group } from './group.entity';
        @Entity() export class Condition {
          @PrimaryColumn() id: string;
          @ManyToMany(() => Group)
          @JoinTable({ name: 'condition_group', joinColumn: { name: 'condition_id' }, inverseJoinColumn: { name: 'group_id' } })
          groups: Group[];
        }`,
      'src/condition-group.entity.ts': `${typeorm}
        import { CreateDateColumn } from 'typeorm';
        import { Group } from './group.entity';
        import { Condition } from './condition.entity';
        @Entity('condition_group') export class ConditionGroup {
          @PrimaryColumn() group_id: string;
          @PrimaryColumn() condition_id: string;
          @ManyToOne(() => Group, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'group_id' }) group: Group;
          @ManyToOne(() => Condition, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'condition_id' }) condition: Condition;
          @CreateDateColumn() created_at: Date;
        }`,
    });
    const tables = result.model.tables.filter((t) => t.name === 'condition_group');
    assert.equal(tables.length, 1);
    assert.deepEqual(tables[0]!.columns.map((c) => c.name), ['group_id', 'condition_id', 'created_at']);
    assert.deepEqual(tables[0]!.foreignKeys.map((fk) => `${fk.columns} ${fk.onDelete}/${fk.onUpdate}`).sort(), ['condition_id CASCADE/NO ACTION', 'group_id CASCADE/NO ACTION']);
  });

  it('a relation to a class that is no entity file, or a parent from an unread package, is unknown, not absent', function () {
    const { result } = project({
      'src/address.ts': `${typeorm}\n@Entity() export class Address { @PrimaryColumn() id: string; }`,
      'src/location.entity.ts': `${typeorm}
        import { SoftDeletableEntity } from '@medusajs/medusa';
        import { Address } from './address';
        @Entity() export class Location extends SoftDeletableEntity {
          @Column({ type: 'text', nullable: true }) address_id: string;
          @ManyToOne(() => Address) @JoinColumn({ name: 'address_id' }) address: Address;
          @ManyToOne(() => Address) shipping: Address;
        }`,
    });
    const location = table(result.model.tables, 'location');
    assert.deepEqual(columns(location), ['address_id text NULL']);
    assert.deepEqual(location.foreignKeys, []);
    assert.match(location.unknown?.columns?.map((f) => f.reason).join('\n') ?? '', /`SoftDeletableEntity` is imported from the package '@medusajs\/medusa', which is not in this workspace/);
    assert.match(location.unknown?.columns?.map((f) => f.reason).join('\n') ?? '', /Address, the target of Location.shipping, is not among the entity files/);
    assert.ok(location.unknown?.primaryKey);
    assert.deepEqual(result.problems, []);
  });

  it("the join column of a relation whose target's primary key is unknown takes an unknown type", function () {
    const { result } = project({
      'src/address.entity.ts': `${typeorm}\nimport { Base } from '@medusajs/medusa';\n@Entity() export class Address extends Base { @Column() city: string; }`,
      'src/place.entity.ts': `${typeorm}
        import { Address } from './address.entity';
        @Entity() export class Place {
          @PrimaryColumn() id: string;
          @Column({ type: 'text', nullable: true }) address_id: string;
          @ManyToOne(() => Address) @JoinColumn({ name: 'address_id' }) address: Address;
        }`,
    });
    const place = table(result.model.tables, 'place');
    assert.ok(unknownFact(column(place, 'address_id'), 'type'));
    assert.equal(unknownFact(column(place, 'address_id'), 'nullable'), undefined);
    assert.equal(place.unknown?.constraints?.length, 1);
  });

  it('junction and closure tables of an entity whose primary key is unknown exist, with nothing known inside', function () {
    const { result } = project({
      'src/entity-id.ts': `
        const ids: object[] = [];
        export function EntityId(): PropertyDecorator { return (target, key) => { ids.push({ target, key }); }; }`,
      'src/asset.entity.ts': `${typeorm}
        import { ManyToMany, JoinTable, Tree, TreeChildren, TreeParent } from 'typeorm';
        import { EntityId } from './entity-id';
        @Entity() export class Tag { @EntityId() id: number; @Column() name: string; }
        @Entity() export class Asset { @EntityId() id: number; @ManyToMany(() => Tag) @JoinTable() tags: Tag[]; }
        @Entity() @Tree('closure-table') export class Folder { @EntityId() id: number; @TreeChildren() children: Folder[]; @TreeParent() parent: Folder; }`,
    });
    assert.deepEqual(result.model.tables.map((t) => t.name).sort(), ['asset', 'asset_tags_tag', 'folder', 'folder_closure', 'tag']);
    assert.ok(table(result.model.tables, 'asset').unknown?.constraints?.length);
    assert.ok(table(result.model.tables, 'folder').unknown?.constraints?.length);
    for (const name of ['asset_tags_tag', 'folder_closure']) {
      const made = table(result.model.tables, name);
      assert.deepEqual(made.columns, []);
      assert.ok(made.unknown?.columns?.length && made.unknown.primaryKey && made.unknown.constraints?.length, `${name}: columns, key and constraints unknown`);
      assert.equal(made.unknown.exists, undefined, `${name} surely exists`);
    }

    // The database as TypeORM makes it (the junction's index on its first key column is redundant
    // beside its primary key): no finding rests on what was not read.
    const actual: SchemaModel = structuredClone(result.model);
    for (const t of actual.tables) {
      delete t.unknown;
      if (!t.columns.some((c) => c.name === 'id')) t.columns.unshift({ name: 'id', type: 'integer', nullable: false });
      t.primaryKey = { columns: ['id'] };
    }
    const junction = table(actual.tables, 'asset_tags_tag');
    junction.columns = [{ name: 'assetId', type: 'integer', nullable: false }, { name: 'tagId', type: 'integer', nullable: false }];
    junction.primaryKey = { columns: ['assetId', 'tagId'] };
    junction.indexes = [{ name: 'IDX_asset', keys: [{ kind: 'column', name: 'assetId' }], unique: false, method: 'btree' }];
    const findings = analyze({ intended: { model: result.model, suppressions: [] }, actual });
    assert.deepEqual(findings.filter((f) => f.severity !== 'info' || f.code === 'SL110').map((f) => `${f.code} ${f.table}`), []);
    // Without the junction in the database, that is drift.
    actual.tables = actual.tables.filter((t) => t.name !== 'asset_tags_tag');
    const missing = analyze({ intended: { model: result.model, suppressions: [] }, actual });
    assert.deepEqual(missing.filter((f) => f.severity !== 'info').map((f) => `${f.code} ${f.table}`), ['SL101 asset_tags_tag']);
  });

  it('no discriminator index when a class of the single-table hierarchy has an embedded (as TypeORM 0.3 and 1.x build it)', function () {
    const { result } = project({
      'src/region.entity.ts': `${typeorm}
        import { TableInheritance, ChildEntity } from 'typeorm';
        class Custom { @Column({ nullable: true }) note: string; }
        @Entity() @TableInheritance({ column: { type: 'varchar', name: 'discriminator' } })
        export class Region { @PrimaryGeneratedColumn() id: number; @Column(() => Custom) custom: Custom; }
        @ChildEntity() export class Country extends Region { @Column({ nullable: true }) iso: string; }
        @Entity() @TableInheritance({ column: { type: 'varchar', name: 'kind' } })
        export class Payment { @PrimaryGeneratedColumn() id: number; }
        @ChildEntity() export class Card extends Payment { @Column(() => Custom) custom: Custom; }
        @Entity() @TableInheritance({ column: { type: 'varchar', name: 'kind' } })
        export class Plain { @PrimaryGeneratedColumn() id: number; }
        @ChildEntity() export class Special extends Plain { @Column({ nullable: true }) note: string; }`,
    });
    assert.deepEqual(table(result.model.tables, 'region').indexes, []);
    assert.deepEqual(table(result.model.tables, 'payment').indexes, []);
    assert.deepEqual(table(result.model.tables, 'plain').indexes.map((i) => i.keys.map((k) => (k.kind === 'column' ? k.name : '?'))), [['kind']]);
  });

  it('@Generated with a strategy computed at run time leaves the default unknown', function () {
    const { result } = project({
      'src/db.ts': `export const strategy = (s: string) => (process.env.DB === 'sqlite' ? 'rowid' : s);`,
      'src/order.entity.ts': `${typeorm}
        import { Generated } from 'typeorm';
        import { strategy } from './db';
        @Entity() export class Order { @PrimaryColumn() id: string; @Column() @Generated(strategy('increment')) display_id: number; }`,
    });
    const displayId = column(table(result.model.tables, 'order'), 'display_id');
    assert.ok(unknownFact(displayId, 'default'));
    assert.equal(unknownFact(displayId, 'nullable'), undefined);
  });
});
