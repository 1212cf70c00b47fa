import { fail, issue, type ParseResult } from '@mlsec/core';
import { VERIFY_CODES } from '../bundle/codes.ts';
import type { SigstoreBundle } from '../bundle/types.ts';
import type { TrustPolicy, VerifiedEnvelope } from './types.ts';

/** Sigstore keyless verification (placeholder until @sigstore/verify is wired). */
export function verifyKeyless(
  bundle: SigstoreBundle,
  raw: Uint8Array,
  policy: Extract<TrustPolicy, { kind: 'keyless' }>,
): Promise<ParseResult<VerifiedEnvelope>> {
  void raw;
  void policy;
  const result =
    bundle.material.kind === 'certificate'
      ? issue(VERIFY_CODES.VERIFY_TLOG, 'keyless verification is not wired yet', undefined, true)
      : issue(VERIFY_CODES.VERIFY_MATERIAL_KIND, 'not a keyless bundle', undefined, true);
  return Promise.resolve(fail([result]));
}
