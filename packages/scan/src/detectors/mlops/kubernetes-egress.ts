import type { Reporter } from './model.ts';
import { identity } from './kubernetes-pods.ts';
import { dig, get, items, keyLine, str } from './yaml-tree.ts';
import type { YamlFile } from './yaml-tree.ts';

/** Kinds that run training jobs. */
const TRAINING =
  /^(?:PyTorchJob|TFJob|MPIJob|XGBoostJob|PaddleJob|JAXJob|TrainJob|Job|CronJob|RayJob)$/;

/**
 * A namespace defined in the manifests that runs training jobs but has no NetworkPolicy restricting
 * egress. Only namespaces the manifest set itself creates are judged: a lone job file says nothing
 * about the policies of the namespace it is applied to.
 */
export function checkEgress(yaml: YamlFile, report: Reporter): void {
  const namespaces = new Map<string, { index: number; line: number }>();
  const training = new Set<string>();
  const restricted = new Set<string>();
  for (const doc of yaml.documents) {
    const { kind, name, namespace } = identity(doc.root);
    if (kind === 'Namespace' && name !== '') {
      namespaces.set(name, {
        index: doc.index,
        line: keyLine(yaml, get(doc.root, 'metadata'), 'name'),
      });
    } else if (TRAINING.test(kind) && namespace !== undefined) {
      training.add(namespace);
    } else if (kind === 'NetworkPolicy' && namespace !== undefined) {
      const types = items(dig(doc.root, 'spec', 'policyTypes')).map(str);
      if (types.includes('Egress') || get(get(doc.root, 'spec'), 'egress') !== undefined)
        restricted.add(namespace);
    }
  }
  for (const [name, where] of namespaces) {
    if (!training.has(name) || restricted.has(name)) continue;
    report({
      ruleId: 'mlops/training-namespace-open-egress',
      message: `Namespace "${name.slice(0, 80)}" runs training jobs but no NetworkPolicy here restricts its egress.`,
      line: where.line,
      evidence: {
        document: where.index,
        kind: 'Namespace',
        name: name.slice(0, 80),
        path: 'metadata.name',
      },
    });
  }
}
