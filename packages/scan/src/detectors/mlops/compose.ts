import type { Reporter } from './model.ts';
import { imagePinProblem } from './images.ts';
import { isReferenceValue, looksLikeSecretName } from './secret-names.ts';
import { bool, entries, get, items, keyLine, offsetOf, str } from './yaml-tree.ts';
import type { YamlFile } from './yaml-tree.ts';

/** Bind sources that hand the container the host or its container runtime. */
const DANGEROUS_BIND = /^(?:\/|\/var\/run\/docker\.sock|\/run\/docker\.sock|\/proc|\/etc)$/;

/** docker compose services: privileged, host namespaces and binds, literal secrets, unpinned images. */
export function checkCompose(yaml: YamlFile, report: Reporter): void {
  for (const doc of yaml.documents) {
    for (const [service, node] of entries(get(doc.root, 'services'))) {
      const name = service.slice(0, 60);
      const base = { document: doc.index, service: name };
      if (bool(get(node, 'privileged')) === true) {
        report({
          ruleId: 'mlops/privileged-container',
          message: `Compose service "${name}" is privileged.`,
          line: keyLine(yaml, node, 'privileged'),
          evidence: { ...base, path: `services.${name}.privileged` },
        });
      }
      for (const field of ['network_mode', 'pid', 'ipc']) {
        if (str(get(node, field)) !== 'host') continue;
        report({
          ruleId: 'mlops/host-namespace',
          message: `Compose service "${name}" sets ${field}: host.`,
          line: keyLine(yaml, node, field),
          evidence: { ...base, path: `services.${name}.${field}` },
        });
      }
      items(get(node, 'volumes')).forEach((volume, i) => {
        const source = str(volume)?.split(':')[0] ?? str(get(volume, 'source'));
        if (source === undefined || !DANGEROUS_BIND.test(source)) return;
        report({
          ruleId: 'mlops/host-path-volume',
          message: `Compose service "${name}" binds the host path ${source}.`,
          line: yaml.lineAt(offsetOf(volume)),
          evidence: { ...base, path: `services.${name}.volumes[${i}]` },
        });
      });
      checkEnvironment(yaml, node, name, base, report);
      const image = str(get(node, 'image'));
      const problem = image === undefined ? undefined : imagePinProblem(image);
      if (image !== undefined && problem !== undefined) {
        report({
          ruleId: 'mlops/image-not-pinned',
          message: `Compose service "${name}" runs image ${image.slice(0, 120)} (${problem === 'latest' ? 'the moving latest tag' : 'no tag'}).`,
          line: keyLine(yaml, node, 'image'),
          evidence: { ...base, path: `services.${name}.image`, image: image.slice(0, 120) },
        });
      }
    }
  }
}

/** `environment:` as a map (`KEY: value`) or a list (`- KEY=value`). */
function checkEnvironment(
  yaml: YamlFile,
  node: unknown,
  name: string,
  base: Record<string, string | number>,
  report: Reporter,
): void {
  const env = get(node, 'environment');
  const found: { variable: string; line: number }[] = [];
  for (const [variable, value, pair] of entries(env)) {
    const text = str(value);
    if (text !== undefined && !isReferenceValue(text) && looksLikeSecretName(variable)) {
      found.push({ variable, line: yaml.lineAt(offsetOf(pair.key)) });
    }
  }
  for (const item of items(env)) {
    const text = str(item) ?? '';
    const eq = text.indexOf('=');
    if (eq === -1) continue;
    const variable = text.slice(0, eq);
    if (!isReferenceValue(text.slice(eq + 1)) && looksLikeSecretName(variable)) {
      found.push({ variable, line: yaml.lineAt(offsetOf(item)) });
    }
  }
  for (const { variable, line } of found) {
    report({
      ruleId: 'mlops/secret-in-env',
      message: `Compose service "${name}" sets ${variable.slice(0, 80)} to a literal value.`,
      line,
      evidence: {
        ...base,
        path: `services.${name}.environment.${variable.slice(0, 80)}`,
        variable: variable.slice(0, 80),
      },
    });
  }
}
