import assert from 'node:assert/strict';
import { stripEnclosingParentheses } from '../../../src/core/dialect/postgres/catalog/expressions';

describe('stripEnclosingParentheses', () => {
  it('removes pairs that enclose the whole expression, PostgreSQL 14-18 alike', () => {
    assert.equal(stripEnclosingParentheses('(age > 0)'), 'age > 0');
    assert.equal(stripEnclosingParentheses('((age > 0))'), 'age > 0');
    assert.equal(stripEnclosingParentheses(' age > 0 '), 'age > 0');
  });

  it('keeps parentheses that group only part of it', () => {
    assert.equal(stripEnclosingParentheses('(a > 0) AND (b > 0)'), '(a > 0) AND (b > 0)');
    assert.equal(stripEnclosingParentheses('((a > 0) AND (b > 0))'), '(a > 0) AND (b > 0)');
    assert.equal(stripEnclosingParentheses('lower(name)'), 'lower(name)');
  });

  it('ignores parentheses inside string literals and quoted identifiers', () => {
    assert.equal(stripEnclosingParentheses("(x <> ')(')"), "x <> ')('");
    assert.equal(stripEnclosingParentheses(`("a)b" > 0) OR ("c(" < 1)`), `("a)b" > 0) OR ("c(" < 1)`);
    assert.equal(stripEnclosingParentheses("(name = 'it''s)')"), "name = 'it''s)'");
  });
});
