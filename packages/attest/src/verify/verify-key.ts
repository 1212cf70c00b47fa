import { createPublicKey } from 'node:crypto';
import { fail, issue, ok, snippet, type ParseResult } from '@mlsec/core';
import { VERIFY_CODES } from '../bundle/codes.ts';
import { CURVES, KEY_DETAILS } from '../bundle/curves.ts';
import { keyHint, loadEcPublicKey, sameKey, toEcKey } from '../bundle/ec-key.ts';
import type { SigstoreBundle } from '../bundle/types.ts';
import { checkSignature } from './check-signature.ts';
import type { VerifiedEnvelope } from './types.ts';

/**
 * `model_signing verify key`: the bundle names the key by `publicKey.hint` (v1.1+), by legacy
 * `rawBytes` (the PEM text, ≤ 1.0.x) or not at all; a named key must be the caller's key.
 */
export function verifyWithKey(
  bundle: SigstoreBundle,
  publicKeyPem: string,
): ParseResult<VerifiedEnvelope> {
  const key = loadEcPublicKey(publicKeyPem);
  if (key === undefined) {
    return bad(
      VERIFY_CODES.VERIFY_KEY_UNSUPPORTED,
      'the public key is not an ECDSA P-256/P-384/P-521 PEM key',
    );
  }
  const m = bundle.material;
  if (m.kind !== 'public-key' && m.kind !== 'public-key-raw') {
    return bad(
      VERIFY_CODES.VERIFY_MATERIAL_KIND,
      `the bundle was signed with a ${m.kind}, not a key`,
    );
  }
  const hint = keyHint(key.key);
  if (m.kind === 'public-key' && m.hint !== undefined && m.hint !== '' && m.hint !== hint) {
    return bad(
      VERIFY_CODES.VERIFY_KEY_MISMATCH,
      'the bundle was signed with another key (publicKey.hint differs)',
    );
  }
  if (m.kind === 'public-key-raw' && !rawKeyMatches(m.rawBytes, key.key)) {
    return bad(
      VERIFY_CODES.VERIFY_KEY_MISMATCH,
      'the bundle was signed with another key (publicKey.rawBytes differs)',
    );
  }
  const curve = CURVES[key.curve]?.curve ?? key.curve;
  // Legacy bundles also name the key type; it must be this key's (a changed byte must never pass).
  if (m.kind === 'public-key-raw' && m.keyDetails !== undefined) {
    const expected = KEY_DETAILS[curve as keyof typeof KEY_DETAILS];
    if (m.keyDetails !== expected) {
      return bad(
        VERIFY_CODES.VERIFY_KEY_MISMATCH,
        `publicKey.keyDetails "${snippet(m.keyDetails, 40)}" is not ${expected} (the key is ${curve})`,
      );
    }
  }
  const checked = checkSignature(bundle.envelope, key);
  if (!checked.ok) return fail(checked.issues);
  return ok({
    payload: bundle.envelope.payload,
    payloadType: bundle.envelope.payloadType,
    signer: { kind: 'key', hint, curve },
    bundle,
  });
}

/** Legacy `rawBytes` holds the signer's public key PEM (or DER); compare keys, not text. */
function rawKeyMatches(raw: Uint8Array, key: Parameters<typeof sameKey>[1]): boolean {
  const fromPem = loadEcPublicKey(raw);
  if (fromPem !== undefined) return sameKey(fromPem.key, key);
  try {
    const der = toEcKey(createPublicKey({ key: Buffer.from(raw), format: 'der', type: 'spki' }));
    return der !== undefined && sameKey(der.key, key);
  } catch {
    return false;
  }
}

function bad(code: string, message: string): ParseResult<VerifiedEnvelope> {
  return fail([issue(code, message, undefined, true)]);
}
