import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readCertificateChain } from './read-certificates.ts';

const PKI = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'packages',
  'attest',
  'testdata',
  'pki',
);

describe('readCertificateChain (--cert-chain)', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mlsec-certs-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('returns every certificate of every file as DER, in order', async () => {
    const leaf = await readFile(join(PKI, 'leaf.pem'), 'utf8');
    const intermediate = await readFile(join(PKI, 'intermediate.pem'), 'utf8');
    await writeFile(join(dir, 'both.pem'), `leaf\n${leaf}\nintermediate\n${intermediate}`);
    const der = await readCertificateChain([join(dir, 'both.pem'), join(PKI, 'root-ca.pem')]);
    const subjects = der.map((d) => new X509Certificate(d).subject);
    assert.deepEqual(subjects, [
      'CN=mlsec test model signer',
      'CN=mlsec test intermediate CA',
      'CN=mlsec test root CA',
    ]);
  });

  it('refuses a file without a certificate, or with a broken one, naming the file (CLI_USAGE)', async () => {
    await writeFile(join(dir, 'none.pem'), 'no certificates here\n');
    await writeFile(
      join(dir, 'broken.pem'),
      '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
    );
    await assert.rejects(
      readCertificateChain([join(dir, 'none.pem')]),
      (e: Error & { code?: string }) =>
        e.code === 'CLI_USAGE' && /none\.pem: no certificate/.test(e.message),
    );
    await assert.rejects(
      readCertificateChain([join(dir, 'broken.pem')]),
      (e: Error & { code?: string }) =>
        e.code === 'CLI_USAGE' && /broken\.pem: unreadable certificate/.test(e.message),
    );
  });
});
