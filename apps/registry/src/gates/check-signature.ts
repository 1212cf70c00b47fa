import { snippet } from '@mlsec/core';
import type { GateEvidence, GateResult } from './evidence.ts';
import type { AliasGates, GatePolicy } from './policy-schema.ts';
import { acceptedFingerprints } from './trust.ts';

type SignatureGate = NonNullable<AliasGates['signature']>;

/**
 * Signature gate: the signature verified on upload, by a key or certificate authority this gate lists
 * (by name under `trust`, resolved now, or by fingerprint) or by one of its identities.
 */
export function checkSignature(
  gate: SignatureGate,
  evidence: GateEvidence,
  policy: GatePolicy,
): GateResult {
  const fail = (detail: string): GateResult => ({ gate: 'signature', passed: false, detail });
  const sig = evidence.signature;
  if (sig === undefined) return fail('the version has no signature');
  if (!sig.verified) {
    const why = sig.detail === undefined ? '' : `: ${snippet(sig.detail, 300)}`;
    return fail(`the signature did not verify${why}`);
  }
  const { keyId, identity } = sig;
  if (keyId !== undefined && acceptedFingerprints(policy, gate.keys ?? []).has(keyId)) {
    const name = sig.trustedAs === undefined ? '' : ` ${snippet(sig.trustedAs, 80)}`;
    return {
      gate: 'signature',
      passed: true,
      detail: `signed by trusted key${name} (${snippet(keyId, 80)})`,
    };
  }
  const trusted = (gate.identities ?? []).find(
    (t) => identity !== undefined && t.issuer === identity.issuer && t.subject === identity.subject,
  );
  if (trusted !== undefined) {
    return {
      gate: 'signature',
      passed: true,
      detail: `signed by trusted identity ${snippet(trusted.subject, 120)}`,
    };
  }
  const signer =
    keyId !== undefined
      ? sig.trustedAs === undefined
        ? `key ${snippet(keyId, 80)}`
        : `key ${snippet(sig.trustedAs, 80)} (${snippet(keyId, 80)})`
      : identity !== undefined
        ? `identity ${snippet(identity.subject, 120)} (issuer ${snippet(identity.issuer, 80)})`
        : 'an unnamed signer';
  return fail(`signed by ${signer}, which this alias does not trust`);
}
