import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeBase64 } from '../bundle/base64.ts';
import { loadSigningKey } from '../keys/load-signing-key.ts';
import { copyVector, KEYS, VECTORS } from '../verify/testing/vectors.ts';
import { verifyModel } from '../verify/verify-model.ts';
import { signModel } from './sign-model.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every JSON key path, arrays as `[]` (the bundle's structure, without values). */
function keyPaths(value: Json, at = ''): string[] {
  if (Array.isArray(value)) return [`${at}[]`, ...value.flatMap((v) => keyPaths(v, `${at}[]`))];
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [`${at}.${k}`, ...keyPaths(v, `${at}.${k}`)]);
  }
  return [];
}

/** The decoded statement, subject name aside and ignore_paths as a sorted set. */
function payloadOf(bundle: Json): Json {
  const env = (bundle as { dsseEnvelope: { payload: string } }).dsseEnvelope;
  const st = JSON.parse(new TextDecoder().decode(decodeBase64(env.payload))) as {
    subject: { name: string }[];
    predicate: { serialization: { ignore_paths?: string[] } };
  };
  for (const s of st.subject) s.name = '(model)';
  st.predicate.serialization.ignore_paths?.sort();
  return st;
}

const pemDer = async (file: string): Promise<Uint8Array> =>
  new X509Certificate(await readFile(join(KEYS, file))).raw;

describe('signModel against the reference bundles', () => {
  for (const method of ['elliptic-key', 'certificate'] as const) {
    it(`writes the same structure and payload as model_signing v1.1.0 (${method})`, async () => {
      const name = `v1.1.0-${method}`;
      const reference = JSON.parse(
        await readFile(join(VECTORS, name, 'model.sig'), 'utf8'),
      ) as Json;
      const { dir, cleanup } = await copyVector(name);
      try {
        const key = loadSigningKey(await readFile(join(KEYS, 'signing-key.pem')));
        const chain =
          method === 'certificate'
            ? [await pemDer('signing-key-cert.pem'), await pemDer('int-ca-cert.pem')]
            : undefined;
        const signed = await signModel({
          modelPath: dir,
          key,
          signaturePath: join(dir, 'model.sig'),
          ignore: ['ignore-me'],
          ...(chain === undefined ? {} : { certificateChain: chain }),
        });
        const ours = JSON.parse(signed.bundle) as Json;
        assert.deepEqual(keyPaths(ours), keyPaths(reference));
        assert.deepEqual(payloadOf(ours), payloadOf(reference));
        const policy =
          method === 'certificate'
            ? ({
                kind: 'certificate',
                anchorsPem: await readFile(join(KEYS, 'ca-cert.pem'), 'utf8'),
              } as const)
            : ({
                kind: 'key',
                publicKeyPem: await readFile(join(KEYS, 'signing-key-pub.pem'), 'utf8'),
              } as const);
        const bundleName = join(dir, 'model.sig');
        const r = await verifyModel({
          modelPath: dir,
          bundle: await readFile(bundleName),
          bundleName,
          policy,
        });
        assert.equal(r.verified, true, r.message);
      } finally {
        await cleanup();
      }
    });
  }
});
