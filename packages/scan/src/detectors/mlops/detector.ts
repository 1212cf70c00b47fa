import { snippet } from '@mlsec/core';
import type { Detector } from '../../engine/context.ts';
import { checkCompose } from './compose.ts';
import { checkDockerfile } from './dockerfile.ts';
import { checkJupyter } from './jupyter.ts';
import { checkKubernetes } from './kubernetes.ts';
import { checkMlflow } from './mlflow.ts';
import { configFile } from './model.ts';
import type { ConfigFile, Reporter } from './model.ts';
import { checkRay } from './ray.ts';

/** An MLOps detector: reads the file as configuration once (shared) and runs one tool's checks. */
function mlopsDetector(id: string, check: (file: ConfigFile, report: Reporter) => void): Detector {
  return {
    id,
    formats: ['text', 'json'],
    async run(ctx) {
      const file = await configFile(ctx);
      if (file) check(file, (report) => ctx.report(report));
    },
  };
}

const COMPOSE = /^services\s*:/m;

/** MLflow servers and their basic-auth configuration. */
export const mlflowDetector = mlopsDetector('mlops-mlflow', checkMlflow);
/** Jupyter server configs and command lines. */
export const jupyterDetector = mlopsDetector('mlops-jupyter', checkJupyter);
/** Ray head nodes, KubeRay clusters and published Ray ports. */
export const rayDetector = mlopsDetector('mlops-ray', checkRay);
/** Kubernetes, Kubeflow, KServe and KubeRay workloads, RBAC and network policies. */
export const kubernetesDetector = mlopsDetector('mlops-kubernetes', (file, report) => {
  if (file.yaml) checkKubernetes(file.yaml, report);
  else if (file.yamlFailure !== undefined && !COMPOSE.test(file.text)) unparseable(file, report);
});
/** Dockerfiles and docker compose files. */
export const dockerDetector = mlopsDetector('mlops-docker', (file, report) => {
  if (file.kind === 'dockerfile') checkDockerfile(file, report);
  if (file.yaml) checkCompose(file.yaml, report);
  else if (file.yamlFailure !== undefined && COMPOSE.test(file.text)) unparseable(file, report);
});

function unparseable(file: ConfigFile, report: Reporter): void {
  report({
    ruleId: 'mlops/unparseable',
    message: `This file looks like a Kubernetes or compose file but is not readable YAML: ${snippet(file.yamlFailure ?? '', 120)}.`,
    line: 1,
    evidence: { reason: snippet(file.yamlFailure ?? '', 120) },
    key: [],
  });
}
