import assert from 'node:assert/strict';
import { postgres } from '../../../src/core/dialect';
import { storedIdentifier } from '../../../src/core/dialect/postgres/spelling/identifiers';
import type { SchemaModel, Table } from '../../../src/core/model/schema';
import { nameTooLong } from '../../../src/core/rules/name-too-long';

describe('SL112 name longer than the database keeps', () => {
  it('PostgreSQL keeps the first 63 bytes, whole characters', () => {
    assert.equal(storedIdentifier('a'.repeat(63)), 'a'.repeat(63));
    assert.equal(storedIdentifier('a'.repeat(70)), 'a'.repeat(63));
    // 'é' is two bytes: 31 of them are 62 bytes, a 32nd would make 64.
    assert.equal(storedIdentifier('é'.repeat(40)), 'é'.repeat(31));
  });

  it('reports a table or column name the database would cut, and nothing for names that fit', () => {
    const table = (name: string, columns: string[]): Table => ({ schema: 'public', name, columns: columns.map((column) => ({ name: column, type: 'integer', nullable: false })), uniques: [], checks: [], foreignKeys: [], indexes: [] }) as unknown as Table;
    const intended: SchemaModel = { tables: [table('t'.repeat(64), ['id']), table('ok', ['c'.repeat(63), 'd'.repeat(64)])], enums: [], views: [] };
    const findings = nameTooLong.check({ intended, dialect: postgres, changes: [] });
    assert.deepEqual(findings.map((finding) => [finding.code, finding.table.length, finding.column?.length]), [['SL112', 64, undefined], ['SL112', 2, 64]]);
    assert.match(findings[0]!.message, /is 64 bytes; the database keeps only its first 63/);
  });
});
