import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateSigningKey } from '../keys/generate-key.ts';
import { loadSigningKey } from '../keys/load-signing-key.ts';
import { writeModelStatement } from '../bundle/write-statement.ts';
import { signStatementBundle } from '../sign/sign-bundle.ts';
import { signModel } from '../sign/sign-model.ts';
import { PKI } from './testing/vectors.ts';
import type { TrustPolicy } from './types.ts';
import { verifyBundle } from './verify-bundle.ts';
import { verifyModel } from './verify-model.ts';

/** A 593-byte bundle from `npm run fuzz` (bundle-certificate): its leaf has an empty subject. */
const FUZZ_EMPTY_SUBJECT =
  'eyJtZWRpYVR5cGUiOiJhcHBsaWNhdGlvbi92bmQuZGV2LnNpZ3N0b3JlLmJ1bmRsZS52MC4zK2pzb24iLCJ2ZXJpZmljYXRpb25NYXRlcmlhbCI6eyJ4NTA5Q2VydGlmaWNhdGVDaGFpbiI6eyJjZXJ0aWZpY2F0ZXMiOlt7InJhd0J5dGVzIjoiTUlIbk1JR09BZ0VCTUFvR0NDcUdTTTQ5QkFNQ01BQXdIaGNOTWpBd01UQXhNREF3TURBd1doY05NakF3TVRBeU1EQXdNREF3V2pBQU1Ga3dFd1lIS29aSXpqMENBUVlJS29aSXpqMERBUWNEUWdBRTJOalFjS1VkMHdQUU1ML3lTeDFTQ3ZJNG1TWFA2Y1p6SVljeG5jeDBIQlBFYlppeXRaZzllcGFETjYybFF6ZGh1Zk9vSm5rTUxzK2tteWh0YndvNE16QUtCZ2dxaGtqT1BRUURBZ05JQURCRkFpRUFxeDN2YlFjQzN5bzQzNUVNMXJIL2IrMzNic3BvbnBPOTJqMncvaS9nQ1UwQ0lGWElSRWtrMFd6TVRjOTFydEhTV1p5S003dXZIdlVHS0plUFNTK3lSZGNDIn1dfSwidGxvZ0VudHJpZXMiOltdfSwiZHNzZUVudmVsb3BlIjp7InBheWxvYWQiOiJlMzA9IiwicGF5bG9hZFR5cGUiOiJhcHBsaWNhdGlvbi92bmQuaW4tdG90bytqc29uIiwic2lnbmF0dXJlcyI6W3sic2lnIjoiQUE9PSIsImtleWlkIjoiIn1dfX0=';

const pem = (name: string): Promise<string> => readFile(join(PKI, name), 'utf8');
const der = async (name: string): Promise<Uint8Array> => new X509Certificate(await pem(name)).raw;

describe('signModel then verifyModel', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mlsec-roundtrip-'));
    await writeFile(join(dir, 'weights.bin'), 'w'.repeat(1000));
    await writeFile(join(dir, 'config.json'), '{}');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const verify = async (policy: TrustPolicy, extra: { allowUnsignedFiles?: boolean } = {}) =>
    verifyModel({
      modelPath: dir,
      bundle: await readFile(join(dir, 'model.sig')),
      bundleName: join(dir, 'model.sig'),
      policy,
      ...extra,
    });

  for (const curve of ['P-256', 'P-384', 'P-521'] as const) {
    it(`round-trips a ${curve} key, and rejects another key with VERIFY_KEY_MISMATCH`, async () => {
      const pair = generateSigningKey({ curve, passphrase: 'pw' });
      const key = loadSigningKey(pair.privateKeyPem, 'pw');
      await signModel({ modelPath: dir, key, signaturePath: join(dir, 'model.sig') });
      const ok = await verify({ kind: 'key', publicKeyPem: pair.publicKeyPem });
      assert.equal(ok.verified, true, ok.message);
      assert.equal(ok.resourceCount, 2);
      // The hint keygen prints is the one verify reports for the signer.
      assert.ok(ok.signer?.kind === 'key');
      assert.equal(ok.signer.hint, pair.hint);
      const other = generateSigningKey({ curve });
      const bad = await verify({ kind: 'key', publicKeyPem: other.publicKeyPem });
      assert.equal(bad.verified, false);
      assert.equal(bad.code, 'VERIFY_KEY_MISMATCH');
    });
  }

  describe('with the certificate chain of testdata/pki', () => {
    const sign = async (leaf: string) =>
      signModel({
        modelPath: dir,
        key: loadSigningKey(await pem('leaf-key.pem')),
        certificateChain: [await der(leaf), await der('intermediate.pem')],
        signaturePath: join(dir, 'model.sig'),
      });

    it('round-trips when anchored in the root', async () => {
      await sign('leaf.pem');
      const r = await verify({ kind: 'certificate', anchorsPem: await pem('root-ca.pem') });
      assert.equal(r.verified, true, r.message);
      assert.equal(r.signer?.kind, 'certificate');
    });

    it('rejects an untrusted root with VERIFY_CHAIN_UNTRUSTED', async () => {
      await sign('leaf.pem');
      const r = await verify({ kind: 'certificate', anchorsPem: await pem('other-root.pem') });
      assert.equal(r.code, 'VERIFY_CHAIN_UNTRUSTED');
    });

    it('rejects an expired leaf with VERIFY_CERT_EXPIRED, but accepts it at a time it was valid', async () => {
      await sign('expired-leaf.pem');
      const anchorsPem = await pem('root-ca.pem');
      assert.equal((await verify({ kind: 'certificate', anchorsPem })).code, 'VERIFY_CERT_EXPIRED');
      // The root and intermediate start in 2025, so no instant makes the whole 2020 chain valid.
      const r = await verify({
        kind: 'certificate',
        anchorsPem,
        at: new Date('2020-06-01T00:00:00Z'),
      });
      assert.equal(r.code, 'VERIFY_CERT_EXPIRED');
    });

    it('accepts a leaf with an empty subject and a critical SAN (RFC 5280), naming it by its SAN', async () => {
      await sign('empty-subject-leaf.pem');
      const r = await verify({ kind: 'certificate', anchorsPem: await pem('root-ca.pem') });
      assert.equal(r.verified, true, r.message);
      assert.ok(r.signer?.kind === 'certificate');
      assert.match(r.signer.subject, /email:signer@example\.com/);
    });

    it('reports, never throws, on an expired self-signed leaf with an empty subject (found by fuzzing)', async () => {
      const bundle = Buffer.from(FUZZ_EMPTY_SUBJECT, 'base64');
      const r = await verifyBundle(bundle, {
        kind: 'certificate',
        anchorsPem: await pem('root-ca.pem'),
      });
      assert.equal(r.ok, false);
      assert.equal(r.issues[0]?.code, 'VERIFY_CERT_EXPIRED');
      assert.match(r.issues[0]?.message ?? '', /certificate 0 \(\(empty\)\)/);
    });

    it('refuses to sign with a key the leaf does not hold (SIGN_CERT_MISMATCH)', async () => {
      const key = loadSigningKey(generateSigningKey().privateKeyPem);
      const chain = [await der('leaf.pem')];
      await assert.rejects(
        signModel({
          modelPath: dir,
          key,
          certificateChain: chain,
          signaturePath: join(dir, 'x.sig'),
        }),
        { code: 'SIGN_CERT_MISMATCH' },
      );
    });
  });

  it('reports extra files unless allowUnsignedFiles', async () => {
    const pair = generateSigningKey();
    await signModel({
      modelPath: dir,
      key: loadSigningKey(pair.privateKeyPem),
      signaturePath: join(dir, 'model.sig'),
    });
    await writeFile(join(dir, 'new.txt'), 'unsigned');
    try {
      const policy = { kind: 'key', publicKeyPem: pair.publicKeyPem } as const;
      const r = await verify(policy);
      assert.equal(r.code, 'VERIFY_MODEL_MISMATCH');
      assert.deepEqual(r.diff, { modified: [], missing: [], extra: ['new.txt'] });
      assert.equal((await verify(policy, { allowUnsignedFiles: true })).verified, true);
    } finally {
      await rm(join(dir, 'new.txt'));
    }
  });
});

describe('an empty model (OMS v1.0: never signed, never accepted)', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mlsec-empty-'));
    await mkdir(join(dir, 'model'));
    await writeFile(join(dir, 'model', '.gitignore'), '*.tmp\n'); // ignored by default: nothing is left
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('is refused by signModel with ATTEST_EMPTY_MODEL', async () => {
    const key = loadSigningKey(generateSigningKey({ curve: 'P-256' }).privateKeyPem);
    await assert.rejects(
      signModel({ modelPath: join(dir, 'model'), key, signaturePath: join(dir, 'model.sig') }),
      { code: 'ATTEST_EMPTY_MODEL' },
    );
  });

  it('is rejected by verifyModel even when the signature over it is valid', async () => {
    const pair = generateSigningKey({ curve: 'P-256' });
    const statement = writeModelStatement({
      modelName: 'model',
      resources: [],
      serialization: { method: 'files', hashType: 'sha256', allowSymlinks: false, ignorePaths: [] },
    });
    const bundle = signStatementBundle(statement, loadSigningKey(pair.privateKeyPem));
    const result = await verifyModel({
      modelPath: join(dir, 'model'),
      bundle: new TextEncoder().encode(bundle),
      bundleName: 'model.sig',
      policy: { kind: 'key', publicKeyPem: pair.publicKeyPem },
    });
    assert.equal(result.verified, false);
    assert.equal(result.code, 'VERIFY_STATEMENT');
    assert.match(result.message, /lists no files/);
  });
});
