import { envSetting } from './model.ts';
import type { ConfigFile, Reporter } from './model.ts';
import { isAllInterfaces, optionValue } from './text.ts';
import { dig, entries, get, items, keyLine, str } from './yaml-tree.ts';
import type { YamlFile } from './yaml-tree.ts';

/** Ray's dashboard / Jobs API and Ray Client server ports. */
const RAY_PORTS = new Map([
  ['8265', 'dashboard'],
  ['10001', 'client'],
]);
const PUBLIC_SERVICE = /^(?:LoadBalancer|NodePort)$/;

/** RAY_AUTH_MODE=token (Ray 2.52+) set anywhere in the file. */
const tokenAuth = (file: ConfigFile): boolean => envSetting(file.text, 'RAY_AUTH_MODE') === 'token';

/** `ray start --head --dashboard-host 0.0.0.0` and published Ray ports. */
export function checkRay(file: ConfigFile, report: Reporter): void {
  if (tokenAuth(file)) return;
  for (const inv of file.invocations) {
    if (inv.tool !== 'ray' || !inv.args.includes('--head')) continue;
    const host = optionValue(inv.args, ['--dashboard-host']);
    if (!isAllInterfaces(host)) continue;
    report({
      ruleId: 'mlops/ray-dashboard-exposed',
      message: `The Ray head node serves its dashboard and Jobs API on ${host ?? ''} without token authentication.`,
      line: inv.line,
      evidence: { command: 'ray start --head', dashboardHost: host ?? '' },
    });
  }
  if (file.yaml) checkYaml(file.yaml, report);
}

function checkYaml(yaml: YamlFile, report: Reporter): void {
  for (const doc of yaml.documents) {
    const kind = str(get(doc.root, 'kind'));
    if (kind === 'Service') {
      const type = str(dig(doc.root, 'spec', 'type')) ?? 'ClusterIP';
      if (!PUBLIC_SERVICE.test(type)) continue;
      items(dig(doc.root, 'spec', 'ports')).forEach((port, i) => {
        const number = str(get(port, 'port')) ?? '';
        const target = str(get(port, 'targetPort')) ?? '';
        const which = RAY_PORTS.get(number) ?? RAY_PORTS.get(target);
        if (!which) return;
        report({
          ruleId: 'mlops/ray-port-exposed',
          message: `A ${type} Service publishes the Ray ${which} port ${number} outside the cluster.`,
          line: keyLine(yaml, port, 'port'),
          evidence: {
            document: doc.index,
            path: `spec.ports[${i}]`,
            serviceType: type,
            port: number,
          },
        });
      });
    } else if (kind === 'RayCluster' || kind === 'RayJob' || kind === 'RayService') {
      const spec =
        kind === 'RayCluster'
          ? get(doc.root, 'spec')
          : kind === 'RayJob'
            ? dig(doc.root, 'spec', 'rayClusterSpec')
            : dig(doc.root, 'spec', 'rayClusterConfig');
      const head = get(spec, 'headGroupSpec');
      const type = str(get(head, 'serviceType'));
      if (type === undefined || !PUBLIC_SERVICE.test(type)) continue;
      const prefix =
        kind === 'RayCluster'
          ? 'spec'
          : kind === 'RayJob'
            ? 'spec.rayClusterSpec'
            : 'spec.rayClusterConfig';
      report({
        ruleId: 'mlops/ray-port-exposed',
        message: `The ${kind} head service is of type ${type}, publishing the Ray dashboard and client ports.`,
        line: keyLine(yaml, head, 'serviceType'),
        evidence: {
          document: doc.index,
          path: `${prefix}.headGroupSpec.serviceType`,
          serviceType: type,
        },
      });
    }
    for (const [name, service] of entries(get(doc.root, 'services'))) {
      items(get(service, 'ports')).forEach((port, i) => {
        const mapping = publishedPort(port);
        if (!mapping) return;
        const which = RAY_PORTS.get(mapping.container);
        if (!which || !isAllInterfaces(mapping.host)) return;
        report({
          ruleId: 'mlops/ray-port-exposed',
          message: `Compose service "${name.slice(0, 60)}" publishes the Ray ${which} port on all host interfaces.`,
          line: yaml.lineAt((port as { range?: number[] }).range?.[0] ?? 0),
          evidence: {
            document: doc.index,
            path: `services.${name.slice(0, 60)}.ports[${i}]`,
            port: mapping.container,
          },
        });
      });
    }
  }
}

/** A compose port: `"8265:8265"`, `"127.0.0.1:8265:8265"`, `{ target: 8265, host_ip: … }`. */
function publishedPort(port: unknown): { host: string; container: string } | undefined {
  const short = str(port);
  if (short !== undefined) {
    const parts = short.split('/')[0]?.split(':') ?? [];
    if (parts.length < 2) return undefined; // container port only: not published on a fixed host port
    const container = parts[parts.length - 1] ?? '';
    const host = parts.length >= 3 ? parts.slice(0, -2).join(':') : '0.0.0.0';
    return { host, container };
  }
  const target = str(get(port, 'target'));
  if (target === undefined || get(port, 'published') === undefined) return undefined;
  return { host: str(get(port, 'host_ip')) ?? '0.0.0.0', container: target };
}
