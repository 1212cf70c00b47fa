/**
 * Stable issue codes for Sigstore bundle parsing and DSSE verification. Codes are the contract (callers and
 * docs/errors.md key on them); messages are presentation.
 */
export const VERIFY_CODES = {
  /** The bundle is larger than the configured limit. */
  VERIFY_BUNDLE_TOO_LARGE: 'VERIFY_BUNDLE_TOO_LARGE',
  /** The bundle is not UTF-8 JSON, nests too deeply, or carries a `__proto__`/`constructor` key. */
  VERIFY_BUNDLE_JSON: 'VERIFY_BUNDLE_JSON',
  /** A required field is missing or has the wrong type. */
  VERIFY_BUNDLE_SHAPE: 'VERIFY_BUNDLE_SHAPE',
  /** `mediaType` is not a known Sigstore bundle media type. */
  VERIFY_BUNDLE_MEDIA_TYPE: 'VERIFY_BUNDLE_MEDIA_TYPE',
  /** A base64 field is not canonical standard base64. */
  VERIFY_BUNDLE_BASE64: 'VERIFY_BUNDLE_BASE64',
  /** The DSSE payload type is not `application/vnd.in-toto+json`. */
  VERIFY_PAYLOAD_TYPE: 'VERIFY_PAYLOAD_TYPE',
  /** The envelope does not carry exactly one signature. */
  VERIFY_SIGNATURE_COUNT: 'VERIFY_SIGNATURE_COUNT',
  /** The signature is not a well-formed DER ECDSA signature. */
  VERIFY_SIGNATURE_MALFORMED: 'VERIFY_SIGNATURE_MALFORMED',
  /** The signature does not verify over the DSSE PAE with the key (signature or payload altered). */
  VERIFY_SIGNATURE_INVALID: 'VERIFY_SIGNATURE_INVALID',
  /** The bundle names a key (hint or raw bytes) that is not the caller's key. */
  VERIFY_KEY_MISMATCH: 'VERIFY_KEY_MISMATCH',
  /** The key is not ECDSA P-256/P-384/P-521, or a PEM could not be read. */
  VERIFY_KEY_UNSUPPORTED: 'VERIFY_KEY_UNSUPPORTED',
  /** The bundle's verification material is not what this verifier was asked to check. */
  VERIFY_MATERIAL_KIND: 'VERIFY_MATERIAL_KIND',
  /** A certificate in the bundle or a trust anchor could not be parsed. */
  VERIFY_CERT_MALFORMED: 'VERIFY_CERT_MALFORMED',
  /** A certificate is outside its validity period at the verification time. */
  VERIFY_CERT_EXPIRED: 'VERIFY_CERT_EXPIRED',
  /** An issuing certificate is not a CA, or the leaf may not sign code. */
  VERIFY_CERT_USAGE: 'VERIFY_CERT_USAGE',
  /** A certificate is not signed by the next one in the chain. */
  VERIFY_CHAIN_BROKEN: 'VERIFY_CHAIN_BROKEN',
  /** The chain does not end at one of the trust anchors. */
  VERIFY_CHAIN_UNTRUSTED: 'VERIFY_CHAIN_UNTRUSTED',
  /** The payload is not an in-toto Statement v1 of a known model-signing predicate. */
  VERIFY_STATEMENT: 'VERIFY_STATEMENT',
  /** Keyless (Fulcio/Rekor) verification is not implemented: the statement is returned unverified. */
  VERIFY_KEYLESS_UNSUPPORTED: 'VERIFY_KEYLESS_UNSUPPORTED',
} as const;

/** One of the bundle verification codes. */
export type VerifyCode = (typeof VERIFY_CODES)[keyof typeof VERIFY_CODES];
