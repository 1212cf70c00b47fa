import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeBase64, encodeBase64 } from '../bundle/base64.ts';
import { ALL_VECTORS, copyVector, flipByte, policyFor, VECTORS } from './testing/vectors.ts';
import { verifyModel } from './verify-model.ts';

/** Rewrite one base64 field of the bundle's DSSE envelope with a bit flipped in its decoded bytes. */
function tamperEnvelope(bundle: Uint8Array, field: 'payload' | 'sig'): Uint8Array {
  const json = JSON.parse(new TextDecoder().decode(bundle)) as {
    dsseEnvelope: { payload: string; signatures: { sig: string }[] };
  };
  const env = json.dsseEnvelope;
  const sig = env.signatures[0];
  assert.ok(sig);
  if (field === 'payload')
    env.payload = encodeBase64(flipByte(decodeBase64(env.payload) ?? new Uint8Array(), 40));
  else sig.sig = encodeBase64(flipByte(decodeBase64(sig.sig) ?? new Uint8Array(), -3));
  return new TextEncoder().encode(JSON.stringify(json));
}

describe('verifyModel on the reference vectors', () => {
  for (const v of ALL_VECTORS) {
    describe(`${v.name} (${v.method})`, () => {
      const bundlePath = join(VECTORS, v.name, 'model.sig');
      const run = async (modelDir: string, bundle?: Uint8Array) =>
        verifyModel({
          modelPath: join(modelDir, v.model),
          bundle: bundle ?? (await readFile(bundlePath)),
          bundleName: bundlePath,
          policy: await policyFor(v.method),
          ignore: ['ignore-me'],
        });

      it('verifies', async () => {
        const r = await run(join(VECTORS, v.name));
        assert.equal(r.code, undefined, r.message);
        assert.equal(r.verified, true);
      });

      it('fails naming the file when one byte of signme-1 changes', async () => {
        const { dir, cleanup } = await copyVector(v.name);
        try {
          const file = join(dir, 'signme-1');
          await writeFile(file, flipByte(await readFile(file), 0));
          const r = await run(dir);
          assert.equal(r.verified, false);
          assert.equal(r.code, 'VERIFY_MODEL_MISMATCH');
          assert.deepEqual(r.diff.modified, ['signme-1']);
          assert.match(r.message, /modified: signme-1/);
        } finally {
          await cleanup();
        }
      });

      for (const field of ['payload', 'sig'] as const) {
        it(`fails naming the bundle when a byte of its ${field} changes`, async () => {
          const r = await run(
            join(VECTORS, v.name),
            tamperEnvelope(await readFile(bundlePath), field),
          );
          assert.equal(r.verified, false);
          assert.match(
            r.code ?? '',
            /^VERIFY_(SIGNATURE_INVALID|SIGNATURE_MALFORMED|TLOG|STATEMENT)$/,
          );
          assert.ok(r.message.startsWith(bundlePath), r.message);
        });
      }
    });
  }
});
