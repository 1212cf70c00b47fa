import { fail, issue, snippet, type ParseResult } from '@mlsec/core';
import { VERIFY_CODES } from '../bundle/codes.ts';
import { parseBundle } from '../bundle/parse-bundle.ts';
import { IN_TOTO_PAYLOAD_TYPE } from '../bundle/types.ts';
import type { TrustPolicy, VerifiedEnvelope } from './types.ts';
import { verifyWithCertificate } from './verify-certificate.ts';
import { verifyWithKey } from './verify-key.ts';
import { verifyKeyless } from './verify-keyless.ts';

export type { Signer, TrustPolicy, VerifiedEnvelope } from './types.ts';

/**
 * Verify a Sigstore bundle holding a DSSE envelope under a trust policy. Key and certificate bundles are
 * checked with node:crypto (model_signing's layouts, including the legacy ones); keyless bundles with
 * `@sigstore/verify`, offline against a trusted root. Never throws on bad input: failures are issues with
 * one of core's VERIFY_* codes. On success only `payload` is trustworthy.
 */
export async function verifyBundle(
  bundle: Uint8Array,
  policy: TrustPolicy,
): Promise<ParseResult<VerifiedEnvelope>> {
  const parsed = parseBundle(bundle);
  if (!parsed.ok) return fail(parsed.issues);
  const envelope = parsed.value.envelope;
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    const why = `payloadType "${snippet(envelope.payloadType, 80)}" is not ${IN_TOTO_PAYLOAD_TYPE}`;
    return fail([issue(VERIFY_CODES.VERIFY_PAYLOAD_TYPE, why, undefined, true)]);
  }
  switch (policy.kind) {
    case 'key':
      return verifyWithKey(parsed.value, policy.publicKeyPem);
    case 'certificate':
      return verifyWithCertificate(parsed.value, policy.anchorsPem, policy.at ?? new Date());
    case 'keyless':
      return verifyKeyless(parsed.value, bundle, policy);
  }
}
