// Fuzz targets for the verify side of @mlsec/attest: Sigstore bundles under each trust policy, the
// trusted root a keyless policy may bring, model-signing statements and provenance files.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FormatIssue, ParseResult } from '@mlsec/core';
import { readProvenance, verifyBundle, verifyModel } from '@mlsec/attest';
import type { TrustPolicy } from '@mlsec/attest';
import { loadSigningKey, signStatementBundle } from '@mlsec/attest/sign';
import type { SigningKey } from '@mlsec/attest/sign';
import { bundleSeeds, provenanceSeeds, statementSeeds, VECTORS } from './attest-seeds.ts';
import type { FuzzTarget } from './targets.ts';

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** A small signed model among the vectors: statements under fuzz are checked against its files. */
const MODEL = join(repo, VECTORS, 'v1.1.0-elliptic-key');
const SHIPPED_ROOT = 'packages/attest/data/sigstore-public-good-trusted-root.json';
/** The identity that signed the vectors' Sigstore bundles. */
const KEYLESS = {
  kind: 'keyless',
  identity: 'stefanb@us.ibm.com',
  issuer: 'https://sigstore.verify.ibm.com/oauth2',
} as const;

interface Material {
  /** The key the vectors' key bundles were signed with (P-384). */
  readonly signingKey: SigningKey;
  readonly key: TrustPolicy;
  readonly certificate: TrustPolicy;
  /** A keyless bundle that verifies under the shipped root. */
  readonly keylessBundle: Uint8Array;
}

let loaded: Material | undefined;
/** Read on first use, so that workers fuzzing other targets never load keys. */
function material(): Material {
  if (loaded !== undefined) return loaded;
  const read = (name: string): string =>
    readFileSync(join(repo, VECTORS, 'keys/certificate', name), 'utf8');
  const keylessBundle = bundleSeeds(repo, true)[0];
  if (keylessBundle === undefined) throw new Error('no keyless bundle among the vectors');
  loaded = {
    signingKey: loadSigningKey(read('signing-key.pem')),
    key: { kind: 'key', publicKeyPem: read('signing-key-pub.pem') },
    certificate: { kind: 'certificate', anchorsPem: read('ca-cert.pem') },
    keylessBundle,
  };
  return loaded;
}

const issuesOf = <T>(result: ParseResult<T>): readonly FormatIssue[] => result.issues;
const decode = (input: Uint8Array): string => new TextDecoder().decode(input);

export const ATTEST_TARGETS: readonly FuzzTarget[] = [
  {
    name: 'bundle-key',
    json: true,
    seeds: (root) => Promise.resolve(bundleSeeds(root)),
    run: async (input) => issuesOf(await verifyBundle(input, material().key)),
  },
  {
    name: 'bundle-certificate',
    json: true,
    seeds: (root) => Promise.resolve(bundleSeeds(root)),
    run: async (input) => issuesOf(await verifyBundle(input, material().certificate)),
  },
  {
    name: 'bundle-keyless',
    json: true,
    seeds: (root) => Promise.resolve(bundleSeeds(root, true)),
    run: async (input) => issuesOf(await verifyBundle(input, KEYLESS)),
  },
  {
    // The trusted root is the untrusted input here (`--trusted-root FILE`), under a real keyless bundle.
    name: 'trusted-root',
    json: true,
    seeds: (root) => Promise.resolve([readFileSync(join(root, SHIPPED_ROOT))]),
    async run(input) {
      const policy = { ...KEYLESS, trustedRoot: decode(input) };
      return issuesOf(await verifyBundle(material().keylessBundle, policy));
    },
  },
  {
    // parseModelStatement is not exported: each statement is signed with the vectors' key and checked
    // with verifyModel, which reads it (then its serialization, resources and names) once the signature
    // verifies, and re-hashes the small vector model when the statement is well formed.
    name: 'model-statement',
    json: true,
    seeds: (root) => Promise.resolve(statementSeeds(root)),
    async run(input) {
      const { signingKey, key } = material();
      const bundle = new TextEncoder().encode(signStatementBundle(input, signingKey));
      const result = await verifyModel({
        modelPath: MODEL,
        bundle,
        bundleName: join(MODEL, 'model.sig'),
        policy: key,
      });
      return result.verified ? [] : [{ code: result.code ?? 'VERIFY', message: result.message }];
    },
  },
  {
    name: 'provenance',
    json: true,
    seeds: () => Promise.resolve(provenanceSeeds(material().signingKey)),
    run: (input) => Promise.resolve(issuesOf(readProvenance(input))),
  },
];
