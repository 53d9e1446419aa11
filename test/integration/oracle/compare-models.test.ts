// The oracle's comparer must see every kind of difference and say which object and what differs;
// otherwise a green oracle would prove nothing.
import assert from 'node:assert/strict';
import type { SchemaModel, Table } from '../../../src/core/model/schema';
import { compareModels } from './support/compare-models';

function orderItem(): Table {
  return {
    schema: 'public',
    name: 'order_item',
    columns: [
      { name: 'id', type: 'integer', nullable: false, generated: { kind: 'increment' } },
      { name: 'quantity', type: 'integer', nullable: false, default: '1' },
      { name: 'order_id', type: 'integer', nullable: true },
      { name: 'status', type: 'item_status', nullable: false, enumType: { schema: 'public', name: 'item_status' } },
    ],
    primaryKey: { name: 'PK_1', columns: ['id'] },
    uniques: [{ name: 'UQ_1', columns: ['order_id', 'quantity'] }],
    foreignKeys: [
      {
        name: 'FK_1',
        columns: ['order_id'],
        referencedTable: { schema: 'public', name: 'orders' },
        referencedColumns: ['id'],
        onDelete: 'CASCADE',
        onUpdate: 'NO ACTION',
      },
    ],
    checks: [{ name: 'CHK_1', expression: 'quantity > 0' }],
    exclusions: [],
    indexes: [{ name: 'IDX_1', keys: [{ kind: 'column', name: 'order_id' }], unique: false, method: 'btree' }],
  };
}

function model(table: Table): SchemaModel {
  return { tables: [table], enums: [{ schema: 'public', name: 'item_status', values: ['new', 'done'] }], views: [] };
}

describe('oracle comparer', () => {
  it('finds nothing between structurally equal models whose constraint names differ', () => {
    const renamed = orderItem();
    renamed.primaryKey = { name: 'order_item_pkey', columns: ['id'] };
    renamed.foreignKeys[0]!.name = 'fk_other';
    renamed.indexes[0]!.name = 'idx_other';
    renamed.uniques[0] = { name: 'uq_other', columns: ['quantity', 'order_id'] };
    renamed.columns[0]!.span = { file: '/x.ts', start: { line: 1, character: 0 }, end: { line: 1, character: 5 }, startOffset: 0, endOffset: 5 };
    assert.deepEqual(compareModels(model(orderItem()), model(renamed)), []);
  });

  it('names the object and the difference for every kind of object', () => {
    const database = orderItem();
    database.columns[1] = { name: 'quantity', type: 'smallint', nullable: true, default: '2' };
    database.columns.push({ name: 'note', type: 'text', nullable: true });
    database.foreignKeys[0]!.onDelete = 'SET NULL';
    database.indexes[0]!.unique = true;
    database.checks = [];
    database.exclusions = [{ expression: 'USING gist (during WITH &&)' }];
    const databaseModel = model(database);
    databaseModel.enums[0]!.values = ['new', 'done', 'lost'];
    databaseModel.views.push({ schema: 'public', name: 'totals', materialized: true });

    assert.deepEqual(compareModels(model(orderItem()), databaseModel), [
      'public.item_status: enum values [new, done] (entities) vs [new, done, lost] (database)',
      'public.order_item.note: column (text) only in database',
      'public.order_item.quantity: NOT NULL (entities) vs NULL (database)',
      'public.order_item.quantity: default 1 (entities) vs 2 (database)',
      'public.order_item.quantity: type integer (entities) vs smallint (database)',
      'public.order_item: check (quantity > 0) only in entities',
      'public.order_item: exclusion USING gist (during WITH &&) only in database',
      'public.order_item: foreign key (order_id) -> public.orders (id) ON DELETE CASCADE ON UPDATE NO ACTION only in entities',
      'public.order_item: foreign key (order_id) -> public.orders (id) ON DELETE SET NULL ON UPDATE NO ACTION only in database',
      'public.order_item: index btree (order_id) only in entities',
      'public.order_item: unique index btree (order_id) only in database',
      'public.totals: materialized view only in database',
    ]);
  });

  it('reports missing tables, primary keys and generation', () => {
    const database = orderItem();
    database.primaryKey = undefined;
    database.columns[0]!.generated = { kind: 'identity', always: true };
    const extra: Table = { ...orderItem(), name: 'orders', columns: [], primaryKey: undefined, uniques: [], foreignKeys: [], checks: [], indexes: [] };
    const databaseModel: SchemaModel = { tables: [database, extra], enums: [], views: [] };
    assert.deepEqual(compareModels(model(orderItem()), databaseModel), [
      'public.item_status: enum type [new, done] only in entities',
      'public.order_item.id: generated increment (entities) vs identity always (database)',
      'public.order_item: primary key (id) (entities) vs none (database)',
      'public.orders: table only in database',
    ]);
  });
});
