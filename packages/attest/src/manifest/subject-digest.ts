import { createHash } from 'node:crypto';
import { MlsecError } from '@mlsec/core';
import type { ManifestResource } from './types.ts';

const HEX = /^(?:[0-9a-fA-F]{2})*$/;

/**
 * The model's root digest (in-toto subject `sha256`): SHA-256 over the concatenated *raw* resource
 * digests, in listed order, whatever the resources' algorithm (notes §1.4). No resources give the
 * digest of empty input, `e3b0c442…b855`. Throws ATTEST_BAD_DIGEST on a digest that is not hex, so a
 * digest taken from an untrusted bundle cannot be silently truncated by `Buffer.from(hex)`.
 */
export function subjectDigest(manifest: {
  readonly resources: readonly ManifestResource[];
}): string {
  const hash = createHash('sha256');
  for (const r of manifest.resources) {
    if (!HEX.test(r.digest)) {
      throw new MlsecError(
        'ATTEST_BAD_DIGEST',
        `resource digest #${manifest.resources.indexOf(r)} is not hex`,
      );
    }
    hash.update(Buffer.from(r.digest, 'hex'));
  }
  return hash.digest('hex');
}

/**
 * The reference's golden `name:digest` text (`tests/_serialization/testdata`): one line per resource,
 * each ending in a newline; empty for no resources.
 */
export function toGoldenText(manifest: {
  readonly resources: readonly ManifestResource[];
}): string {
  return manifest.resources.map((r) => `${r.name}:${r.digest}\n`).join('');
}
