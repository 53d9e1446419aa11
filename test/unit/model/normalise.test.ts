import assert from 'node:assert/strict';
import { canonicalArrayLiteral, fixedAtCreation, storedDefault } from '../../../src/core/dialect/postgres/spelling/defaults';
import { normaliseExpression } from '../../../src/core/dialect/postgres/spelling/expressions';
import { canonicalType } from '../../../src/core/dialect/postgres/spelling/types';

describe('model normalisation', function () {
  it('canonicalType spells aliases as format_type does', function () {
    assert.equal(canonicalType('int4'), 'integer');
    assert.equal(canonicalType('varchar(20)'), 'character varying(20)');
    assert.equal(canonicalType('timestamptz(3)'), 'timestamp(3) with time zone');
    assert.equal(canonicalType('timestamp'), 'timestamp without time zone');
    assert.equal(canonicalType('decimal(12)'), 'numeric(12,0)');
    assert.equal(canonicalType('numeric(10, 2)'), 'numeric(10,2)');
    assert.equal(canonicalType('float'), 'double precision');
    assert.equal(canonicalType('char'), 'character(1)');
    assert.equal(canonicalType('text array'), 'text[]');
    assert.equal(canonicalType('int[]'), 'integer[]');
    assert.equal(canonicalType('post_status'), 'post_status');
  });

  it('normaliseExpression ignores quoting, parentheses, case and added casts', function () {
    const same = (a: string, b: string): void => assert.equal(normaliseExpression(a), normaliseExpression(b), `${a} vs ${b}`);
    same('(age > 0)', 'age > 0');
    same('"age" > 0', 'age>0');
    same('false', "'false'");
    same('false::boolean', 'false');
    same(`"email" LIKE '%@%'`, `email::text ~~ '%@%'::text`);
    same(`"status" IN ('a', 'b')`, `status = ANY (ARRAY['a'::text, 'b'::text])`);
    same('"rating" BETWEEN 1 AND 5', 'rating >= 1 AND rating <= 5');
    same('(a > 0) AND (b > 0)', 'a > 0 AND b > 0');
    same('CURRENT_TIMESTAMP', 'now()');
    same('"deleted_at" IS NULL AND "last_name" IS NOT NULL', '(deleted_at IS NULL) AND (last_name IS NOT NULL)');
    assert.notEqual(normaliseExpression('NOT (a AND b)'), normaliseExpression('NOT a AND b'));
    same(`"percent_off" IS NULL OR ("percent_off" > 0 AND "percent_off" <= 100)`, 'percent_off IS NULL OR percent_off > 0 AND percent_off <= 100');
    same('((a > 0) AND (b > 0)) OR (c = 1)', 'a > 0 AND b > 0 OR c = 1');
    assert.notEqual(normaliseExpression('(a OR b) AND c'), normaliseExpression('a OR b AND c'));
    assert.notEqual(normaliseExpression('a - (b - c)'), normaliseExpression('a - b - c'));
    same(`now() + interval '14 days'`, `(now() + '14 days'::interval)`);
    same(`("first_name" || ' ' || coalesce("last_name", ''))`, `((((first_name)::text || ' '::text) || (COALESCE(last_name, ''::character varying))::text))`);
    assert.notEqual(normaliseExpression('"viewCount" > 0'), normaliseExpression('viewcount > 0'));
    assert.notEqual(normaliseExpression('(a + b) * c'), normaliseExpression('a + b * c'));
  });

  it('canonicalArrayLiteral prints array constants as array_out does', function () {
    assert.equal(canonicalArrayLiteral('{Getting started,news}'), '{"Getting started",news}');
    assert.equal(canonicalArrayLiteral(' { a , b } '), '{a,b}');
    assert.equal(canonicalArrayLiteral('{}'), '{}');
    assert.equal(canonicalArrayLiteral('{"",NULL,"null","x,y","q\\"t","b\\\\s"}'), '{"",NULL,"null","x,y","q\\"t","b\\\\s"}');
    assert.equal(canonicalArrayLiteral('{"plain"}'), '{plain}');
    assert.equal(canonicalArrayLiteral('{{1,2},{3,4}}'), undefined);
    assert.equal(storedDefault("'{Getting started,news}'", { type: 'text[]' }), `'{"Getting started",news}'::text[]`);
  });

  it('fixedAtCreation: the date/time inputs PostgreSQL reads as the moment of the DDL, only as string literals of date/time columns', function () {
    assert.equal(fixedAtCreation("'now()'", { type: 'timestamp without time zone' }), 'now()');
    assert.equal(fixedAtCreation("'NOW'", { type: 'timestamp(3) with time zone' }), 'NOW');
    assert.equal(fixedAtCreation("'today'", { type: 'date' }), 'today');
    assert.equal(fixedAtCreation("'now'::timestamp without time zone", { type: 'timestamp without time zone' }), 'now');
    assert.equal(fixedAtCreation('now()', { type: 'timestamp without time zone' }), undefined); // SQL: evaluated per row
    assert.equal(fixedAtCreation("'now()'", { type: 'character varying' }), undefined); // just text
    assert.equal(fixedAtCreation("'epoch'", { type: 'timestamp without time zone' }), undefined); // a constant
    assert.equal(fixedAtCreation("'{now}'", { type: 'timestamp without time zone[]' }), undefined);
  });

  it('storedDefault prints what pg_get_expr prints for TypeORM defaults', function () {
    assert.equal(storedDefault("'0'", { type: 'integer' }), '0');
    assert.equal(storedDefault("'-1'", { type: 'integer' }), "'-1'::integer");
    assert.equal(storedDefault("'0'", { type: 'bigint' }), "'0'::bigint");
    assert.equal(storedDefault("'0.00'", { type: 'numeric(12,2)' }), '0.00');
    assert.equal(storedDefault("'1'", { type: 'numeric(6,3)' }), "'1'::numeric");
    assert.equal(storedDefault("'0.25'", { type: 'double precision' }), "'0.25'::double precision");
    assert.equal(storedDefault("'x'", { type: 'character varying(20)' }), "'x'::character varying");
    assert.equal(storedDefault("'US'", { type: 'character(2)' }), "'US'::bpchar");
    assert.equal(storedDefault('true', { type: 'boolean' }), 'true');
    assert.equal(storedDefault("'{}'", { type: 'integer[]' }), "'{}'::integer[]");
    assert.equal(storedDefault("'{mon,fri}'", { type: 'days_enum[]', enumType: { schema: 'public', name: 'days_enum' } }), "'{mon,fri}'::days_enum[]");
    assert.equal(storedDefault("'draft'", { type: 'invoices_status_enum', enumType: { schema: 'billing', name: 'invoices_status_enum' } }), "'draft'::billing.invoices_status_enum");
    assert.equal(storedDefault("'QUEUED'", { type: 'x_enum', enumType: { schema: 'Archive', name: 'x_enum' } }), `'QUEUED'::"Archive".x_enum`);
    assert.equal(storedDefault(`'{"a":1}'`, { type: 'jsonb' }), `'{"a": 1}'::jsonb`);
    assert.equal(storedDefault("B'00000000'", { type: 'bit(8)' }), `'00000000'::"bit"`);
    assert.equal(storedDefault('now()', { type: 'timestamp without time zone' }), 'now()');
    assert.equal(storedDefault("'{}'::jsonb", { type: 'jsonb' }), "'{}'::jsonb");
    assert.equal(storedDefault("timezone('utc', now())", { type: 'timestamp without time zone' }), "timezone('utc'::text, now())");
    assert.equal(storedDefault("now() + interval '14 days'", { type: 'timestamp without time zone' }), "(now() + '14 days'::interval)");
  });
});
