import type { Reporter } from './model.ts';
import { identity, podSpecs } from './kubernetes-pods.ts';
import { dig, get, items, keyLine, str } from './yaml-tree.ts';
import type { YamlFile } from './yaml-tree.ts';

/** Built-in roles that grant broad rights. */
const BROAD_BUILTIN = new Set(['cluster-admin', 'admin', 'edit']);

const hasWildcard = (node: unknown): boolean => items(node).some((item) => str(item) === '*');

/**
 * Workloads that run as a namespace's `default` service account while the same manifests bind that
 * account to a broad role (cluster-admin/admin/edit, or a Role/ClusterRole with `*` verbs or resources).
 */
export function checkRbac(yaml: YamlFile, report: Reporter): void {
  const broadRoles = new Set<string>(); // "Kind/name" of roles defined with wildcards
  for (const doc of yaml.documents) {
    const { kind, name } = identity(doc.root);
    if (kind !== 'Role' && kind !== 'ClusterRole') continue;
    if (
      items(get(doc.root, 'rules')).some(
        (r) => hasWildcard(get(r, 'verbs')) || hasWildcard(get(r, 'resources')),
      )
    ) {
      broadRoles.add(`${kind}/${name}`);
    }
  }
  /** Namespaces whose default service account is bound to a broad role, with the role name. */
  const broadDefault = new Map<string, string>();
  for (const doc of yaml.documents) {
    const { kind, namespace } = identity(doc.root);
    if (kind !== 'RoleBinding' && kind !== 'ClusterRoleBinding') continue;
    const roleKind = str(dig(doc.root, 'roleRef', 'kind')) ?? '';
    const roleName = str(dig(doc.root, 'roleRef', 'name')) ?? '';
    const broad =
      (roleKind === 'ClusterRole' && BROAD_BUILTIN.has(roleName)) ||
      broadRoles.has(`${roleKind}/${roleName}`);
    if (!broad) continue;
    for (const subject of items(get(doc.root, 'subjects'))) {
      if (str(get(subject, 'kind')) !== 'ServiceAccount' || str(get(subject, 'name')) !== 'default')
        continue;
      broadDefault.set(str(get(subject, 'namespace')) ?? namespace ?? 'default', roleName);
    }
  }
  if (broadDefault.size === 0) return;
  for (const doc of yaml.documents) {
    const { kind, name, namespace } = identity(doc.root);
    for (const pod of podSpecs(doc.root)) {
      const account =
        str(get(pod.node, 'serviceAccountName')) ??
        str(get(pod.node, 'serviceAccount')) ??
        'default';
      const role = broadDefault.get(namespace ?? 'default');
      if (account !== 'default' || role === undefined) continue;
      report({
        ruleId: 'mlops/default-service-account-broad-rbac',
        message: `${kind} "${name.slice(0, 80)}" runs as the default service account, which these manifests bind to ${role.slice(0, 80)}.`,
        line: keyLine(yaml, pod.node, 'containers'),
        evidence: {
          document: doc.index,
          kind,
          name: name.slice(0, 80),
          path: pod.path === '' ? 'serviceAccountName' : `${pod.path}.serviceAccountName`,
          role: role.slice(0, 80),
        },
      });
    }
  }
}
