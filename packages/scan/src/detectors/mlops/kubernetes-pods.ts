import { isMap, isSeq } from 'yaml';
import { dig, entries, get, items, str } from './yaml-tree.ts';

/** A container of a pod spec, with its path in the document. */
export interface ContainerRef {
  readonly node: unknown;
  /** e.g. `spec.template.spec.containers[0]`. */
  readonly path: string;
  readonly name: string;
}

/** A pod spec anywhere in a workload (Deployment, CronJob, PyTorchJob replica, RayCluster group, …). */
export interface PodSpecRef {
  readonly node: unknown;
  /** e.g. `spec.template.spec`, '' for a Pod's spec at `spec`. */
  readonly path: string;
  readonly containers: readonly ContainerRef[];
}

/** Deepest nesting searched for pod specs: real workloads put them at depth 2 to 8. */
const MAX_DEPTH = 12;
/** Most mapping entries visited in one document. */
const MAX_VISITS = 20_000;

const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

/**
 * Every pod spec in a Kubernetes document, found by shape (a mapping with a `containers` list) rather
 * than by kind, so custom resources (Kubeflow training jobs, KServe, KubeRay, Notebooks) are covered.
 */
export function podSpecs(root: unknown): PodSpecRef[] {
  const out: PodSpecRef[] = [];
  let visits = 0;
  const walk = (node: unknown, path: string, depth: number): void => {
    if (depth > MAX_DEPTH || visits > MAX_VISITS) return;
    if (isMap(node)) {
      const containers = get(node, 'containers');
      if (isSeq(containers)) {
        const refs: ContainerRef[] = [];
        for (const field of ['initContainers', 'containers']) {
          items(get(node, field)).forEach((c, i) => {
            if (isMap(c)) {
              refs.push({
                node: c,
                path: join(path, `${field}[${i}]`),
                name: str(get(c, 'name')) ?? `${field}[${i}]`,
              });
            }
          });
        }
        out.push({ node, path, containers: refs });
        return;
      }
      for (const [key, value] of entries(node)) {
        visits++;
        if (key === 'metadata' || key === 'status') continue;
        walk(value, join(path, key), depth + 1);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        visits++;
        walk(item, `${path}[${i}]`, depth + 1);
      });
    }
  };
  walk(root, '', 0);
  return out;
}

/** kind, metadata.name and metadata.namespace of a document. */
export function identity(root: unknown): { kind: string; name: string; namespace?: string } {
  const namespace = str(dig(root, 'metadata', 'namespace'));
  return {
    kind: str(get(root, 'kind')) ?? '',
    name: str(dig(root, 'metadata', 'name')) ?? '',
    ...(namespace === undefined ? {} : { namespace }),
  };
}
