import type { Detector } from '../../engine/context.ts';
import {
  dockerDetector,
  jupyterDetector,
  kubernetesDetector,
  mlflowDetector,
  rayDetector,
} from './detector.ts';

/** MLOps configuration checks: MLflow, Jupyter, Ray, Kubernetes/Kubeflow manifests, Dockerfiles and compose. */
export const MLOPS_DETECTORS: readonly Detector[] = [
  mlflowDetector,
  jupyterDetector,
  rayDetector,
  kubernetesDetector,
  dockerDetector,
];
