import { fail, issue, ok, snippet, type ParseResult } from '@mlsec/core';
import { decodeBase64 } from '../bundle/base64.ts';
import { parseBundle } from '../bundle/parse-bundle.ts';
import { parseSafeJson } from '../bundle/safe-json.ts';
import { pathOfFileUri } from './file-uri.ts';
import {
  DEPENDENCY_KIND,
  IN_TOTO_STATEMENT_V1,
  MAX_DATASET_FILES_LISTED,
  MAX_FILE_SUBJECTS,
  MAX_PROVENANCE_BYTES,
  SLSA_PROVENANCE_V1,
} from './constants.ts';
import type { FileDigest, JsonObject } from './types.ts';

/** A dataset as the provenance recorded it. */
export interface RecordedDataset {
  readonly name: string;
  /** The path as given at capture (`uri` without `file:`), POSIX separators. */
  readonly path: string;
  readonly sha256: string;
  readonly fileCount?: number;
  readonly totalBytes?: number;
  /** Per-file digests, when the capture listed them (at most 10,000 files). */
  readonly files?: readonly FileDigest[];
}

/** What a provenance statement says, checked for shape (not for truth: see verifyProvenance). */
export interface ProvenanceRecord {
  /** `subject[0]`: the model name and its OMS root digest. */
  readonly model: { readonly name: string; readonly sha256: string };
  /** `subject[1..]`: per-file model digests (empty when the capture left them out). */
  readonly modelFiles: readonly FileDigest[];
  readonly buildType: string;
  readonly builderId: string;
  readonly datasets: readonly RecordedDataset[];
  readonly source?: {
    readonly uri?: string;
    readonly commit: string;
    readonly dirty?: boolean;
    readonly branch?: string;
  };
  readonly externalParameters: JsonObject;
  readonly internalParameters?: JsonObject;
  readonly metadata?: {
    readonly invocationId?: string;
    readonly startedOn?: string;
    readonly finishedOn?: string;
  };
  /** The whole statement as parsed (prototype-safe plain JSON). */
  readonly statement: JsonObject;
}

/** How a provenance file holds its statement. */
export type ProvenanceContainer = 'sigstore-bundle' | 'dsse-envelope' | 'in-toto-statement';

/** A provenance file read without checking any signature. */
export interface ReadProvenance {
  /**
   * `sigstore-bundle` as `mlsec provenance capture` signs it, a bare `dsse-envelope` (no verification
   * material: verifyProvenance cannot check it), or an `--unsigned` `in-toto-statement`. No signature is
   * checked here.
   */
  readonly container: ProvenanceContainer;
  /** The statement bytes: the file itself, or the bundle's or envelope's DSSE payload. */
  readonly payload: Uint8Array;
  readonly record: ProvenanceRecord;
}

const HEX64 = /^[0-9a-f]{64}$/;
const HEX = /^(?:[0-9a-f]{2})+$/;
const COMMIT = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const MAX_DATASETS = 1_000;
const CODE = 'PROVENANCE_STATEMENT_INVALID';
type Obj = Readonly<Record<string, unknown>>;

class ShapeError extends Error {}

/**
 * Read a provenance file as `mlsec provenance capture` writes it: a Sigstore bundle (DSSE over the
 * statement) or, for `--unsigned` records, the bare statement; also a bare DSSE envelope (`payloadType`,
 * `payload`, `signatures`) as other in-toto tools write it. Does not verify any signature (use
 * verifyProvenance); for display and for tools such as `mlsec bom` that only need the recorded facts.
 * Never throws.
 */
export function readProvenance(bytes: Uint8Array): ParseResult<ReadProvenance> {
  const json = parseSafeJson(bytes, MAX_PROVENANCE_BYTES);
  if (!json.ok) return fail(json.issues);
  const top = asObj(json.value);
  if (top !== undefined && '_type' in top) return withRecord('in-toto-statement', bytes);
  if (top !== undefined && !('dsseEnvelope' in top) && typeof top['payloadType'] === 'string') {
    const payload = typeof top['payload'] === 'string' ? decodeBase64(top['payload']) : undefined;
    if (payload === undefined)
      return fail([issue(CODE, 'DSSE envelope payload is not base64', undefined, true)]);
    return withRecord('dsse-envelope', payload);
  }
  const bundle = parseBundle(bytes, { maxBytes: MAX_PROVENANCE_BYTES });
  if (!bundle.ok) return fail(bundle.issues);
  return withRecord('sigstore-bundle', bundle.value.envelope.payload);
}

function withRecord(
  container: ProvenanceContainer,
  payload: Uint8Array,
): ParseResult<ReadProvenance> {
  const record = parseProvenanceStatement(payload);
  return record.ok ? ok({ container, payload, record: record.value }) : fail(record.issues);
}

/**
 * Parse an in-toto Statement v1 with a SLSA Provenance v1 predicate (the exact payload bytes) into a
 * typed record. Bounded (64 MiB, depth 64, at most 10,001 subjects, 1,000 datasets, 10,000 listed
 * files each), prototype-safe; a malformed mlsec dataset or source dependency fails the whole parse
 * (fail closed). Never throws: problems are PROVENANCE_STATEMENT_INVALID issues.
 */
export function parseProvenanceStatement(payload: Uint8Array): ParseResult<ProvenanceRecord> {
  const json = parseSafeJson(payload, MAX_PROVENANCE_BYTES);
  if (!json.ok) return fail(json.issues.map((i) => ({ ...i, code: CODE })));
  try {
    return ok(toRecord(json.value));
  } catch (err) {
    if (err instanceof ShapeError) return fail([issue(CODE, err.message, undefined, true)]);
    throw err;
  }
}

function toRecord(root: unknown): ProvenanceRecord {
  const st = obj(root, 'statement');
  if (st['_type'] !== IN_TOTO_STATEMENT_V1)
    throw new ShapeError(`_type is not ${IN_TOTO_STATEMENT_V1}`);
  if (st['predicateType'] !== SLSA_PROVENANCE_V1) {
    throw new ShapeError(
      `predicateType "${snippet(String(st['predicateType']), 80)}" is not ${SLSA_PROVENANCE_V1}`,
    );
  }
  const subjects = arr(st['subject'], 'subject', MAX_FILE_SUBJECTS + 1);
  if (subjects.length === 0) throw new ShapeError('subject is empty');
  const [first, ...rest] = subjects.map((s, i) => fileDigest(s, `subject[${i}]`));
  if (first === undefined) throw new ShapeError('subject is empty');
  unique(rest, 'subject');

  const predicate = obj(st['predicate'], 'predicate');
  const def = obj(predicate['buildDefinition'], 'buildDefinition');
  const run = obj(predicate['runDetails'], 'runDetails');
  const builder = obj(run['builder'], 'runDetails.builder');
  const deps =
    def['resolvedDependencies'] === undefined
      ? []
      : arr(def['resolvedDependencies'], 'resolvedDependencies', MAX_DATASETS + 1);
  const datasets: RecordedDataset[] = [];
  let source: ProvenanceRecord['source'];
  for (const [i, dep] of deps.entries()) {
    const d = obj(dep, `resolvedDependencies[${i}]`);
    const kind = asObj(d['annotations'])?.['mlsec.kind'];
    if (kind === DEPENDENCY_KIND.dataset) datasets.push(dataset(d, `resolvedDependencies[${i}]`));
    else if (kind === DEPENDENCY_KIND.source) source = sourceOf(d, `resolvedDependencies[${i}]`);
  }
  unique(datasets, 'dataset');
  const metadata = asObj(run['metadata']);
  const internal = asObj(def['internalParameters']);
  return {
    model: { name: first.name, sha256: first.sha256 },
    modelFiles: rest,
    buildType: str(def['buildType'], 'buildDefinition.buildType'),
    builderId: str(builder['id'], 'runDetails.builder.id'),
    datasets,
    ...(source === undefined ? {} : { source }),
    externalParameters: obj(
      def['externalParameters'],
      'buildDefinition.externalParameters',
    ) as JsonObject,
    ...(internal === undefined ? {} : { internalParameters: internal as JsonObject }),
    ...(metadata === undefined ? {} : { metadata: metadataOf(metadata) }),
    statement: st as JsonObject,
  };
}

function dataset(d: Obj, where: string): RecordedDataset {
  const name = str(d['name'], `${where}.name`);
  const path = pathOfFileUri(str(d['uri'], `${where}.uri`));
  if (path === undefined) throw new ShapeError(`${where}.uri is not a file: URI`);
  const sha256 = digestOf(d, where, 'sha256');
  const a = obj(d['annotations'], `${where}.annotations`);
  const files =
    a['files'] === undefined
      ? undefined
      : arr(a['files'], `${where}.annotations.files`, MAX_DATASET_FILES_LISTED).map((f, i) =>
          fileDigest(f, `${where}.annotations.files[${i}]`, false),
        );
  if (files !== undefined) unique(files, `${where}.annotations.files`);
  return {
    name,
    path,
    sha256,
    ...optionalCount(a, 'fileCount', where),
    ...optionalCount(a, 'totalBytes', where),
    ...(files === undefined ? {} : { files }),
  };
}

function sourceOf(d: Obj, where: string): NonNullable<ProvenanceRecord['source']> {
  const commit = digestOf(d, where, 'gitCommit');
  if (!COMMIT.test(commit))
    throw new ShapeError(`${where}.digest.gitCommit is not a git object name`);
  const a = obj(d['annotations'], `${where}.annotations`);
  const uri = d['uri'];
  const dirty = a['dirty'];
  const branch = a['branch'];
  return {
    commit,
    ...(typeof uri === 'string' ? { uri } : {}),
    ...(typeof dirty === 'boolean' ? { dirty } : {}),
    ...(typeof branch === 'string' ? { branch } : {}),
  };
}

function metadataOf(m: Obj): NonNullable<ProvenanceRecord['metadata']> {
  const pick = (k: string) => {
    const v = m[k];
    return typeof v === 'string' ? { [k]: v } : {};
  };
  return { ...pick('invocationId'), ...pick('startedOn'), ...pick('finishedOn') };
}

/** `{name, digest: {sha256}}` (a subject) or `{name, sha256}` (a listed dataset file). */
function fileDigest(value: unknown, where: string, descriptor = true): FileDigest {
  const o = obj(value, where);
  const name = str(o['name'], `${where}.name`);
  const sha256 = descriptor ? digestOf(o, where, 'sha256') : str(o['sha256'], `${where}.sha256`);
  if (!HEX64.test(sha256)) throw new ShapeError(`${where}: sha256 is not 64 lower-case hex digits`);
  return { name, sha256 };
}

/** A ResourceDescriptor digest: every value lower-case hex (in-toto digest_set.md); returns `alg`'s. */
function digestOf(o: Obj, where: string, alg: string): string {
  const digest = obj(o['digest'], `${where}.digest`);
  for (const [k, v] of Object.entries(digest)) {
    if (typeof v !== 'string' || !HEX.test(v)) {
      throw new ShapeError(`${where}.digest.${snippet(k, 40)} is not lower-case hex`);
    }
  }
  const value = digest[alg];
  if (typeof value !== 'string') throw new ShapeError(`${where}.digest has no ${alg}`);
  if (alg === 'sha256' && !HEX64.test(value))
    throw new ShapeError(`${where}.digest.sha256 is not 64 hex digits`);
  return value;
}

function optionalCount(a: Obj, key: string, where: string): Record<string, number> {
  const v = a[key];
  if (v === undefined) return {};
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new ShapeError(`${where}.annotations.${key} is not a non-negative integer`);
  }
  return { [key]: v };
}

function unique(items: readonly { readonly name: string }[], what: string): void {
  const seen = new Set<string>();
  for (const { name } of items) {
    if (seen.has(name)) throw new ShapeError(`${what} name "${snippet(name, 80)}" is listed twice`);
    seen.add(name);
  }
}

function obj(value: unknown, what: string): Obj {
  const o = asObj(value);
  if (o === undefined) throw new ShapeError(`${what} is not an object`);
  return o;
}

function arr(value: unknown, what: string, max: number): readonly unknown[] {
  if (!Array.isArray(value)) throw new ShapeError(`${what} is not a list`);
  if (value.length > max)
    throw new ShapeError(`${what} has ${value.length} entries, more than ${max}`);
  return value;
}

function str(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '')
    throw new ShapeError(`${what} is not a non-empty string`);
  return value;
}

function asObj(value: unknown): Obj | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Obj)
    : undefined;
}
