import type { KeyObject } from 'node:crypto';
import { fail, issue, ok, type ParseResult } from '@mlsec/core';
import { VERIFY_CODES } from '../bundle/codes.ts';
import { isDerEcdsaSignature } from '../bundle/der-signature.ts';
import { verifyEcdsa, type EcPublicKey } from '../bundle/ec-key.ts';
import { legacyPae, pae } from '../bundle/pae.ts';
import type { DsseEnvelope } from '../bundle/types.ts';

/**
 * Check the envelope's one DSSE signature with an EC key and its curve-matched hash over the DSSE PAE.
 * Like model_signing, fall back to the v0.2.0 PAE (`DSSEV1` + Python bytes repr); that release also hashed
 * certificate signatures with SHA-256 whatever the curve, so the fallback also tries SHA-256.
 */
export function checkSignature(envelope: DsseEnvelope, key: EcPublicKey): ParseResult<KeyObject> {
  const sig = envelope.signatures[0]?.sig;
  if (envelope.signatures.length !== 1 || sig === undefined) {
    return bad(
      VERIFY_CODES.VERIFY_SIGNATURE_COUNT,
      `expected 1 signature, got ${envelope.signatures.length}`,
    );
  }
  if (!isDerEcdsaSignature(sig)) {
    return bad(
      VERIFY_CODES.VERIFY_SIGNATURE_MALFORMED,
      'the signature is not a DER ECDSA signature',
    );
  }
  const { payloadType, payload } = envelope;
  if (verifyEcdsa(key.hash, key.key, pae(payloadType, payload), sig)) return ok(key.key);
  const legacy = legacyPae(payloadType, payload);
  const hashes = key.hash === 'sha256' ? ['sha256'] : [key.hash, 'sha256'];
  if (hashes.some((hash) => verifyEcdsa(hash, key.key, legacy, sig))) return ok(key.key);
  return bad(
    VERIFY_CODES.VERIFY_SIGNATURE_INVALID,
    'the signature does not verify with this key: the signed statement or the signature was altered, or the key is wrong',
  );
}

function bad(code: string, message: string): ParseResult<KeyObject> {
  return fail([issue(code, message, undefined, true)]);
}
