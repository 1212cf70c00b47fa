import type { Reporter } from './model.ts';
import { imagePinProblem } from './images.ts';
import { identity, podSpecs } from './kubernetes-pods.ts';
import type { ContainerRef, PodSpecRef } from './kubernetes-pods.ts';
import { isReferenceValue, looksLikeSecretName } from './secret-names.ts';
import { bool, dig, get, items, keyLine, str } from './yaml-tree.ts';
import type { YamlDocument, YamlFile } from './yaml-tree.ts';
import { checkRbac } from './kubernetes-rbac.ts';
import { checkEgress } from './kubernetes-egress.ts';

type Ctx = { yaml: YamlFile; doc: YamlDocument; report: Reporter };

const at = (pod: PodSpecRef, field: string): string =>
  pod.path === '' ? field : `${pod.path}.${field}`;

/** Pod- and container-level settings of every workload in Kubernetes / Kubeflow / KServe / KubeRay manifests. */
export function checkKubernetes(yaml: YamlFile, report: Reporter): void {
  for (const doc of yaml.documents) {
    if (get(doc.root, 'apiVersion') === undefined || get(doc.root, 'kind') === undefined) continue;
    for (const pod of podSpecs(doc.root)) checkPod({ yaml, doc, report }, pod);
  }
  checkRbac(yaml, report);
  checkEgress(yaml, report);
}

function checkPod(c: Ctx, pod: PodSpecRef): void {
  const { kind, name } = identity(c.doc.root);
  const evidenceBase = { document: c.doc.index, kind, name: name.slice(0, 80) };
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (bool(get(pod.node, field)) !== true) continue;
    c.report({
      ruleId: 'mlops/host-namespace',
      message: `${kind} "${name.slice(0, 80)}" sets ${field}: true.`,
      line: keyLine(c.yaml, pod.node, field),
      evidence: { ...evidenceBase, path: at(pod, field) },
    });
  }
  items(get(pod.node, 'volumes')).forEach((volume, i) => {
    if (get(volume, 'hostPath') === undefined) return;
    c.report({
      ruleId: 'mlops/host-path-volume',
      message: `${kind} "${name.slice(0, 80)}" mounts the host path ${(str(dig(volume, 'hostPath', 'path')) ?? '').slice(0, 120)}.`,
      line: keyLine(c.yaml, volume, 'hostPath'),
      evidence: { ...evidenceBase, path: `${at(pod, `volumes[${i}]`)}.hostPath` },
    });
  });
  const podSecurity = get(pod.node, 'securityContext');
  for (const container of pod.containers)
    checkContainer(c, pod, container, podSecurity, evidenceBase);
}

function checkContainer(
  c: Ctx,
  pod: PodSpecRef,
  container: ContainerRef,
  podSecurity: unknown,
  base: Record<string, string | number>,
): void {
  const security = get(container.node, 'securityContext');
  const evidence = (path: string): Record<string, string | number> => ({
    ...base,
    container: container.name.slice(0, 80),
    path: `${container.path}.${path}`,
  });
  const label = `Container "${container.name.slice(0, 80)}" of ${String(base['kind'])} "${String(base['name'])}"`;
  if (bool(get(security, 'privileged')) === true) {
    c.report({
      ruleId: 'mlops/privileged-container',
      message: `${label} is privileged.`,
      line: keyLine(c.yaml, security, 'privileged'),
      evidence: evidence('securityContext.privileged'),
    });
  }
  if (bool(get(security, 'allowPrivilegeEscalation')) === true) {
    c.report({
      ruleId: 'mlops/privilege-escalation-allowed',
      message: `${label} allows privilege escalation.`,
      line: keyLine(c.yaml, security, 'allowPrivilegeEscalation'),
      evidence: evidence('securityContext.allowPrivilegeEscalation'),
    });
  }
  checkUser(c, pod, container, security, podSecurity, label, evidence);
  items(get(container.node, 'env')).forEach((env, i) => {
    const name = str(get(env, 'name')) ?? '';
    const value = str(get(env, 'value'));
    if (value === undefined || isReferenceValue(value) || !looksLikeSecretName(name)) return;
    c.report({
      ruleId: 'mlops/secret-in-env',
      message: `${label} sets ${name.slice(0, 80)} to a literal value instead of a secretKeyRef.`,
      line: keyLine(c.yaml, env, 'value'),
      evidence: { ...evidence(`env[${i}].value`), variable: name.slice(0, 80) },
    });
  });
  const image = str(get(container.node, 'image'));
  const problem = image === undefined ? undefined : imagePinProblem(image);
  if (image !== undefined && problem !== undefined) {
    c.report({
      ruleId: 'mlops/image-not-pinned',
      message: `${label} runs image ${image.slice(0, 120)} (${problem === 'latest' ? 'the moving latest tag' : 'no tag'}).`,
      line: keyLine(c.yaml, container.node, 'image'),
      evidence: { ...evidence('image'), image: image.slice(0, 120) },
    });
  }
}

function checkUser(
  c: Ctx,
  pod: PodSpecRef,
  container: ContainerRef,
  security: unknown,
  podSecurity: unknown,
  label: string,
  evidence: (path: string) => Record<string, string | number>,
): void {
  const user = str(get(security, 'runAsUser')) ?? str(get(podSecurity, 'runAsUser'));
  const nonRoot = bool(get(security, 'runAsNonRoot')) ?? bool(get(podSecurity, 'runAsNonRoot'));
  if (user === '0') {
    const inContainer = get(security, 'runAsUser') !== undefined;
    c.report({
      ruleId: 'mlops/container-runs-as-root',
      severity: 'high',
      message: `${label} runs as root (runAsUser: 0).`,
      line: inContainer
        ? keyLine(c.yaml, security, 'runAsUser')
        : keyLine(c.yaml, podSecurity, 'runAsUser'),
      evidence: inContainer
        ? evidence('securityContext.runAsUser')
        : { ...evidence('securityContext.runAsUser'), path: at(pod, 'securityContext.runAsUser') },
    });
  } else if (user === undefined && nonRoot !== true) {
    c.report({
      ruleId: 'mlops/container-runs-as-root',
      message: `${label} sets neither runAsNonRoot nor a non-root runAsUser, so it runs as the image's user (usually root).`,
      line: keyLine(c.yaml, container.node, 'name'),
      evidence: evidence('securityContext.runAsNonRoot'),
    });
  }
}
