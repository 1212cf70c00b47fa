/** ECDSA curves OpenSSF model signing accepts, with the hash model_signing pairs with each. */
export type CurveName = 'P-256' | 'P-384' | 'P-521';
/** The curve-matched hash (`get_ec_key_hash`: 256 → SHA-256, 384 → SHA-384, 521 → SHA-512). */
export type CurveHash = 'sha256' | 'sha384' | 'sha512';

/** OpenSSL curve names (as Node reports `namedCurve`) → our names and hashes. */
export const CURVES: Readonly<
  Record<string, { readonly curve: CurveName; readonly hash: CurveHash }>
> = {
  prime256v1: { curve: 'P-256', hash: 'sha256' },
  secp384r1: { curve: 'P-384', hash: 'sha384' },
  secp521r1: { curve: 'P-521', hash: 'sha512' },
};

/** The OpenSSL name Node's key generator wants for one of our curves. */
export const OPENSSL_CURVE: Readonly<Record<CurveName, string>> = {
  'P-256': 'prime256v1',
  'P-384': 'secp384r1',
  'P-521': 'secp521r1',
};

/** Sigstore `PublicKeyDetails` names model_signing 0.3–1.0 wrote as `publicKey.keyDetails`. */
export const KEY_DETAILS: Readonly<Record<CurveName, string>> = {
  'P-256': 'PKIX_ECDSA_P256_SHA_256',
  'P-384': 'PKIX_ECDSA_P384_SHA_384',
  'P-521': 'PKIX_ECDSA_P521_SHA_512',
};
