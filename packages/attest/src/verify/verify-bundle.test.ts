import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ERROR_CODES } from '@mlsec/core';
import { VERIFY_CODES } from '../bundle/codes.ts';
import { generateSigningKey } from '../keys/generate-key.ts';
import { loadSigningKey } from '../keys/load-signing-key.ts';
import { signStatementBundle } from '../sign/sign-bundle.ts';
import { KEYS, VECTORS } from './testing/vectors.ts';
import { verifyBundle } from './verify-bundle.ts';

const keyless = (name: string): Promise<Buffer> => readFile(join(VECTORS, name, 'model.sig'));
const IDENTITY = 'stefanb@us.ibm.com';
const ISSUER = 'https://sigstore.verify.ibm.com/oauth2';

describe('verifyBundle', () => {
  it('uses exactly the VERIFY_* codes of core ERROR_CODES', () => {
    const core = Object.keys(ERROR_CODES).filter((c) => c.startsWith('VERIFY_'));
    assert.deepEqual(Object.keys(VERIFY_CODES).sort(), core.sort());
    assert.equal(Object.hasOwn(VERIFY_CODES, 'VERIFY_KEYLESS_UNSUPPORTED'), false);
  });

  it('returns the exact signed payload and the key hint', async () => {
    const pair = generateSigningKey();
    const payload = new TextEncoder().encode('{"x": 1}');
    const bundle = signStatementBundle(payload, loadSigningKey(pair.privateKeyPem));
    const r = await verifyBundle(new TextEncoder().encode(bundle), {
      kind: 'key',
      publicKeyPem: pair.publicKeyPem,
    });
    assert.ok(r.ok);
    assert.deepEqual(r.value.payload, payload);
    assert.equal(r.value.signer.kind, 'key');
  });

  it('rejects a keyless bundle for another identity or issuer with VERIFY_IDENTITY_MISMATCH', async () => {
    const bundle = await keyless('v1.1.0-sigstore');
    for (const [identity, issuer] of [
      ['someone@example.com', ISSUER],
      [IDENTITY, 'https://accounts.google.com'],
      ['stefanb@us.ibm.co', ISSUER], // a regex or prefix match would let this pass
    ] as const) {
      const r = await verifyBundle(bundle, { kind: 'keyless', identity, issuer });
      assert.equal(r.ok ? 'ok' : r.issues[0]?.code, 'VERIFY_IDENTITY_MISMATCH');
    }
  });

  it('rejects a bad --trusted-root with VERIFY_TRUSTED_ROOT_INVALID and an empty one as untrusted', async () => {
    const bundle = await keyless('v1.1.0-sigstore');
    const policy = { kind: 'keyless', identity: IDENTITY, issuer: ISSUER } as const;
    const bad = await verifyBundle(bundle, { ...policy, trustedRoot: '{"mediaType": "nope"}' });
    assert.equal(bad.ok ? 'ok' : bad.issues[0]?.code, 'VERIFY_TRUSTED_ROOT_INVALID');
    const empty = JSON.stringify({
      mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
      tlogs: [],
      certificateAuthorities: [],
      ctlogs: [],
      timestampAuthorities: [],
    });
    const r = await verifyBundle(bundle, { ...policy, trustedRoot: empty });
    assert.match(r.ok ? 'ok' : (r.issues[0]?.code ?? ''), /^VERIFY_(TLOG|CHAIN_UNTRUSTED)$/);
  });

  it('says VERIFY_MATERIAL_KIND when the bundle was signed another way than asked', async () => {
    const pub = await readFile(join(KEYS, 'signing-key-pub.pem'), 'utf8');
    const r = await verifyBundle(await keyless('v1.1.0-sigstore'), {
      kind: 'key',
      publicKeyPem: pub,
    });
    assert.equal(r.ok ? 'ok' : r.issues[0]?.code, 'VERIFY_MATERIAL_KIND');
  });
});
