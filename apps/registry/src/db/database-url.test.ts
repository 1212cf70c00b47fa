import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MlsecError } from '@mlsec/core';
import { parseDatabaseUrl, redactDatabaseUrl } from './database-url.ts';

describe('parseDatabaseUrl', () => {
  it('reads sqlite paths in their three spellings', () => {
    assert.deepEqual(parseDatabaseUrl('sqlite:/var/lib/r.db'), {
      engine: 'sqlite',
      path: '/var/lib/r.db',
    });
    assert.deepEqual(parseDatabaseUrl('sqlite:///var/lib/r.db'), {
      engine: 'sqlite',
      path: '/var/lib/r.db',
    });
    assert.deepEqual(parseDatabaseUrl('sqlite:data/r.db'), { engine: 'sqlite', path: 'data/r.db' });
  });

  it('keeps a PostgreSQL URL whole for the driver', () => {
    const url = 'postgresql://u:pw@db.internal:5433/reg?sslmode=require';
    assert.deepEqual(parseDatabaseUrl(url), { engine: 'postgres', connectionString: url });
  });

  for (const bad of ['', 'mysql://h/db', 'sqlite:', 'sqlite://host/r.db', 'postgres://', 'r.db']) {
    it(`refuses ${JSON.stringify(bad)} with REGISTRY_DB_URL_INVALID`, () => {
      assert.throws(
        () => parseDatabaseUrl(bad),
        (e: unknown) => e instanceof MlsecError && e.code === 'REGISTRY_DB_URL_INVALID',
      );
    });
  }

  it('never echoes a password in its refusal', () => {
    assert.throws(
      () => parseDatabaseUrl('postgres://u:hunter2@/db'),
      (e: unknown) => e instanceof MlsecError && !e.message.includes('hunter2'),
    );
  });
});

describe('redactDatabaseUrl', () => {
  it('masks the password in the authority and in the query', () => {
    const out = redactDatabaseUrl('postgres://u:hunter2@h/db?password=hunter3');
    assert.ok(!out.includes('hunter2') && !out.includes('hunter3'), out);
    assert.match(out, /^postgres:\/\/u:\*\*\*@h\/db/);
  });
});
