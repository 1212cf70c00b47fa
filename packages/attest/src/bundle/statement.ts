import { fail, issue, ok, snippet, type ParseResult } from '@mlsec/core';
import { VERIFY_CODES } from './codes.ts';
import { parseSafeJson } from './safe-json.ts';

/** in-toto Statement v1 `_type` (in-toto/attestation spec/v1/statement.md). */
export const IN_TOTO_STATEMENT_V1 = 'https://in-toto.io/Statement/v1';
/** The OMS / model_signing v1.x predicate. */
export const MODEL_SIGNING_PREDICATE_V1 = 'https://model_signing/signature/v1.0';
/** The pre-1.0 predicate written by model_signing v0.2.0 (one subject per file, no root digest). */
export const MODEL_SIGNING_PREDICATE_V01 = 'https://model_signing/Digests/v0.1';

/** One hashed file or shard: `{name, algorithm, digest}` (a hex digest, not an in-toto digest map). */
export interface ModelResource {
  readonly name: string;
  readonly algorithm: string;
  readonly digest: string;
}

/** What a model-signing statement says, for the caller to compare against a freshly computed manifest. */
export interface ModelStatement {
  readonly predicateType: typeof MODEL_SIGNING_PREDICATE_V1 | typeof MODEL_SIGNING_PREDICATE_V01;
  /** `subject[0].name`: informational only. */
  readonly subjectName: string;
  /** `subject[0].digest.sha256`: the root digest (v1.0) or the first file's digest (v0.1). */
  readonly subjectSha256: string;
  /**
   * `predicate.resources` (v1.0), or for v0.1 the subjects themselves, with `algorithm` taken from
   * `annotations.actual_hash_algorithm` (`file-sha256`).
   */
  readonly resources: readonly ModelResource[];
  /** `predicate.serialization` as written (v1.0 only; `shard_size` may be a float). */
  readonly serialization?: Readonly<Record<string, unknown>>;
}

const HEX64 = /^[0-9a-f]{64}$/;
const HEX = /^(?:[0-9a-f]{2})+$/;
type Obj = Readonly<Record<string, unknown>>;

/** Parse the DSSE payload of a model-signing bundle (exact bytes, never re-serialised). Never throws. */
export function parseModelStatement(
  payload: Uint8Array,
  maxBytes: number,
): ParseResult<ModelStatement> {
  const json = parseSafeJson(payload, maxBytes);
  if (!json.ok)
    return fail(json.issues.map((i) => ({ ...i, code: VERIFY_CODES.VERIFY_STATEMENT })));
  const bad = (message: string): ParseResult<ModelStatement> =>
    fail([issue(VERIFY_CODES.VERIFY_STATEMENT, message, undefined, true)]);
  const st = asObj(json.value);
  if (st === undefined) return bad('statement is not an object');
  if (st['_type'] !== IN_TOTO_STATEMENT_V1) return bad(`_type is not ${IN_TOTO_STATEMENT_V1}`);
  const predicateType = st['predicateType'];
  const subjects = st['subject'];
  const predicate = asObj(st['predicate']);
  if (!Array.isArray(subjects) || subjects.length === 0)
    return bad('subject is not a non-empty list');
  if (predicate === undefined) return bad('predicate is not an object');
  const parsed = subjects.map(subjectOf);
  const first = parsed[0];
  if (first === undefined || parsed.some((s) => s === undefined))
    return bad('subject entry needs name and sha256');
  if (predicateType === MODEL_SIGNING_PREDICATE_V1) {
    if (subjects.length !== 1) return bad(`expected exactly 1 subject, got ${subjects.length}`);
    const list = predicate['resources'];
    if (!Array.isArray(list)) return bad('predicate.resources is not a list');
    const resources = list.map(resourceOf);
    if (resources.some((r) => r === undefined))
      return bad('resource needs string name, algorithm, hex digest');
    const serialization = asObj(predicate['serialization']);
    if (serialization === undefined) return bad('predicate.serialization is not an object');
    return ok({
      predicateType,
      subjectName: first.name,
      subjectSha256: first.sha256,
      resources: resources as ModelResource[],
      serialization,
    });
  }
  if (predicateType === MODEL_SIGNING_PREDICATE_V01) {
    return ok({
      predicateType,
      subjectName: first.name,
      subjectSha256: first.sha256,
      resources: parsed.map((s) => ({
        name: s?.name ?? '',
        algorithm: s?.algorithm ?? 'sha256',
        digest: s?.sha256 ?? '',
      })),
    });
  }
  return bad(`unknown predicateType "${snippet(String(predicateType))}"`);
}

function subjectOf(
  value: unknown,
): { name: string; sha256: string; algorithm?: string } | undefined {
  const s = asObj(value);
  const digest = asObj(s?.['digest']);
  const name = s?.['name'];
  const sha256 = digest?.['sha256'];
  if (typeof name !== 'string' || typeof sha256 !== 'string' || !HEX64.test(sha256))
    return undefined;
  const algorithm = asObj(s?.['annotations'])?.['actual_hash_algorithm'];
  return typeof algorithm === 'string' ? { name, sha256, algorithm } : { name, sha256 };
}

function resourceOf(value: unknown): ModelResource | undefined {
  const r = asObj(value);
  const name = r?.['name'];
  const algorithm = r?.['algorithm'];
  const digest = r?.['digest'];
  if (typeof name !== 'string' || typeof algorithm !== 'string') return undefined;
  if (typeof digest !== 'string' || !HEX.test(digest)) return undefined;
  return { name, algorithm, digest };
}

function asObj(value: unknown): Obj | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Obj)
    : undefined;
}
