import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { verifyProvenance } from '@mlsec/attest';
import { parseGatePolicy, trustEntries } from '../gates/index.ts';
import type { TrustEntry } from '../gates/index.ts';
import { keyFingerprint } from '../gates/trust.ts';
import { verifyProvenanceAttachment, verifySignatureAttachment } from './verify-attachments.ts';

// The OpenSSF model-signing reference's own signed vectors, and our provenance of the v1.0.1 model.
const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const VECTORS = join(ROOT, 'packages/attest/testdata/model-signing/scripts/tests');
const KEYS = join(VECTORS, 'keys', 'certificate');
const FIXTURES = join(ROOT, 'fixtures', 'registry');
const OTHER_KEY = join(ROOT, 'packages/attest/testdata/pki/leaf-pub.pem');

const indent = (pem: string): string =>
  pem
    .trim()
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n');

/** Trust entries from a gate policy's text, as the upload checks read them. */
function trustFrom(text: string): TrustEntry[] {
  const parsed = parseGatePolicy(text);
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return trustEntries(parsed.policy);
}

async function keyTrust(pemPath: string): Promise<TrustEntry[]> {
  const pem = await readFile(pemPath, 'utf8');
  return trustFrom(`version: 1\ntrust:\n  keys:\n    release: |\n${indent(pem)}\ndefault: {}\n`);
}

const vector = (name: string) => ({ dir: join(VECTORS, name) });

describe('verifying a pushed signature against the namespace trust', () => {
  let scratch: string;
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'mlsec-attach-'));
  });
  after(async () => rm(scratch, { recursive: true, force: true }));

  it('verifies the reference key-signed vector under a trusted key, naming it and its fingerprint', async () => {
    const trust = await keyTrust(join(KEYS, 'signing-key-pub.pem'));
    // The vector's signed files only (its folder also holds the bundle and an ignored file).
    const bundle = await readFile(join(FIXTURES, 'model.sig'), 'utf8');
    const verdict = await verifySignatureAttachment(
      bundle,
      { dir: join(FIXTURES, 'model') },
      trust,
    );
    assert.equal(verdict.verified, true, verdict.detail);
    assert.equal(verdict.trustedAs, 'release');
    assert.equal(
      verdict.keyId,
      keyFingerprint(await readFile(join(KEYS, 'signing-key-pub.pem'), 'utf8')),
    );
    assert.equal(verdict.mismatch, undefined);
  });

  it('verifies a certificate-signed vector under its CA and a keyless one under its identity', async () => {
    const ca = await readFile(join(KEYS, 'ca-cert.pem'), 'utf8');
    const trust = trustFrom(
      `version: 1\ntrust:\n  certificates:\n    corp-ca: |\n${indent(ca)}\n  identities:\n` +
        '    - issuer: https://sigstore.verify.ibm.com/oauth2\n      subject: stefanb@us.ibm.com\n' +
        'default: {}\n',
    );
    const cert = await verifySignatureAttachment(
      await readFile(join(VECTORS, 'v1.1.0-certificate', 'model.sig'), 'utf8'),
      vector('v1.1.0-certificate'),
      trust,
    );
    assert.equal(cert.verified, true, cert.detail);
    assert.equal(cert.trustedAs, 'corp-ca');
    assert.ok(cert.identity !== undefined && cert.identity.subject.length > 0);
    const keyless = await verifySignatureAttachment(
      await readFile(join(VECTORS, 'v1.1.0-sigstore', 'model.sig'), 'utf8'),
      vector('v1.1.0-sigstore'),
      trust,
    );
    assert.equal(keyless.verified, true, keyless.detail);
    assert.deepEqual(keyless.identity, {
      issuer: 'https://sigstore.verify.ibm.com/oauth2',
      subject: 'stefanb@us.ibm.com',
    });
    assert.equal(keyless.keyId, undefined);
  });

  it('verifies a one-file version signed as that file', async () => {
    const trust = await keyTrust(join(KEYS, 'signing-key-pub.pem'));
    const dir = join(scratch, 'single');
    await cp(join(VECTORS, 'v1.0.0-elliptic-key', 'signme-1'), join(dir, 'signme-1'), {
      recursive: true,
    });
    const bundle = await readFile(join(VECTORS, 'v1.0.0-elliptic-key', 'model.sig'), 'utf8');
    assert.equal((await verifySignatureAttachment(bundle, { dir }, trust)).verified, false);
    const verdict = await verifySignatureAttachment(
      bundle,
      { dir, onlyFile: join(dir, 'signme-1') },
      trust,
    );
    assert.equal(verdict.verified, true, verdict.detail);
  });

  it('does not verify under a key it was not signed with, and says so without a mismatch', async () => {
    const verdict = await verifySignatureAttachment(
      await readFile(join(FIXTURES, 'model.sig'), 'utf8'),
      { dir: join(FIXTURES, 'model') },
      await keyTrust(OTHER_KEY),
    );
    assert.equal(verdict.verified, false);
    assert.equal(verdict.mismatch, undefined);
    assert.match(verdict.detail ?? '', /no trusted key.*1 tried/);
  });

  it('reports a trusted signature over other bytes as a mismatch naming the file', async () => {
    const dir = join(scratch, 'tampered');
    await cp(join(FIXTURES, 'model'), dir, { recursive: true });
    await writeFile(join(dir, 'signme-2'), 'altered\n');
    const verdict = await verifySignatureAttachment(
      await readFile(join(FIXTURES, 'model.sig'), 'utf8'),
      { dir },
      await keyTrust(join(KEYS, 'signing-key-pub.pem')),
    );
    assert.equal(verdict.verified, false);
    assert.match(verdict.mismatch ?? '', /VERIFY_MODEL_MISMATCH.*signme-2/);
  });

  it('refuses to call anything verified when the namespace trusts nobody', async () => {
    const verdict = await verifySignatureAttachment(
      '{}',
      vector('v1.0.1-elliptic-key'),
      trustFrom('version: 1\ndefault: {}\n'),
    );
    assert.equal(verdict.verified, false);
    assert.match(verdict.detail ?? '', /trusts no key/);
  });
});

describe('verifying pushed provenance against the namespace trust', () => {
  const scratchDir = join(tmpdir(), 'mlsec-no-such-folder-7f3a'); // so no data/train
  it('verifies signed provenance whose subject is the pushed model, reporting the builder', async () => {
    const verdict = await verifyProvenanceAttachment(
      await readFile(join(FIXTURES, 'provenance.sigstore.json'), 'utf8'),
      { dir: join(FIXTURES, 'model') },
      await keyTrust(join(KEYS, 'signing-key-pub.pem')),
    );
    assert.equal(verdict.verified, true, verdict.detail);
    assert.match(verdict.builder ?? '', /^https:\/\//);
  });

  it('never reads datasets (the registry holds none), which a plain verification would require', async () => {
    const bundle = await readFile(join(FIXTURES, 'provenance.sigstore.json'));
    const policy = {
      kind: 'key',
      publicKeyPem: await readFile(join(KEYS, 'signing-key-pub.pem'), 'utf8'),
    } as const;
    const options = { policy, model: join(FIXTURES, 'model'), cwd: scratchDir };
    const plain = await verifyProvenance(bundle, options);
    assert.equal(plain.verified, false);
    assert.deepEqual(
      plain.problems.map((p) => p.code),
      ['PROVENANCE_DATASET_NOT_FOUND'],
    );
    const skipped = await verifyProvenance(bundle, { ...options, skipDatasets: true });
    assert.equal(skipped.verified, true);
    assert.deepEqual(skipped.datasets, []);
  });

  it('does not verify provenance of another model, or by an untrusted signer', async () => {
    const bundle = await readFile(join(FIXTURES, 'provenance.sigstore.json'), 'utf8');
    const other = await verifyProvenanceAttachment(
      bundle,
      vector('v1.1.0-sigstore'),
      await keyTrust(join(KEYS, 'signing-key-pub.pem')),
    );
    assert.equal(other.verified, false);
    assert.match(other.detail ?? '', /PROVENANCE_SUBJECT_MISMATCH/);
    const untrusted = await verifyProvenanceAttachment(
      bundle,
      { dir: join(FIXTURES, 'model') },
      await keyTrust(OTHER_KEY),
    );
    assert.equal(untrusted.verified, false);
    assert.match(untrusted.detail ?? '', /no trusted key/);
  });
});

describe('the trust section of a gate policy', () => {
  it('refuses a PEM that is no key and a gate key that names nothing', () => {
    const parsed = parseGatePolicy(
      'version: 1\ntrust:\n  keys:\n    bad: "not a key"\ndefault:\n  signature:\n    keys: [missing]\n',
    );
    assert.equal(parsed.ok, false);
    assert.ok(!parsed.ok);
    assert.deepEqual(
      parsed.problems.map((p) => p.path),
      ['trust.keys.bad', 'default.signature.keys[0]'],
    );
  });
});
