import assert from 'node:assert/strict';
import { describeStored, isPostgresUrl, passwordInUrl, splitPassword, withPassword } from '../../../src/extension/connectionUrl';

describe('extension/connectionUrl', () => {
  it('splits the password out of a URL and puts it back', () => {
    const { url, password } = splitPassword('postgres://app:p%40ss@db.local:5433/shop?sslmode=require');
    assert.equal(url, 'postgres://app@db.local:5433/shop?sslmode=require');
    assert.equal(password, 'p@ss');
    assert.equal(withPassword({ url }, password).url, 'postgres://app:p%40ss@db.local:5433/shop?sslmode=require');
  });

  it('has no password when the URL has none', () => {
    assert.deepEqual(splitPassword('postgresql://app@db/shop'), { url: 'postgresql://app@db/shop', password: undefined });
  });

  it('puts the password into the fields when there is no URL', () => {
    assert.deepEqual(withPassword({ host: 'db', user: 'app', database: 'shop' }, 'pw'), { host: 'db', user: 'app', database: 'shop', password: 'pw' });
    assert.deepEqual(withPassword({ host: 'db' }, undefined), { host: 'db' });
  });

  it('describes a connection without its password', () => {
    assert.equal(describeStored({ url: 'postgres://app@db:5433/shop' }), 'app@db:5433/shop');
    assert.equal(describeStored({ host: 'db', user: 'app', database: 'shop' }), 'app@db:5432/shop');
  });

  it('reads the password of any URL without throwing', () => {
    assert.equal(passwordInUrl('postgres://a:b%20c@h/d'), 'b c');
    assert.equal(passwordInUrl('postgres://h/d'), undefined);
    assert.equal(passwordInUrl('not a url'), undefined);
  });

  it('recognises postgres URLs', () => {
    assert.ok(isPostgresUrl('postgres://a@b/c'));
    assert.ok(isPostgresUrl(' postgresql://b/c '));
    assert.ok(!isPostgresUrl('mysql://b/c'));
  });
});
