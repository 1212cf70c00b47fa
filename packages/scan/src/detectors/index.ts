import type { Detector, RepoDetector } from '../engine/context.ts';
import { compressedDetector } from './compressed.ts';
import { ggufDetector } from './gguf.ts';
import { hfRepoDetector } from './hf-repo/index.ts';
import { jsonConfigDetector } from './json-config.ts';
import { kerasHdf5Detector } from './keras-hdf5.ts';
import { numpyDetector } from './numpy.ts';
import { onnxDetector } from './onnx.ts';
import { pickleDetector, pickleProbeDetector } from './pickle/index.ts';
import { safetensorsDetector } from './safetensors.ts';
import { tarDetector } from './tar.ts';
import { zipDetector } from './zip.ts';

/** Every artifact detector; the engine runs those whose formats match the artifact's content. */
export const DEFAULT_DETECTORS: readonly Detector[] = [
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

/** Every folder-level detector. */
export const DEFAULT_REPO_DETECTORS: readonly RepoDetector[] = [hfRepoDetector];
