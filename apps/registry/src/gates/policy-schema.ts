import { SEVERITIES } from '@mlsec/core';
import { z } from 'zod';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const name = (what: string) =>
  z.string().regex(NAME, `must be a ${what}: letters, digits, . _ : - (at most 64)`);
const nonEmpty = z
  .string()
  .min(1, 'must not be empty')
  .max(1024, 'must be at most 1024 characters');

/**
 * Signed by one of these keys or identities. A key is named as in `trust` (a key or a certificate
 * authority) or by its fingerprint, `sha256:` and the hex SHA-256 of the public key's DER
 * SubjectPublicKeyInfo (or of the CA certificate's DER). Identities listed here are trusted for
 * verification too (keyless, against the Sigstore public-good root).
 */
const signatureGate = z
  .strictObject({
    keys: z.array(nonEmpty).max(100).optional(),
    identities: z
      .array(z.strictObject({ issuer: nonEmpty, subject: nonEmpty }))
      .max(100)
      .optional(),
  })
  .refine((g) => (g.keys?.length ?? 0) + (g.identities?.length ?? 0) > 0, {
    message: 'list at least one trusted key or identity',
  });

/** No scan finding above `max_severity` ('none': no finding at all). */
const scanGate = z.strictObject({ max_severity: z.enum(['none', ...[...SEVERITIES].reverse()]) });

/** Provenance attached; verified unless `verified: false`; built by one of `builders` when listed. */
const provenanceGate = z.strictObject({
  verified: z.boolean().default(true),
  builders: z.array(nonEmpty).min(1).max(100).optional(),
});

const bound = z
  .strictObject({ min: z.number().optional(), max: z.number().optional() })
  .refine((b) => b.min !== undefined || b.max !== undefined, { message: 'give min, max or both' })
  .refine((b) => b.min === undefined || b.max === undefined || b.min <= b.max, {
    message: 'min must not exceed max',
  });

/** Evaluation metrics by name, each with a min and/or max (accuracy, safety, fairness, …). */
const metricsGate = z
  .record(name('metric name'), bound)
  .refine((m) => Object.keys(m).length > 0, { message: 'name at least one metric' });

/** N distinct approvals by principals with the approver role, the uploader excluded. */
const approvalsGate = z.strictObject({
  count: z.number().int('must be a whole number').min(1).max(20),
});

const PEM_MAX = 16 * 1024;
const pem = z.string().min(1).max(PEM_MAX, `must be at most ${PEM_MAX} characters`);

/**
 * What the namespace trusts to sign models and provenance, checked when a version is pushed: public
 * keys (model_signing's `key` method), certificate authorities (its `certificate` method: the bundle's
 * chain must end in this CA) and keyless identities (Sigstore: the certificate's email or URI and
 * its OIDC issuer).
 */
export const trustSchema = z.strictObject({
  keys: z.record(name('key name'), pem).optional(),
  certificates: z.record(name('certificate authority name'), pem).optional(),
  identities: z
    .array(z.strictObject({ issuer: nonEmpty, subject: nonEmpty }))
    .max(100)
    .optional(),
});

/** The gates one alias (or the default) requires; a gate left out is not required. */
export const aliasGatesSchema = z.strictObject({
  signature: signatureGate.optional(),
  scan: scanGate.optional(),
  provenance: provenanceGate.optional(),
  metrics: metricsGate.optional(),
  approvals: approvalsGate.optional(),
});

/**
 * A namespace's gate policy, version 1. `default` is required (write `default: {}` to require nothing
 * explicitly); an alias listed under `aliases` uses its own gates instead of the default, not merged.
 */
export const gatePolicySchema = z.strictObject({
  version: z.literal(1),
  trust: trustSchema.optional(),
  default: aliasGatesSchema,
  aliases: z.record(name('alias name'), aliasGatesSchema).optional(),
});

/** The gates of one alias, validated. */
export type AliasGates = z.output<typeof aliasGatesSchema>;

/** The trust section, validated. */
export type TrustSection = z.output<typeof trustSchema>;

/** A validated gate policy. */
export type GatePolicy = z.output<typeof gatePolicySchema>;
