import { snippet } from '@mlsec/core';
import type { GateEvidence, GateResult } from './evidence.ts';
import type { AliasGates } from './policy-schema.ts';

type SignatureGate = NonNullable<AliasGates['signature']>;

/** Signature gate: a verified signature by a trusted key or identity. */
export function checkSignature(gate: SignatureGate, evidence: GateEvidence): GateResult {
  const fail = (detail: string): GateResult => ({ gate: 'signature', passed: false, detail });
  const sig = evidence.signature;
  if (sig === undefined) return fail('the version has no signature');
  if (!sig.verified) return fail('the signature did not verify');
  const { keyId, identity } = sig;
  if (keyId !== undefined && (gate.keys ?? []).includes(keyId)) {
    return {
      gate: 'signature',
      passed: true,
      detail: `signed by trusted key ${snippet(keyId, 80)}`,
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
      ? `key ${snippet(keyId, 80)}`
      : identity !== undefined
        ? `identity ${snippet(identity.subject, 120)} (issuer ${snippet(identity.issuer, 80)})`
        : 'an unnamed signer';
  return fail(`signed by ${signer}, which is not trusted for this alias`);
}
