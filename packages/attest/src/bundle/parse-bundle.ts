import { fail, issue, ok, snippet, type ParseResult } from '@mlsec/core';
import { decodeBase64 } from './base64.ts';
import { VERIFY_CODES } from './codes.ts';
import { shapeProblem, TIMESTAMP_DATA, TLOG_ENTRIES } from './tlog-shape.ts';
import { parseSafeJson } from './safe-json.ts';
import {
  BUNDLE_MEDIA_TYPES,
  type DsseSignature,
  type SigstoreBundle,
  type VerificationMaterial,
} from './types.ts';

/** Options for {@link parseBundle}. */
export interface ParseBundleOptions {
  /** Largest bundle accepted, in bytes (default {@link DEFAULT_BUNDLE_MAX_BYTES}). */
  readonly maxBytes?: number;
}

/**
 * Default bundle size limit. A bundle grows with the model's file count (about 200 bytes of base64 per
 * listed file): 1.5–10 KiB for small models, a few MiB for a checkpoint folder of tens of thousands of
 * files. 96 MiB holds a 64 MiB statement (about 300,000 files) and still bounds what a hostile
 * `model.sig` can make us parse.
 */
export const DEFAULT_BUNDLE_MAX_BYTES = 96 * 1024 * 1024;
/** More certificates than any sane chain; bounds work on hostile bundles. */
const MAX_CERTIFICATES = 10;

type Obj = Readonly<Record<string, unknown>>;

/** Thrown internally on a shape error and turned into an issue at the boundary below. */
class ShapeError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * Parse a Sigstore bundle (JSON, protobuf-specs layout) holding a DSSE envelope, as model_signing writes
 * it. Validates the shape by hand, decodes base64 strictly, never throws on bad input.
 */
export function parseBundle(
  input: Uint8Array | string,
  options: ParseBundleOptions = {},
): ParseResult<SigstoreBundle> {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const json = parseSafeJson(bytes, options.maxBytes ?? DEFAULT_BUNDLE_MAX_BYTES);
  if (!json.ok) return fail(json.issues);
  try {
    return ok(toBundle(json.value));
  } catch (err) {
    if (err instanceof ShapeError) return fail([issue(err.code, err.message, undefined, true)]);
    throw err;
  }
}

/**
 * The fields each bundle object may hold (protobuf-specs `Bundle`, lowerCamelCase JSON names). Anything
 * else is refused: an unknown field is either a typo that silently drops meaning (a misspelt `hint`
 * would disable the key check) or an edit to the bundle, and a verified bundle should have neither.
 */
const FIELDS = {
  bundle: ['mediaType', 'verificationMaterial', 'dsseEnvelope'],
  verificationMaterial: [
    'publicKey',
    'x509CertificateChain',
    'certificate',
    'tlogEntries',
    'timestampVerificationData',
  ],
  publicKey: ['hint', 'rawBytes', 'keyDetails', 'validFor'],
  x509CertificateChain: ['certificates'],
  certificate: ['rawBytes'],
  dsseEnvelope: ['payload', 'payloadType', 'signatures'],
  signature: ['sig', 'keyid'],
} as const satisfies Record<string, readonly string[]>;

function only(o: Obj, where: string, allowed: readonly string[]): Obj {
  const unknown = Object.keys(o).find((k) => !allowed.includes(k));
  if (unknown !== undefined) shape(`${where} has an unknown field "${snippet(unknown, 40)}"`);
  return o;
}

function toBundle(root: unknown): SigstoreBundle {
  const top = only(obj(root, 'bundle'), 'bundle', FIELDS.bundle);
  const mediaType = str(top['mediaType'], 'mediaType');
  if (!(BUNDLE_MEDIA_TYPES as readonly string[]).includes(mediaType)) {
    throw new ShapeError(
      VERIFY_CODES.VERIFY_BUNDLE_MEDIA_TYPE,
      `unknown mediaType "${snippet(mediaType)}"`,
    );
  }
  const vm = only(
    obj(top['verificationMaterial'], 'verificationMaterial'),
    'verificationMaterial',
    FIELDS.verificationMaterial,
  );
  const tlog = vm['tlogEntries'];
  const tlogProblem =
    tlog === undefined
      ? undefined
      : shapeProblem(tlog, TLOG_ENTRIES, 'verificationMaterial.tlogEntries');
  if (tlogProblem !== undefined) shape(tlogProblem);
  const tsd = vm['timestampVerificationData'];
  const tsdProblem =
    tsd === undefined
      ? undefined
      : shapeProblem(tsd, TIMESTAMP_DATA, 'verificationMaterial.timestampVerificationData');
  if (tsdProblem !== undefined) shape(tsdProblem);
  const env = only(obj(top['dsseEnvelope'], 'dsseEnvelope'), 'dsseEnvelope', FIELDS.dsseEnvelope);
  const sigs = env['signatures'];
  if (!Array.isArray(sigs)) shape('dsseEnvelope.signatures is not a list');
  return {
    mediaType,
    material: material(vm),
    tlogEntryCount: Array.isArray(tlog) ? tlog.length : 0,
    envelope: {
      payloadType: str(env['payloadType'], 'dsseEnvelope.payloadType'),
      payload: b64(env['payload'], 'dsseEnvelope.payload'),
      signatures: sigs.map((s, i) => signature(s, i)),
    },
  };
}

function material(vm: Obj): VerificationMaterial {
  const present = ['publicKey', 'x509CertificateChain', 'certificate'].filter(
    (k) => vm[k] !== undefined,
  );
  if (present.length !== 1) {
    shape('verificationMaterial needs exactly one of publicKey, x509CertificateChain, certificate');
  }
  if (vm['publicKey'] !== undefined) {
    const pk = only(obj(vm['publicKey'], 'publicKey'), 'publicKey', FIELDS.publicKey);
    if (pk['rawBytes'] !== undefined) {
      const keyDetails = pk['keyDetails'];
      if (keyDetails !== undefined && typeof keyDetails !== 'string') shape('publicKey.keyDetails');
      const rawBytes = b64(pk['rawBytes'], 'publicKey.rawBytes');
      return keyDetails === undefined
        ? { kind: 'public-key-raw', rawBytes }
        : { kind: 'public-key-raw', rawBytes, keyDetails };
    }
    if (pk['hint'] === undefined) return { kind: 'public-key' };
    return { kind: 'public-key', hint: str(pk['hint'], 'publicKey.hint') };
  }
  if (vm['certificate'] !== undefined) {
    const c = only(obj(vm['certificate'], 'certificate'), 'certificate', FIELDS.certificate);
    return { kind: 'certificate', certificate: b64(c['rawBytes'], 'certificate.rawBytes') };
  }
  const chain = only(
    obj(vm['x509CertificateChain'], 'x509CertificateChain'),
    'x509CertificateChain',
    FIELDS.x509CertificateChain,
  );
  const certs = chain['certificates'];
  if (!Array.isArray(certs) || certs.length === 0 || certs.length > MAX_CERTIFICATES) {
    shape(`x509CertificateChain.certificates must list 1 to ${MAX_CERTIFICATES} certificates`);
  }
  return {
    kind: 'certificate-chain',
    certificates: certs.map((c, i) =>
      b64(
        only(obj(c, `certificates[${i}]`), `certificates[${i}]`, FIELDS.certificate)['rawBytes'],
        `certificates[${i}].rawBytes`,
      ),
    ),
  };
}

function signature(value: unknown, i: number): DsseSignature {
  const s = only(obj(value, `signatures[${i}]`), `signatures[${i}]`, FIELDS.signature);
  const sig = b64(s['sig'], `signatures[${i}].sig`);
  const keyid = s['keyid'];
  if (keyid === undefined || keyid === null) return { sig };
  return { sig, keyid: str(keyid, `signatures[${i}].keyid`) };
}

function obj(value: unknown, where: string): Obj {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    shape(`${where} is not an object`);
  return value as Obj;
}

function str(value: unknown, where: string): string {
  if (typeof value !== 'string') shape(`${where} is not a string`);
  return value;
}

function b64(value: unknown, where: string): Uint8Array {
  const bytes = decodeBase64(str(value, where));
  if (bytes === undefined)
    throw new ShapeError(VERIFY_CODES.VERIFY_BUNDLE_BASE64, `${where} is not base64`);
  return bytes;
}

function shape(message: string): never {
  throw new ShapeError(VERIFY_CODES.VERIFY_BUNDLE_SHAPE, message);
}
