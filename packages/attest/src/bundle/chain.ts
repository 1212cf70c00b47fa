import { X509Certificate } from 'node:crypto';
import { fail, issue, ok, snippet, type FormatIssue, type ParseResult } from '@mlsec/core';
import { VERIFY_CODES } from './codes.ts';

/** Extended key usage OIDs a signing leaf may carry (RFC 5280 §4.2.1.12). */
const CODE_SIGNING = '1.3.6.1.5.5.7.3.3';
const ANY_EKU = '2.5.29.37.0';
const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
/** Most trust anchors read from one input; bounds work on a hostile or mistaken file. */
const MAX_ANCHORS = 1000;

/** Read every certificate from PEM text (one or many; surrounding text ignored). */
export function readPemCertificates(pem: string): ParseResult<readonly X509Certificate[]> {
  const blocks = pem.match(PEM_CERT) ?? [];
  if (blocks.length === 0 || blocks.length > MAX_ANCHORS) {
    return fail([
      issue(VERIFY_CODES.VERIFY_CERT_MALFORMED, 'no certificate in PEM text', undefined, true),
    ]);
  }
  const out: X509Certificate[] = [];
  for (const block of blocks) {
    const cert = parseCert(block);
    if (cert === undefined) {
      return fail([
        issue(
          VERIFY_CODES.VERIFY_CERT_MALFORMED,
          'unreadable certificate in PEM text',
          undefined,
          true,
        ),
      ]);
    }
    out.push(cert);
  }
  return ok(out);
}

/**
 * Check a bundle's certificate chain (DER, leaf first) up to one of `anchors`: every certificate within its
 * validity period at `at` (OMS spec; model_signing itself checks at the leaf's notBefore), each one signed
 * by the next, every issuer a CA (basic constraints), the leaf usable for code signing when it lists
 * extended key usages (Node does not expose the key-usage bits), and the last one signed by an anchor that
 * is itself a CA. An anchor that merely equals a chain member does not count: like OpenSSL without
 * PARTIAL_CHAIN, trust starts at the anchor's own key. Returns the leaf.
 */
export function verifyChain(
  chainDer: readonly Uint8Array[],
  anchors: readonly X509Certificate[],
  at: Date,
): ParseResult<X509Certificate> {
  const certs: X509Certificate[] = [];
  for (const [i, der] of chainDer.entries()) {
    const cert = parseCert(der);
    if (cert === undefined)
      return bad(VERIFY_CODES.VERIFY_CERT_MALFORMED, `certificate ${i} is not X.509 DER`);
    certs.push(cert);
  }
  const leaf = certs[0];
  if (leaf === undefined)
    return bad(VERIFY_CODES.VERIFY_CERT_MALFORMED, 'no certificate in the chain');
  for (const [i, cert] of certs.entries()) {
    const problem = validityProblem(cert, at) ?? (i > 0 && !cert.ca ? 'is not a CA' : undefined);
    if (problem !== undefined) {
      const code =
        cert.ca || i === 0 ? VERIFY_CODES.VERIFY_CERT_EXPIRED : VERIFY_CODES.VERIFY_CERT_USAGE;
      return bad(code, `certificate ${i} (${nameOf(cert, 'subject', 80)}) ${problem}`);
    }
    const issuer = certs[i + 1];
    if (issuer !== undefined && !signedBy(cert, issuer)) {
      return bad(
        VERIFY_CODES.VERIFY_CHAIN_BROKEN,
        `certificate ${i} is not signed by certificate ${i + 1}`,
      );
    }
  }
  const eku = leaf.keyUsage; // Node 20: the extended key usage OIDs, undefined when absent
  if (eku !== undefined && !eku.includes(CODE_SIGNING) && !eku.includes(ANY_EKU)) {
    return bad(VERIFY_CODES.VERIFY_CERT_USAGE, 'leaf certificate is not for code signing');
  }
  const top = certs[certs.length - 1] ?? leaf;
  const anchor = anchors.find(
    (a) => a.ca && validityProblem(a, at) === undefined && signedBy(top, a),
  );
  if (anchor === undefined) {
    return bad(VERIFY_CODES.VERIFY_CHAIN_UNTRUSTED, 'the chain does not end at a trust anchor');
  }
  return ok(leaf);
}

/**
 * A certificate's subject or issuer for messages, truncated and escaped. Node 20 reports an empty name as
 * undefined (whatever its type says); an empty subject is legal when the SAN is critical (RFC 5280
 * §4.1.2.6), so the SAN stands in for it.
 */
export function nameOf(cert: X509Certificate, which: 'subject' | 'issuer', max = 200): string {
  const name: string | undefined = cert[which];
  if (name !== undefined && name !== '') return snippet(name, max);
  const san: string | undefined = which === 'subject' ? cert.subjectAltName : undefined;
  return san === undefined || san === '' ? '(empty)' : snippet(san, max);
}

function validityProblem(cert: X509Certificate, at: Date): string | undefined {
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  if (Number.isNaN(from) || Number.isNaN(to)) return 'has an unreadable validity period';
  const t = at.getTime();
  return t < from || t > to ? `is not valid at ${at.toISOString()}` : undefined;
}

function signedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

function parseCert(input: Uint8Array | string): X509Certificate | undefined {
  try {
    return new X509Certificate(typeof input === 'string' ? input : Buffer.from(input));
  } catch {
    return undefined;
  }
}

function bad(code: string, message: string): ParseResult<X509Certificate> {
  const issues: FormatIssue[] = [issue(code, message, undefined, true)];
  return fail(issues);
}
