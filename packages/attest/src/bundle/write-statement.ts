import { subjectDigest } from '../manifest/index.ts';
import type { Manifest } from '../manifest/index.ts';
import { PyFloat, pythonJson, type PyJson } from './python-json.ts';
import { IN_TOTO_STATEMENT_V1, MODEL_SIGNING_PREDICATE_V1 } from './statement.ts';

/** Options for {@link writeModelStatement}. */
export interface WriteStatementOptions {
  /** `subject[0].name` (informational); default the manifest's model name. */
  readonly subjectName?: string;
}

/**
 * The model-signing in-toto statement for a manifest, as the exact bytes model_signing v1.x signs
 * (`signing.Payload` through protobuf's `MessageToJson`): 2-space JSON, keys in the order of the
 * reference's golden payloads (`tests/_signing/testdata/signing/TestPayload`), `shard_size` as a float,
 * `ignore_paths` only when non-empty. Holds no key: verification code may use it to explain a payload.
 */
export function writeModelStatement(
  manifest: Manifest,
  options: WriteStatementOptions = {},
): Uint8Array {
  const s = manifest.serialization;
  const serialization: Record<string, PyJson> = {
    method: s.method,
    hash_type: s.hashType,
    allow_symlinks: s.allowSymlinks,
  };
  if (s.method === 'shards') serialization['shard_size'] = new PyFloat(s.shardSize);
  if (s.ignorePaths.length > 0) serialization['ignore_paths'] = [...s.ignorePaths];
  const statement: PyJson = {
    _type: IN_TOTO_STATEMENT_V1,
    subject: [
      {
        name: options.subjectName ?? manifest.modelName,
        digest: { sha256: subjectDigest(manifest) },
      },
    ],
    predicateType: MODEL_SIGNING_PREDICATE_V1,
    predicate: {
      serialization,
      resources: manifest.resources.map((r) => ({
        algorithm: r.algorithm,
        digest: r.digest,
        name: r.name,
      })),
    },
  };
  return new TextEncoder().encode(pythonJson(statement));
}
