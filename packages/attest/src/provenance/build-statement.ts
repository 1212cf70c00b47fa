import { canonicalJson } from './canonical-json.ts';
import { fileUri } from './file-uri.ts';
import {
  BUILDER_ID_PREFIX,
  DEPENDENCY_KIND,
  IN_TOTO_STATEMENT_V1,
  MAX_DATASET_FILES_LISTED,
  MAX_FILE_SUBJECTS,
  SLSA_PROVENANCE_V1,
  TRAINING_BUILD_TYPE,
} from './constants.ts';
import type {
  DatasetFacts,
  EnvironmentFacts,
  JsonObject,
  ProvenanceFacts,
  ProvenanceStatement,
  ResourceDescriptor,
  SourceFacts,
} from './types.ts';

/** A statement and the exact bytes to sign or write. */
export interface BuiltStatement {
  readonly statement: ProvenanceStatement;
  /** Canonical JSON (sorted keys, two-space indent, final newline), UTF-8. */
  readonly bytes: Uint8Array;
}

/**
 * Turn captured facts into an in-toto Statement v1 with a SLSA Provenance v1 predicate of build type
 * {@link TRAINING_BUILD_TYPE} (docs/provenance.md). Pure: the same facts give the same bytes.
 *
 * @example
 * const { bytes } = buildStatement(facts); // sign with signStatementBundle, or write as a record
 */
export function buildStatement(facts: ProvenanceFacts): BuiltStatement {
  const { model } = facts;
  // subject[0] carries the OMS root digest, the value `mlsec sign` signs, so provenance pairs with
  // model.sig (notes §7); per-file subjects follow so that a verifier can name what changed.
  const fileSubjects: ResourceDescriptor[] =
    model.files.length <= MAX_FILE_SUBJECTS
      ? model.files.map((f) => ({ name: f.name, digest: { sha256: f.sha256 } }))
      : [];
  const statement: ProvenanceStatement = {
    _type: IN_TOTO_STATEMENT_V1,
    subject: [{ name: model.name, digest: { sha256: model.rootSha256 } }, ...fileSubjects],
    predicateType: SLSA_PROVENANCE_V1,
    predicate: {
      buildDefinition: {
        buildType: TRAINING_BUILD_TYPE,
        externalParameters: {
          hyperparameters: facts.hyperparameters,
          model: { name: model.name, path: model.path },
          datasets: facts.datasets.map((d) => ({ name: d.name, path: d.path })),
        },
        internalParameters: { environment: environmentJson(facts.environment) },
        resolvedDependencies: [
          ...facts.datasets.map(datasetDependency),
          ...(facts.source === undefined ? [] : [sourceDependency(facts.source)]),
        ],
      },
      runDetails: {
        builder: { id: `${BUILDER_ID_PREFIX}${facts.builderVersion}` },
        metadata: {
          invocationId: facts.invocationId,
          startedOn: facts.startedOn,
          finishedOn: facts.finishedOn,
        },
        byproducts: [],
      },
    },
  };
  return { statement, bytes: new TextEncoder().encode(canonicalJson(statement)) };
}

function datasetDependency(d: DatasetFacts): ResourceDescriptor {
  const annotations: JsonObject = {
    'mlsec.kind': DEPENDENCY_KIND.dataset,
    fileCount: d.fileCount,
    totalBytes: d.totalBytes,
    ...(d.files.length <= MAX_DATASET_FILES_LISTED
      ? { files: d.files.map((f) => ({ name: f.name, sha256: f.sha256 })) }
      : {}),
  };
  return { name: d.name, uri: fileUri(d.path), digest: { sha256: d.rootSha256 }, annotations };
}

/** The source dependency; without a remote the `uri` is left out (the commit digest identifies it). */
function sourceDependency(s: SourceFacts): ResourceDescriptor {
  const annotations: JsonObject = {
    'mlsec.kind': DEPENDENCY_KIND.source,
    dirty: s.dirty,
    ...(s.branch === undefined ? {} : { branch: s.branch }),
  };
  return {
    name: 'source',
    ...(s.remote === undefined ? {} : { uri: `git+${s.remote}@${s.commit}` }),
    digest: { gitCommit: s.commit },
    annotations,
  };
}

function environmentJson(env: EnvironmentFacts): JsonObject {
  const { python } = env;
  return {
    node: env.node,
    os: env.os,
    arch: env.arch,
    cpus: { model: env.cpus.model, count: env.cpus.count },
    memoryBytes: env.memoryBytes,
    gpus: env.gpus.map((g) => ({
      name: g.name,
      driverVersion: g.driverVersion,
      ...(g.memoryBytes === undefined ? {} : { memoryBytes: g.memoryBytes }),
    })),
    python: {
      lockFiles: python.lockFiles.map((f) => ({ name: f.name, sha256: f.sha256 })),
      ...(python.pipFreeze === undefined
        ? {}
        : {
            pipFreeze: {
              sha256: python.pipFreeze.sha256,
              packages: [...python.pipFreeze.packages],
            },
          }),
    },
  };
}
