import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { generateSigningKey } from './generate-key.ts';
import { isEncryptedPem, loadSigningKey } from './load-signing-key.ts';

const sec1 = (options: { cipher?: string; passphrase?: string } = {}): string =>
  generateKeyPairSync('ec', {
    namedCurve: 'secp384r1',
    privateKeyEncoding: { type: 'sec1', format: 'pem', ...options },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;

describe('loadSigningKey', () => {
  it('loads each curve with its matching hash', () => {
    for (const [curve, hash] of [
      ['P-256', 'sha256'],
      ['P-384', 'sha384'],
      ['P-521', 'sha512'],
    ] as const) {
      const key = loadSigningKey(generateSigningKey({ curve }).privateKeyPem);
      assert.deepEqual([key.curve, key.hash, key.publicKey.type], [curve, hash, 'public']);
    }
  });

  it('loads encrypted PKCS#8 and SEC1 keys with the passphrase', () => {
    const pkcs8 = generateSigningKey({ passphrase: 'secret' }).privateKeyPem;
    const legacy = sec1({ cipher: 'aes-256-cbc', passphrase: 'secret' });
    for (const pem of [pkcs8, legacy]) {
      assert.equal(isEncryptedPem(pem), true);
      assert.equal(loadSigningKey(pem, 'secret').privateKey.type, 'private');
    }
    assert.equal(loadSigningKey(sec1()).curve, 'P-384');
    assert.equal(isEncryptedPem(sec1()), false);
  });

  it('says KEY_PASSPHRASE for no or a wrong passphrase, without echoing it', () => {
    const pem = generateSigningKey({ passphrase: 'secret' }).privateKeyPem;
    assert.throws(() => loadSigningKey(pem), { code: 'KEY_PASSPHRASE' });
    assert.throws(
      () => loadSigningKey(pem, 'hunter2'),
      (err: Error & { code?: string }) =>
        err.code === 'KEY_PASSPHRASE' && !err.message.includes('hunter2'),
    );
  });

  it('says KEY_UNSUPPORTED for RSA, Ed25519 and secp256k1, and KEY_UNREADABLE for junk', () => {
    const pems = [
      generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey,
      generateKeyPairSync('ed25519').privateKey,
      generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey,
    ].map((k) => k.export({ type: 'pkcs8', format: 'pem' }).toString());
    for (const pem of pems) assert.throws(() => loadSigningKey(pem), { code: 'KEY_UNSUPPORTED' });
    assert.throws(() => loadSigningKey('not a key'), { code: 'KEY_UNREADABLE' });
  });
});
