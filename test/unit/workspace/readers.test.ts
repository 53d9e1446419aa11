// Both readers over a monorepo: the entity reader folds constants and enums imported from sibling
// workspace packages (through exports, main in an absent lib/, deep imports); the DataSource reader
// follows the same imports. What comes from a package outside the workspace is said in words.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { discoverDataSources } from '../../../src/core/config';
import { readEntities } from '../../../src/core/entities';
import { unknownFact } from '../../../src/core/model/schema';

const fixtures = join(__dirname, '..', '..', 'fixtures', 'workspaces');

describe('readers in a monorepo', () => {
  it('the entity reader reads values from sibling workspace packages, and names the package an unreadable one comes from', () => {
    const root = join(fixtures, 'npm-exports/packages/server');
    const { model, problems } = readEntities({ root, naming: 'default', typeormVersion: '0.3.20', files: [join(root, 'src/entities/order.entity.ts')] });
    const table = model.tables.find((t) => t.name === 'legacy_orders');
    assert.ok(table, `tables: ${model.tables.map((t) => t.name).join(', ')}`);
    const type = (name: string) => table.columns.find((c) => c.name === name)?.type;
    assert.equal(type('name'), 'character varying(120)');
    assert.equal(type('title'), 'character varying(120)');
    assert.equal(type('code'), 'character varying(12)');
    assert.equal(type('sku'), 'character varying(40)');
    const status = table.columns.find((c) => c.name === 'status');
    assert.equal(status?.default, "'open'::legacy_orders_status_enum");
    assert.deepEqual(model.enums.find((e) => e.name === 'legacy_orders_status_enum')?.values, ['open', 'paid', 'shipped']);
    // The default imported from a package outside the workspace is unknown, said in words.
    const region = table.columns.find((c) => c.name === 'region')!;
    assert.equal(unknownFact(region, 'default')?.reason, "`DEFAULT_REGION` is imported from the package '@acme/geo', which is not in this workspace");
    const said = [...problems.map((p) => p.message), ...table.columns.flatMap((c) => Object.values(c.certainty ?? {}).map((f) => (f.kind === 'unknown' ? f.reason : '')))];
    assert.ok(!said.some((m) => /\{"kind"|\[object Object\]/.test(m)), said.join('\n'));
  });

  it('the entity reader follows pnpm workspace packages, tsconfig paths and baseUrl', () => {
    const root = join(fixtures, 'pnpm/apps/api');
    const { model, problems } = readEntities({ root, naming: 'default', typeormVersion: '0.3.20', files: [join(root, 'src/users/user.entity.ts')] });
    const table = model.tables.find((t) => t.name === 'app_users');
    assert.ok(table, `tables: ${model.tables.map((t) => t.name).join(', ')}; ${problems.map((p) => p.message).join('; ')}`);
    assert.equal(table.columns.find((c) => c.name === 'email')?.type, 'character varying(320)');
    assert.equal(table.columns.find((c) => c.name === 'balance')?.type, 'numeric(14,4)');
  });

  it("the entity reader takes columns of a base class in a referenced project's package", () => {
    const root = join(fixtures, 'references');
    const { model } = readEntities({ root, naming: 'default', typeormVersion: '0.2.45', files: [join(root, 'packages/app/src/orders/order.entity.ts')] });
    const table = model.tables.find((t) => t.name === 'orders');
    assert.deepEqual(table?.columns.map((c) => c.name).sort(), ['createdAt', 'id', 'total', 'updatedAt']);
    assert.equal(table?.columns.find((c) => c.name === 'id')?.type, 'character varying(26)');
  });

  it('the DataSource reader follows an exports subpath of a workspace package and a .js specifier, and names the package an unreadable value comes from', async () => {
    const root = join(fixtures, 'npm-exports/packages/server');
    const { dataSources, problems } = await discoverDataSources(root);
    assert.equal(dataSources[0]?.schema, 'shop', problems.map((p) => p.message).join('\n'));
    assert.deepEqual(dataSources[0]?.entityGlobs, ['src/entities/order.entity.ts']);
    assert.deepEqual(
      problems.map((p) => p.message),
      ["Data source 'AppDataSource': `migrationsTableName` cannot be read statically (`MIGRATIONS_TABLE` is imported from the package '@acme/geo', which is not in this workspace)."],
    );
  });
});
