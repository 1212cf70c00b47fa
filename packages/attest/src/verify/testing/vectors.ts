import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrustPolicy } from '../types.ts';

/** The reference's signed example models (packages/attest/testdata/model-signing/scripts/tests). */
export const VECTORS = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'testdata',
  'model-signing',
  'scripts',
  'tests',
);
/** Our generated test PKI (packages/attest/testdata/pki/generate.sh). */
export const PKI = join(import.meta.dirname, '..', '..', '..', 'testdata', 'pki');
export const KEYS = join(VECTORS, 'keys', 'certificate');

export interface Vector {
  readonly name: string;
  readonly method: 'key' | 'certificate' | 'keyless';
  /** The model to verify: the folder, or `signme-1` for the single-file vectors. */
  readonly model: string;
}

const SINGLE_FILE = new Set(['v1.0.0-elliptic-key', 'v0.3.1-elliptic-key']);
const METHOD = { 'elliptic-key': 'key', certificate: 'certificate', sigstore: 'keyless' } as const;

/** Every signed vector: 4 key, 5 certificate and 4 keyless bundles. */
export const ALL_VECTORS: readonly Vector[] = [
  'v1.1.0-elliptic-key',
  'v1.0.1-elliptic-key',
  'v1.0.0-elliptic-key',
  'v0.3.1-elliptic-key',
  'v1.1.0-certificate',
  'v1.0.1-certificate',
  'v1.0.0-certificate',
  'v0.3.1-certificate',
  'v0.2.0-certificate',
  'v1.1.0-sigstore',
  'v1.0.1-sigstore',
  'v1.0.0-sigstore',
  'v0.3.1-sigstore',
].map((name) => ({
  name,
  method: METHOD[name.replace(/^v[\d.]+-/, '') as keyof typeof METHOD],
  model: SINGLE_FILE.has(name) ? 'signme-1' : '.',
}));

/** The policy each vector was written for. */
export async function policyFor(method: Vector['method']): Promise<TrustPolicy> {
  if (method === 'key')
    return { kind: 'key', publicKeyPem: await readFile(join(KEYS, 'signing-key-pub.pem'), 'utf8') };
  if (method === 'certificate')
    return { kind: 'certificate', anchorsPem: await readFile(join(KEYS, 'ca-cert.pem'), 'utf8') };
  return {
    kind: 'keyless',
    identity: 'stefanb@us.ibm.com',
    issuer: 'https://sigstore.verify.ibm.com/oauth2',
  };
}

/** Copy a vector folder into a scratch directory (tests tamper with it). */
export async function copyVector(
  name: string,
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const base = await mkdtemp(join(tmpdir(), 'mlsec-vector-'));
  const dir = join(base, name);
  await cp(join(VECTORS, name), dir, { recursive: true });
  return { dir, cleanup: () => rm(base, { recursive: true, force: true }) };
}

/** Flip one bit of byte `at` (negative counts from the end). */
export function flipByte(bytes: Uint8Array, at: number): Uint8Array {
  const out = new Uint8Array(bytes);
  const i = at < 0 ? out.length + at : at;
  out[i] = (out[i] ?? 0) ^ 0x01;
  return out;
}
