import { fail, issue, ok, snippet, type ParseResult } from '@mlsec/core';
import { bundleFromJSON } from '@sigstore/bundle';
import { toSignedEntity, Verifier, type Signer as SigstoreSigner } from '@sigstore/verify';
import { VERIFY_CODES, type VerifyCode } from '../bundle/codes.ts';
import { DEFAULT_BUNDLE_MAX_BYTES } from '../bundle/parse-bundle.ts';
import { parseSafeJson } from '../bundle/safe-json.ts';
import type { SigstoreBundle } from '../bundle/types.ts';
import { keylessStrictProblem } from './keyless-strict.ts';
import { loadTrustMaterial, shippedTrustedRoot } from './trusted-root.ts';
import type { TrustPolicy, VerifiedEnvelope } from './types.ts';

type KeylessPolicy = Extract<TrustPolicy, { kind: 'keyless' }>;

/** @sigstore/verify error codes → ours (tlog and timestamps, the Fulcio chain, the signature). */
const SIGSTORE_CODES: Readonly<Record<string, VerifyCode>> = {
  CERTIFICATE_ERROR: VERIFY_CODES.VERIFY_CHAIN_UNTRUSTED,
  PUBLIC_KEY_ERROR: VERIFY_CODES.VERIFY_KEY_MISMATCH,
  SIGNATURE_ERROR: VERIFY_CODES.VERIFY_SIGNATURE_INVALID,
};

/**
 * Sigstore keyless (`model_signing verify sigstore`): offline with `@sigstore/verify` against a trusted root
 * (the shipped public-good one unless the policy gives one), default thresholds (one tlog entry, one SCT,
 * one timestamp). The identity policy is checked here by exact equality: @sigstore/verify would treat the
 * SAN as a regular expression.
 */
export async function verifyKeyless(
  bundle: SigstoreBundle,
  raw: Uint8Array,
  policy: KeylessPolicy,
): Promise<ParseResult<VerifiedEnvelope>> {
  const kind = bundle.material.kind;
  if (kind === 'public-key' || kind === 'public-key-raw') {
    return bad(
      VERIFY_CODES.VERIFY_MATERIAL_KIND,
      'the bundle was signed with a raw key, not keyless',
    );
  }
  const rootText = policy.trustedRoot ?? (await shippedTrustedRoot());
  const trust = loadTrustMaterial(rootText);
  if (!trust.ok) return fail(trust.issues);
  const json = parseSafeJson(raw, DEFAULT_BUNDLE_MAX_BYTES);
  if (!json.ok) return fail(json.issues);
  let signer: SigstoreSigner;
  try {
    const entity = toSignedEntity(bundleFromJSON(json.value));
    signer = new Verifier(trust.value).verify(entity);
  } catch (err) {
    const code = errorCode(err);
    const mapped =
      code === undefined
        ? VERIFY_CODES.VERIFY_BUNDLE_SHAPE
        : (SIGSTORE_CODES[code] ?? VERIFY_CODES.VERIFY_TLOG);
    const why = err instanceof Error ? err.message : String(err);
    return bad(mapped, `keyless verification failed: ${snippet(why, 160)}`);
  }
  const vm = (json.value as { verificationMaterial?: { tlogEntries?: unknown } })
    .verificationMaterial;
  const leaf =
    bundle.material.kind === 'certificate'
      ? bundle.material.certificate
      : bundle.material.certificates[0];
  const strict =
    leaf === undefined
      ? ({
          code: 'VERIFY_CHAIN_UNTRUSTED',
          message: 'the bundle carries no signing certificate',
        } as const)
      : keylessStrictProblem(leaf, Array.isArray(vm?.tlogEntries) ? vm.tlogEntries : [], rootText);
  if (strict !== undefined) {
    return bad(VERIFY_CODES[strict.code], `keyless verification failed: ${strict.message}`);
  }
  const san = signer.identity?.subjectAlternativeName;
  const issuer = signer.identity?.extensions?.issuer;
  if (san !== policy.identity || issuer !== policy.issuer) {
    const got = `${snippet(san ?? '(none)', 100)} from ${snippet(issuer ?? '(none)', 100)}`;
    const want = `${snippet(policy.identity, 100)} from ${snippet(policy.issuer, 100)}`;
    return bad(VERIFY_CODES.VERIFY_IDENTITY_MISMATCH, `signed by ${got}, expected ${want}`);
  }
  return ok({
    payload: bundle.envelope.payload,
    payloadType: bundle.envelope.payloadType,
    signer: { kind: 'keyless', identity: san, issuer },
    bundle,
  });
}

function errorCode(err: unknown): string | undefined {
  const code = err !== null && typeof err === 'object' && 'code' in err ? err.code : undefined;
  return typeof code === 'string' ? code : undefined;
}

function bad(code: string, message: string): ParseResult<VerifiedEnvelope> {
  return fail([issue(code, message, undefined, true)]);
}
