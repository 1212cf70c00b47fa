import { isScalar, isSeq } from 'yaml';
import { shellCommands } from './text.ts';
import { dig, entries, get, items, keyLine, str } from './yaml-tree.ts';
import type { YamlFile } from './yaml-tree.ts';
import { podSpecs } from './kubernetes-pods.ts';

/** A command found in a YAML file, as words, with the line of its key. */
export interface YamlCommand {
  readonly words: readonly string[];
  readonly line: number;
}

/** Words of a YAML command field: a list of strings, or a string read as a shell command line. */
function words(node: unknown): string[] {
  if (isSeq(node)) return items(node).flatMap((item) => (isScalar(item) ? [str(item) ?? ''] : []));
  const text = str(node);
  return text === undefined ? [] : (shellCommands(text)[0] ?? []);
}

/**
 * Commands of every container (Kubernetes `command` + `args`, in any workload kind), every docker
 * compose service (`entrypoint` + `command`) and every Ray cluster-launcher start command.
 */
export function yamlCommands(file: YamlFile): YamlCommand[] {
  const out: YamlCommand[] = [];
  for (const doc of file.documents) {
    for (const pod of podSpecs(doc.root)) {
      for (const container of pod.containers) {
        const command = words(get(container.node, 'command'));
        const args = words(get(container.node, 'args'));
        if (command.length + args.length === 0) continue;
        const key = get(container.node, 'command') === undefined ? 'args' : 'command';
        out.push({ words: [...command, ...args], line: keyLine(file, container.node, key) });
      }
    }
    for (const [, service] of entries(get(doc.root, 'services'))) {
      const entrypoint = words(get(service, 'entrypoint'));
      const command = get(service, 'command');
      const list = words(command);
      if (entrypoint.length + list.length === 0) continue;
      // A string command may chain several (`sh -c "a && b"` is handled by the caller).
      const text = isSeq(command) ? undefined : str(command);
      const line = keyLine(file, service, command === undefined ? 'entrypoint' : 'command');
      if (text !== undefined && entrypoint.length === 0) {
        for (const cmd of shellCommands(text)) out.push({ words: cmd, line });
      } else out.push({ words: [...entrypoint, ...list], line });
    }
    for (const key of ['head_start_ray_commands', 'worker_start_ray_commands']) {
      for (const item of items(dig(doc.root, key))) {
        const text = str(item);
        if (text === undefined) continue;
        for (const cmd of shellCommands(text)) {
          out.push({
            words: cmd,
            line: file.lineAt((item as { range?: number[] }).range?.[0] ?? 0),
          });
        }
      }
    }
  }
  return out;
}
