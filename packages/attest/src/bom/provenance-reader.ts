import { fail, issue, ok, snippet } from '@mlsec/core';
import type { ParseResult } from '@mlsec/core';
import { decodeBase64 } from '../bundle/base64.ts';
import { parseBundle } from '../bundle/parse-bundle.ts';
import { parseSafeJson } from '../bundle/safe-json.ts';
import { IN_TOTO_STATEMENT_V1 } from '../bundle/statement.ts';
import { clip } from './limits.ts';
import type { BomLimits } from './limits.ts';

/** SLSA Provenance v1 predicate type (https://slsa.dev/spec/v1.0/provenance). */
export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';

/** A dataset recorded by `mlsec provenance capture` (`resolvedDependencies[]`, `mlsec.kind: dataset`). */
export interface ProvenanceSummaryDataset {
  readonly name: string;
  readonly uri?: string;
  /** The dataset's root digest (hex SHA-256 over its per-file digests). */
  readonly sha256?: string;
  readonly fileCount?: number;
  readonly totalBytes?: number;
}

/** What the BOM records from a provenance statement. Nothing here is verified. */
export interface ProvenanceSummary {
  readonly container: 'sigstore-bundle' | 'dsse-envelope' | 'in-toto-statement';
  readonly subjectName?: string;
  /** `subject[0].digest.sha256`: the model's OMS root digest when captured. */
  readonly subjectSha256?: string;
  readonly datasets: readonly ProvenanceSummaryDataset[];
  /** The `mlsec.kind: source` dependency: `git+<remote>@<commit>` and its commit. */
  readonly source?: { readonly uri: string; readonly gitCommit?: string };
  /** `externalParameters.hyperparameters`, each value as text (JSON for non-strings), in document order. */
  readonly hyperparameters: readonly (readonly [string, string])[];
  readonly builderId?: string;
  readonly startedOn?: string;
  readonly finishedOn?: string;
}

type Obj = Readonly<Record<string, unknown>>;
type Bounds = Pick<BomLimits, 'provenanceBytes' | 'stringChars' | 'listItems'>;
const CODE = 'PROVENANCE_STATEMENT_INVALID';
const HEX64 = /^[0-9a-f]{64}$/;
const HEX_COMMIT = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

function asObj(value: unknown): Obj | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Obj)
    : undefined;
}

/**
 * Read what `mlsec provenance capture` writes: a Sigstore bundle whose DSSE payload is the statement, a
 * bare DSSE envelope, or a bare in-toto statement, with a SLSA v1 provenance predicate. Signatures are
 * NOT checked here (that is `mlsec provenance verify`). Bounded and never throws.
 */
export function readProvenanceSummary(
  bytes: Uint8Array,
  bounds: Bounds,
): ParseResult<ProvenanceSummary> {
  const json = parseSafeJson(bytes, bounds.provenanceBytes);
  if (!json.ok) return fail([issue(CODE, json.issues[0]?.message ?? 'not JSON', undefined, true)]);
  const top = asObj(json.value);
  if (top === undefined) return fail([issue(CODE, 'not a JSON object', undefined, true)]);
  if (top['dsseEnvelope'] !== undefined) {
    const bundle = parseBundle(bytes, { maxBytes: bounds.provenanceBytes });
    if (!bundle.ok)
      return fail([
        issue(CODE, `bundle: ${bundle.issues[0]?.message ?? 'malformed'}`, undefined, true),
      ]);
    return fromPayload(bundle.value.envelope.payload, 'sigstore-bundle', bounds);
  }
  if (typeof top['payload'] === 'string' && typeof top['payloadType'] === 'string') {
    const payload = decodeBase64(top['payload']);
    if (payload === undefined)
      return fail([issue(CODE, 'envelope payload is not base64', undefined, true)]);
    return fromPayload(payload, 'dsse-envelope', bounds);
  }
  return fromStatement(top, 'in-toto-statement', bounds);
}

function fromPayload(
  payload: Uint8Array,
  container: ProvenanceSummary['container'],
  bounds: Bounds,
): ParseResult<ProvenanceSummary> {
  const json = parseSafeJson(payload, bounds.provenanceBytes);
  const statement = json.ok ? asObj(json.value) : undefined;
  if (statement === undefined)
    return fail([issue(CODE, 'envelope payload is not a JSON object', undefined, true)]);
  return fromStatement(statement, container, bounds);
}

function fromStatement(
  st: Obj,
  container: ProvenanceSummary['container'],
  bounds: Bounds,
): ParseResult<ProvenanceSummary> {
  if (st['_type'] !== IN_TOTO_STATEMENT_V1)
    return fail([issue(CODE, `_type is not ${IN_TOTO_STATEMENT_V1}`, undefined, true)]);
  if (st['predicateType'] !== SLSA_PROVENANCE_V1) {
    const got =
      typeof st['predicateType'] === 'string' ? snippet(st['predicateType'], 80) : 'missing';
    return fail([
      issue(CODE, `predicateType is ${got}, not ${SLSA_PROVENANCE_V1}`, undefined, true),
    ]);
  }
  const predicate = asObj(st['predicate']);
  if (predicate === undefined)
    return fail([issue(CODE, 'predicate is not an object', undefined, true)]);
  const text = (v: unknown): string | undefined =>
    typeof v === 'string' && v !== '' ? clip(v, bounds.stringChars) : undefined;
  const subject = asObj(Array.isArray(st['subject']) ? (st['subject'] as unknown[])[0] : undefined);
  const subjectSha = asObj(subject?.['digest'])?.['sha256'];
  const build = asObj(predicate['buildDefinition']);
  const run = asObj(predicate['runDetails']);
  const meta = asObj(run?.['metadata']);
  const deps = Array.isArray(build?.['resolvedDependencies'])
    ? (build['resolvedDependencies'] as unknown[])
    : [];
  const datasets: ProvenanceSummaryDataset[] = [];
  let source: ProvenanceSummary['source'];
  for (const dep of deps.slice(0, bounds.listItems).map(asObj)) {
    const kind = asObj(dep?.['annotations'])?.['mlsec.kind'];
    if (dep === undefined) continue;
    if (kind === 'dataset') datasets.push(datasetOf(dep, text));
    const uri = text(dep['uri']);
    if (kind === 'source' && source === undefined && uri !== undefined) {
      const commit = asObj(dep['digest'])?.['gitCommit'];
      source =
        typeof commit === 'string' && HEX_COMMIT.test(commit)
          ? { uri, gitCommit: commit }
          : { uri };
    }
  }
  const hyper = asObj(asObj(build?.['externalParameters'])?.['hyperparameters']);
  const hyperparameters = Object.entries(hyper ?? {})
    .slice(0, bounds.listItems)
    .map(
      ([k, v]) =>
        [
          clip(k, bounds.stringChars),
          clip(typeof v === 'string' ? v : (JSON.stringify(v) ?? 'null'), bounds.stringChars),
        ] as const,
    );
  const subjectName = text(subject?.['name']);
  const builderId = text(asObj(run?.['builder'])?.['id']);
  const startedOn = text(meta?.['startedOn']);
  const finishedOn = text(meta?.['finishedOn']);
  return ok({
    container,
    ...(subjectName !== undefined ? { subjectName } : {}),
    ...(typeof subjectSha === 'string' && HEX64.test(subjectSha)
      ? { subjectSha256: subjectSha }
      : {}),
    datasets,
    ...(source !== undefined ? { source } : {}),
    hyperparameters,
    ...(builderId !== undefined ? { builderId } : {}),
    ...(startedOn !== undefined ? { startedOn } : {}),
    ...(finishedOn !== undefined ? { finishedOn } : {}),
  });
}

function datasetOf(dep: Obj, text: (v: unknown) => string | undefined): ProvenanceSummaryDataset {
  const notes = asObj(dep['annotations']);
  const sha256 = asObj(dep['digest'])?.['sha256'];
  // Annotations are free-form JSON: accept a count written as a number or as a decimal string.
  const count = (v: unknown): number | undefined => {
    const n = typeof v === 'string' && /^\d{1,15}$/.test(v) ? Number(v) : v;
    return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
  };
  const uri = text(dep['uri']);
  const fileCount = count(notes?.['fileCount']);
  const totalBytes = count(notes?.['totalBytes']);
  return {
    name: text(dep['name']) ?? uri ?? 'dataset',
    ...(uri !== undefined ? { uri } : {}),
    ...(typeof sha256 === 'string' && HEX64.test(sha256) ? { sha256 } : {}),
    ...(fileCount !== undefined ? { fileCount } : {}),
    ...(totalBytes !== undefined ? { totalBytes } : {}),
  };
}
