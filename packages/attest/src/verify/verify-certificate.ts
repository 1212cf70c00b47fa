import { fail, issue, ok, type ParseResult } from '@mlsec/core';
import { nameOf, readPemCertificates, verifyChain } from '../bundle/chain.ts';
import { VERIFY_CODES } from '../bundle/codes.ts';
import { keyHint, toEcKey } from '../bundle/ec-key.ts';
import type { SigstoreBundle } from '../bundle/types.ts';
import { checkSignature } from './check-signature.ts';
import type { VerifiedEnvelope } from './types.ts';

/**
 * `model_signing verify certificate`: the bundle's `x509CertificateChain` (leaf first) must chain to one of
 * `anchorsPem` with every certificate valid at `at` (the OMS spec; the reference checks at the leaf's
 * notBefore, which lets expired certificates pass), and the leaf's EC key must verify the signature.
 */
export function verifyWithCertificate(
  bundle: SigstoreBundle,
  anchorsPem: string,
  at: Date,
): ParseResult<VerifiedEnvelope> {
  const m = bundle.material;
  if (m.kind !== 'certificate-chain') {
    const what = m.kind === 'certificate' ? 'keyless (Fulcio) certificate' : 'raw key';
    return bad(
      VERIFY_CODES.VERIFY_MATERIAL_KIND,
      `the bundle was signed with a ${what}, not a certificate chain`,
    );
  }
  const anchors = readPemCertificates(anchorsPem);
  if (!anchors.ok) return fail(anchors.issues);
  const chain = verifyChain(m.certificates, anchors.value, at);
  if (!chain.ok) return fail(chain.issues);
  const leaf = chain.value;
  const key = toEcKey(leaf.publicKey);
  if (key === undefined) {
    return bad(
      VERIFY_CODES.VERIFY_KEY_UNSUPPORTED,
      'the leaf certificate key is not ECDSA P-256/P-384/P-521',
    );
  }
  const checked = checkSignature(bundle.envelope, key);
  if (!checked.ok) return fail(checked.issues);
  return ok({
    payload: bundle.envelope.payload,
    payloadType: bundle.envelope.payloadType,
    signer: {
      kind: 'certificate',
      subject: nameOf(leaf, 'subject'),
      issuer: nameOf(leaf, 'issuer'),
      hint: keyHint(key.key),
    },
    bundle,
  });
}

function bad(code: string, message: string): ParseResult<VerifiedEnvelope> {
  return fail([issue(code, message, undefined, true)]);
}
