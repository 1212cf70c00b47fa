import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { flipByte, policyFor, VECTORS } from './testing/vectors.ts';
import { verifyModel } from './verify-model.ts';

/**
 * "Tampering any byte of the bundle fails verification", checked byte by byte: every position of a
 * reference bundle, one bit flipped, must make verification fail. This is what found misspelt-field and
 * non-canonical-base64 bundles that still verified. The test sweeps at a stride to stay within a few
 * seconds; every byte of each bundle was swept once by hand, with the same result.
 */
const SWEEPS = [
  { name: 'v1.1.0-elliptic-key', method: 'key', stride: 2 },
  { name: 'v1.0.1-elliptic-key', method: 'key', stride: 3 },
  { name: 'v1.1.0-certificate', method: 'certificate', stride: 7 },
  { name: 'v0.2.0-certificate', method: 'certificate', stride: 11 },
] as const satisfies readonly { name: string; method: 'key' | 'certificate'; stride: number }[];

describe('a reference bundle with any one byte changed', () => {
  for (const { name, method, stride } of SWEEPS) {
    it(`never verifies: ${name} (${method}, every ${stride}th byte)`, async () => {
      const model = join(VECTORS, name);
      const bundle = await readFile(join(model, 'model.sig'));
      const policy = await policyFor(method);
      const verify = (bytes: Uint8Array) =>
        verifyModel({
          modelPath: model,
          bundle: bytes,
          bundleName: join(model, 'model.sig'),
          policy,
          ignore: ['ignore-me'],
        });
      assert.equal((await verify(bundle)).verified, true, 'the untouched bundle verifies');
      const passed: number[] = [];
      for (let at = 0; at < bundle.length; at += stride) {
        if ((await verify(flipByte(bundle, at))).verified) passed.push(at);
      }
      assert.deepEqual(passed, [], `flipped bytes that still verified in ${name}`);
    });
  }
});

describe('a keyless reference bundle with one byte changed', () => {
  const model = join(VECTORS, 'v1.1.0-sigstore');
  const verify = async (bytes: Uint8Array) =>
    verifyModel({
      modelPath: model,
      bundle: bytes,
      bundleName: join(model, 'model.sig'),
      policy: await policyFor('keyless'),
    });
  const at = (bundle: Buffer, marker: string, offset = 0): number => {
    const i = bundle.indexOf(marker);
    assert.ok(i >= 0, marker);
    return i + marker.length + offset;
  };

  it("fails when the inclusion proof's rootHash copy differs from its checkpoint (VERIFY_TLOG)", async () => {
    const bundle = await readFile(join(model, 'model.sig'));
    const r = await verify(flipByte(bundle, at(bundle, '"rootHash":"')));
    assert.equal(r.verified, false);
    assert.equal(r.code, 'VERIFY_TLOG');
  });

  it("fails when the certificate's outer DER tag changes (outside the signed part; VERIFY_CHAIN_UNTRUSTED)", async () => {
    const bundle = await readFile(join(model, 'model.sig'));
    const r = await verify(flipByte(bundle, at(bundle, '"certificate":{"rawBytes":"')));
    assert.equal(r.verified, false);
    assert.equal(r.code, 'VERIFY_CHAIN_UNTRUSTED');
  });

  it('never verifies at a sample of positions outside the RFC 3161 response (see docs/signing.md)', async () => {
    const bundle = await readFile(join(model, 'model.sig'));
    // The response's embedded certificates and unsigned CMS fields are not used by verification (the
    // trusted root's TSA chain is), so they are left out of this sweep: docs/signing.md says so.
    const start = at(bundle, '"rfc3161Timestamps":[');
    const end = bundle.indexOf(']', start);
    const passed: number[] = [];
    for (let i = 0; i < bundle.length; i += 97) {
      if (i >= start && i <= end) continue;
      if ((await verify(flipByte(bundle, i))).verified) passed.push(i);
    }
    assert.deepEqual(passed, []);
  });
});
