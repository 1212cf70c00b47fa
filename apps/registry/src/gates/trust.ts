import { createHash, createPublicKey, X509Certificate } from 'node:crypto';
import type { TrustPolicy } from '@mlsec/attest';
import { snippet } from '@mlsec/core';
import type { YamlProblem } from '@mlsec/scan';
import type { AliasGates, GatePolicy } from './policy-schema.ts';

/** A fingerprint as policies write it: `sha256:` and 64 hex digits. */
export const FINGERPRINT = /^sha256:[0-9a-f]{64}$/;

/** One way a signature can be trusted, with the name and fingerprint a gate refers to it by. */
export interface TrustEntry {
  /** The name under `trust.keys` / `trust.certificates`, or `issuer subject` for an identity. */
  readonly name: string;
  readonly method: TrustPolicy['kind'];
  /** For keys and certificate authorities: `sha256:` of the DER public key or certificate. */
  readonly fingerprint?: string;
  readonly policy: TrustPolicy;
}

const sha256 = (der: Buffer): string => `sha256:${createHash('sha256').update(der).digest('hex')}`;

/** Fingerprint of a PEM public key (its DER SubjectPublicKeyInfo); throws when it is no key. */
export function keyFingerprint(pem: string): string {
  return sha256(createPublicKey(pem).export({ type: 'spki', format: 'der' }));
}

/** Fingerprint of a PEM certificate (its DER, as `openssl x509 -fingerprint -sha256`); throws when none. */
export function certificateFingerprint(pem: string): string {
  return sha256(new X509Certificate(pem).raw);
}

function gatesOf(policy: GatePolicy): AliasGates[] {
  return [policy.default, ...Object.values(policy.aliases ?? {})];
}

/**
 * Everything the namespace trusts, in a fixed order: keys, certificate authorities, then keyless
 * identities (those under `trust.identities` and those any signature gate names), each once.
 */
export function trustEntries(policy: GatePolicy | undefined): TrustEntry[] {
  if (policy === undefined) return [];
  const trust = policy.trust ?? {};
  const out: TrustEntry[] = [];
  for (const [name, pem] of Object.entries(trust.keys ?? {})) {
    out.push({
      name,
      method: 'key',
      fingerprint: keyFingerprint(pem),
      policy: { kind: 'key', publicKeyPem: pem },
    });
  }
  for (const [name, pem] of Object.entries(trust.certificates ?? {})) {
    out.push({
      name,
      method: 'certificate',
      fingerprint: certificateFingerprint(pem),
      policy: { kind: 'certificate', anchorsPem: pem },
    });
  }
  const identities = [
    ...(trust.identities ?? []),
    ...gatesOf(policy).flatMap((g) => g.signature?.identities ?? []),
  ];
  const seen = new Set<string>();
  for (const { issuer, subject } of identities) {
    const key = JSON.stringify([issuer, subject]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      name: `${subject} (issuer ${issuer})`,
      method: 'keyless',
      policy: { kind: 'keyless', identity: subject, issuer },
    });
  }
  return out;
}

/**
 * The fingerprints a signature gate's `keys` accept: fingerprints as written, and names resolved
 * through the policy's `trust` section as it is now (so a key removed from trust no longer passes).
 */
export function acceptedFingerprints(policy: GatePolicy, keys: readonly string[]): Set<string> {
  const byName = new Map<string, string>();
  for (const entry of trustEntries(policy)) {
    if (entry.fingerprint !== undefined) byName.set(entry.name, entry.fingerprint);
  }
  const out = new Set<string>();
  for (const key of keys) {
    const resolved = FINGERPRINT.test(key) ? key : byName.get(key);
    if (resolved !== undefined) out.add(resolved);
  }
  return out;
}

/**
 * What the schema cannot see: every PEM under `trust` parses as what it claims to be, and every key a
 * signature gate names is a fingerprint or a name under `trust`.
 */
export function trustProblems(policy: GatePolicy): YamlProblem[] {
  const problems: YamlProblem[] = [];
  const trust = policy.trust ?? {};
  const check = (path: string, pem: string, parse: (pem: string) => string, what: string): void => {
    try {
      parse(pem);
    } catch {
      problems.push({ path, reason: `is not a PEM ${what}` });
    }
  };
  for (const [name, pem] of Object.entries(trust.keys ?? {})) {
    check(`trust.keys.${name}`, pem, keyFingerprint, 'public key');
  }
  for (const [name, pem] of Object.entries(trust.certificates ?? {})) {
    check(`trust.certificates.${name}`, pem, certificateFingerprint, 'certificate');
  }
  const names = new Set([
    ...Object.keys(trust.keys ?? {}),
    ...Object.keys(trust.certificates ?? {}),
  ]);
  const where: [string, AliasGates][] = [
    ['default', policy.default],
    ...Object.entries(policy.aliases ?? {}).map(([a, g]): [string, AliasGates] => [
      `aliases.${a}`,
      g,
    ]),
  ];
  for (const [path, gates] of where) {
    (gates.signature?.keys ?? []).forEach((key, i) => {
      if (!FINGERPRINT.test(key) && !names.has(key)) {
        problems.push({
          path: `${path}.signature.keys[${i}]`,
          reason: `${JSON.stringify(snippet(key, 64))} is neither a name under trust.keys or trust.certificates nor a sha256:<64 hex> fingerprint`,
        });
      }
    });
  }
  return problems;
}
