import assert from 'node:assert/strict';
import { SecretMasker } from '../../../src/extension/secrets';

describe('extension/SecretMasker', () => {
  it('masks the password inside a connection URL', () => {
    const masker = new SecretMasker();
    assert.equal(masker.mask('connect postgres://app:s3cr%40t@db:5432/app failed'), 'connect postgres://app:***@db:5432/app failed');
  });

  it('masks key=value and JSON-style passwords', () => {
    const masker = new SecretMasker();
    assert.equal(masker.mask('host=db password=hunter22 user=app'), 'host=db password=*** user=app');
    assert.equal(masker.mask('{"password": "hunter22", "user": "app"}'), '{"password": "***", "user": "app"}');
    assert.equal(masker.mask('PGPASSWORD=hunter22 psql'), 'PGPASSWORD=*** psql');
  });

  it('masks a remembered secret wherever it appears', () => {
    const masker = new SecretMasker();
    masker.add('correct-horse');
    assert.equal(masker.mask('auth failed for correct-horse (correct-horse)'), 'auth failed for *** (***)');
  });

  it('leaves ordinary text and password-free URLs alone', () => {
    const masker = new SecretMasker();
    masker.add('ab');
    assert.equal(masker.mask('postgres://app@db:5432/app about tables'), 'postgres://app@db:5432/app about tables');
  });
});
