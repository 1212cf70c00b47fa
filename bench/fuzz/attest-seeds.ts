// Seeds for the attestation targets: the committed model-signing vectors, found by content, and provenance
// files built here from made-up facts in the three containers readProvenance accepts.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildStatement } from '@mlsec/attest';
import type { ProvenanceFacts } from '@mlsec/attest';
import { signStatementBundle } from '@mlsec/attest/sign';
import type { SigningKey } from '@mlsec/attest/sign';

/** model_signing's interop vectors: bundles (key, certificate, sigstore) beside their models, and keys. */
export const VECTORS = 'packages/attest/testdata/model-signing/scripts/tests';
/** Golden in-toto payloads of model_signing's own tests. */
export const GOLDEN_PAYLOADS =
  'packages/attest/testdata/model-signing/tests/_signing/testdata/signing/TestPayload';

const BUNDLE_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle';
const MODEL_SIGNING_PREDICATES = [
  'https://model_signing/signature/v1.0',
  'https://model_signing/Digests/v0.1',
];
type Obj = Record<string, unknown>;

/** Every small file under `dir`, with its JSON value when it is a JSON object (fixtures are trusted). */
function jsonFiles(dir: string): { bytes: Uint8Array; json: Obj }[] {
  const out: { bytes: Uint8Array; json: Obj }[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    if (!entry.isFile() || statSync(path).size > 256 * 1024) continue;
    const bytes = readFileSync(path);
    try {
      const json: unknown = JSON.parse(bytes.toString('utf8'));
      if (json !== null && typeof json === 'object' && !Array.isArray(json))
        out.push({ bytes, json: json as Obj });
    } catch {
      // not JSON: a model file or a key
    }
  }
  return out;
}

function isBundle(json: Obj): boolean {
  return typeof json['mediaType'] === 'string' && json['mediaType'].startsWith(BUNDLE_MEDIA_TYPE);
}

/** Sigstore keyless bundles: their verification material holds transparency-log entries. */
function isKeyless(json: Obj): boolean {
  const material = json['verificationMaterial'] as Obj | undefined;
  const entries = material?.['tlogEntries'];
  return Array.isArray(entries) && entries.length > 0;
}

/** Every Sigstore bundle among the vectors (13 model.sig: key, certificate and keyless layouts). */
export function bundleSeeds(repo: string, keylessOnly = false): Uint8Array[] {
  return jsonFiles(join(repo, VECTORS))
    .filter(({ json }) => isBundle(json) && (!keylessOnly || isKeyless(json)))
    .map(({ bytes }) => bytes);
}

/** The DSSE payloads of every vector bundle, and the golden payloads: model-signing statements. */
export function statementSeeds(repo: string): Uint8Array[] {
  const payloads = jsonFiles(join(repo, VECTORS))
    .filter(({ json }) => isBundle(json))
    .map(({ json }) => (json['dsseEnvelope'] as Obj | undefined)?.['payload'])
    .filter((p): p is string => typeof p === 'string')
    .map((p) => new Uint8Array(Buffer.from(p, 'base64')));
  const goldens = jsonFiles(join(repo, GOLDEN_PAYLOADS))
    .filter(({ json }) => MODEL_SIGNING_PREDICATES.includes(String(json['predicateType'])))
    .map(({ bytes }) => bytes);
  return [...payloads, ...goldens];
}

const hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Made-up capture facts: a model with files, a dataset with listed files, git source, GPU and pip. */
function facts(withSource: boolean): ProvenanceFacts {
  return {
    model: {
      name: 'resnet-tiny',
      path: 'out/resnet-tiny',
      rootSha256: hex('root'),
      files: [
        { name: 'config.json', sha256: hex('config') },
        { name: 'model.safetensors', sha256: hex('weights') },
      ],
    },
    datasets: [
      {
        name: 'train',
        path: 'data/train',
        rootSha256: hex('train'),
        fileCount: 2,
        totalBytes: 4096,
        files: [
          { name: 'a.parquet', sha256: hex('a') },
          { name: 'b.parquet', sha256: hex('b') },
        ],
      },
    ],
    hyperparameters: { lr: 0.001, epochs: 3, layers: [64, 64], optimizer: { name: 'adam' } },
    environment: {
      node: 'v20.20.0',
      os: 'Linux 6.8.0',
      arch: 'x64',
      cpus: { model: 'Example CPU', count: 2 },
      memoryBytes: 8 * 2 ** 30,
      gpus: [{ name: 'Example GPU', driverVersion: '550.1', memoryBytes: 16 * 2 ** 30 }],
      python: {
        lockFiles: [{ name: 'uv.lock', sha256: hex('lock') }],
        pipFreeze: { sha256: hex('freeze'), packages: ['numpy==2.1.0', 'torch==2.5.1'] },
      },
    },
    ...(withSource
      ? {
          source: {
            remote: 'https://example.com/team/train.git',
            commit: hex('commit').slice(0, 40),
            dirty: true,
            branch: 'main',
          },
        }
      : {}),
    builderVersion: '0.1.0',
    invocationId: '00000000-0000-4000-8000-000000000000',
    startedOn: '2025-01-01T00:00:00Z',
    finishedOn: '2025-01-01T01:00:00Z',
  };
}

/**
 * Provenance files as readProvenance reads them: the bare statement (`--unsigned`), a bare DSSE envelope,
 * and a Sigstore bundle signed with `key` (ECDSA is randomised: only the `sig` bytes differ between runs).
 */
export function provenanceSeeds(key: SigningKey): Uint8Array[] {
  const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
  return [true, false].flatMap((withSource) => {
    const { bytes } = buildStatement(facts(withSource));
    const bundle = signStatementBundle(bytes, key);
    const envelope = (JSON.parse(bundle) as { dsseEnvelope: unknown }).dsseEnvelope;
    return [bytes, encode(JSON.stringify(envelope)), encode(bundle)];
  });
}
