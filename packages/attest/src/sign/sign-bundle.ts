import { sign, X509Certificate } from 'node:crypto';
import { MlsecError } from '@mlsec/core';
import { encodeBase64 } from '../bundle/base64.ts';
import { keyHint, sameKey } from '../bundle/ec-key.ts';
import { pae } from '../bundle/pae.ts';
import { BUNDLE_MEDIA_TYPES, IN_TOTO_PAYLOAD_TYPE } from '../bundle/types.ts';
import type { SigningKey } from '../keys/load-signing-key.ts';

/** Options for {@link signStatementBundle}. */
export interface SignBundleOptions {
  /** DER certificates, leaf first (model_signing's certificate method); the leaf must hold `key`. */
  readonly certificateChain?: readonly Uint8Array[];
}

/**
 * Sign an in-toto statement (its exact bytes) into a Sigstore bundle v0.3 laid out exactly as
 * model_signing v1.1 writes it (`sign_ec_key.py`, `sign_certificate.py`): compact JSON, `publicKey.hint`
 * = hex SHA-256 of the SPKI PEM text or `x509CertificateChain`, `tlogEntries: []`, one DSSE signature
 * `{sig, keyid: ""}`, a DER ECDSA signature over the DSSE PAE with the curve-matched hash.
 * @throws MlsecError SIGN_CERT_MISMATCH when the leaf certificate does not hold the key's public half.
 */
export function signStatementBundle(
  statement: Uint8Array,
  key: SigningKey,
  options: SignBundleOptions = {},
): string {
  const chain = options.certificateChain;
  if (chain !== undefined) checkLeaf(chain, key);
  const signature = sign(key.hash, pae(IN_TOTO_PAYLOAD_TYPE, statement), {
    key: key.privateKey,
    dsaEncoding: 'der',
  });
  const material =
    chain === undefined
      ? { publicKey: { hint: keyHint(key.publicKey) }, tlogEntries: [] }
      : {
          x509CertificateChain: {
            certificates: chain.map((der) => ({ rawBytes: encodeBase64(der) })),
          },
          tlogEntries: [],
        };
  return JSON.stringify({
    mediaType: BUNDLE_MEDIA_TYPES[0],
    verificationMaterial: material,
    dsseEnvelope: {
      payload: encodeBase64(statement),
      payloadType: IN_TOTO_PAYLOAD_TYPE,
      signatures: [{ sig: encodeBase64(signature), keyid: '' }],
    },
  });
}

function checkLeaf(chain: readonly Uint8Array[], key: SigningKey): void {
  const der = chain[0];
  if (der === undefined)
    throw new MlsecError('SIGN_CERT_MISMATCH', 'the certificate chain is empty');
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(Buffer.from(der));
  } catch (cause) {
    throw new MlsecError('SIGN_CERT_MISMATCH', 'the signing certificate is not X.509 DER', {
      cause,
    });
  }
  if (!sameKey(leaf.publicKey, key.publicKey)) {
    throw new MlsecError(
      'SIGN_CERT_MISMATCH',
      'the signing certificate does not hold this private key',
    );
  }
}
