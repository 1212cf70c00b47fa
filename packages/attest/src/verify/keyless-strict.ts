import { X509Certificate } from 'node:crypto';
import { decodeBase64 } from '../bundle/base64.ts';
import { parseSafeJson } from '../bundle/safe-json.ts';

/**
 * Checks run after `@sigstore/verify` accepts a keyless bundle, for bytes it reads loosely or not at all,
 * so that no changed byte of a signed bundle still verifies:
 * - its X.509 parser does not check the certificate's outer tags or the signature BIT STRING's unused
 *   bits (both outside the signed TBSCertificate): the leaf must also parse as strict DER with OpenSSL and
 *   verify, with OpenSSL, under a certificate authority of the trusted root;
 * - it checks the Merkle inclusion proof against the checkpoint's root and size, ignoring the proof's own
 *   `rootHash` and `treeSize` copies: these must equal the checkpoint's.
 * Returns the problem (certificate: VERIFY_CHAIN_UNTRUSTED; proof: VERIFY_TLOG), or undefined.
 */
export function keylessStrictProblem(
  leafDer: Uint8Array,
  tlogEntries: readonly unknown[],
  trustedRootText: string,
):
  | { readonly code: 'VERIFY_CHAIN_UNTRUSTED' | 'VERIFY_TLOG'; readonly message: string }
  | undefined {
  const leaf = leafProblem(leafDer, trustedRootText);
  if (leaf !== undefined) return { code: 'VERIFY_CHAIN_UNTRUSTED', message: leaf };
  const proof = tlogEntries.map(proofProblem).find((p) => p !== undefined);
  return proof === undefined ? undefined : { code: 'VERIFY_TLOG', message: proof };
}

function leafProblem(der: Uint8Array, trustedRootText: string): string | undefined {
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(Buffer.from(der));
  } catch {
    return 'the signing certificate is not strict DER';
  }
  if (!leaf.raw.equals(Buffer.from(der))) return 'the signing certificate has trailing bytes';
  const issued = caCertificates(trustedRootText).some((ca) => {
    try {
      return leaf.checkIssued(ca) && leaf.verify(ca.publicKey);
    } catch {
      return false;
    }
  });
  return issued
    ? undefined
    : 'the signing certificate is not signed by a certificate authority of the trusted root';
}

/** Every certificate of every `certificateAuthorities[].certChain` in a trusted root (already validated). */
function caCertificates(trustedRootText: string): X509Certificate[] {
  const json = parseSafeJson(new TextEncoder().encode(trustedRootText), 4 * 1024 * 1024);
  const cas = json.ok ? field(json.value, 'certificateAuthorities') : undefined;
  const out: X509Certificate[] = [];
  for (const ca of Array.isArray(cas) ? cas : []) {
    const certs = field(field(ca, 'certChain'), 'certificates');
    for (const cert of Array.isArray(certs) ? certs : []) {
      const raw = field(cert, 'rawBytes');
      const bytes = typeof raw === 'string' ? decodeBase64(raw) : undefined;
      if (bytes === undefined) continue;
      try {
        out.push(new X509Certificate(Buffer.from(bytes)));
      } catch {
        // An unreadable CA certificate cannot have issued anything.
      }
    }
  }
  return out;
}

/** A checkpoint (signed note) body: origin, tree size, base64 root hash, then optional lines. */
function proofProblem(entry: unknown): string | undefined {
  const proof = field(entry, 'inclusionProof');
  if (proof === undefined) return undefined;
  const envelope = field(field(proof, 'checkpoint'), 'envelope');
  const [, size, root] = typeof envelope === 'string' ? envelope.split('\n') : [];
  const rootHash = field(proof, 'rootHash');
  const ours = typeof root === 'string' ? decodeBase64(root) : undefined;
  const theirs = typeof rootHash === 'string' ? decodeBase64(rootHash) : undefined;
  if (size !== field(proof, 'treeSize'))
    return 'the inclusion proof tree size differs from its checkpoint';
  if (
    ours === undefined ||
    theirs === undefined ||
    !Buffer.from(ours).equals(Buffer.from(theirs))
  ) {
    return 'the inclusion proof root hash differs from its checkpoint';
  }
  return undefined;
}

function field(value: unknown, name: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Readonly<Record<string, unknown>>)[name]
    : undefined;
}
