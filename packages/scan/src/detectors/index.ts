import type { Detector, RepoDetector } from '../engine/context.ts';
import { compressedDetector } from './compressed.ts';
import { dependenciesDetector } from './dependencies/index.ts';
import { ggufDetector } from './gguf.ts';
import { hfRepoDetector } from './hf-repo/index.ts';
import { jsonConfigDetector } from './json-config.ts';
import { kerasHdf5Detector } from './keras-hdf5.ts';
import { MLOPS_DETECTORS } from './mlops/index.ts';
import { numpyDetector } from './numpy.ts';
import { onnxDetector } from './onnx.ts';
import { pickleDetector, pickleProbeDetector } from './pickle/index.ts';
import { safetensorsDetector } from './safetensors.ts';
import { secretsDetector } from './secrets/index.ts';
import { tarDetector } from './tar.ts';
import { zipDetector } from './zip.ts';

/** Artifact detectors: code execution and unsafe content in model files and archives. */
export const ARTIFACT_DETECTORS: readonly Detector[] = [
  pickleDetector,
  pickleProbeDetector,
  zipDetector,
  tarDetector,
  compressedDetector,
  kerasHdf5Detector,
  jsonConfigDetector,
  numpyDetector,
  safetensorsDetector,
  ggufDetector,
  onnxDetector,
];

/** Detectors of text files: secrets, vulnerable dependencies, unsafe MLOps settings. */
export const TEXT_DETECTORS: readonly Detector[] = [
  secretsDetector,
  dependenciesDetector,
  ...MLOPS_DETECTORS,
];

/** Every file detector; the engine runs those whose formats match the artifact's content. */
export const DEFAULT_DETECTORS: readonly Detector[] = [...ARTIFACT_DETECTORS, ...TEXT_DETECTORS];

/** Every folder-level detector. */
export const DEFAULT_REPO_DETECTORS: readonly RepoDetector[] = [hfRepoDetector];
