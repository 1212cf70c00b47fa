import type { Evidence, Severity } from '@mlsec/core';
import type { ScanContext } from '../../engine/context.ts';
import { invocationsInText, invocationsInWords } from './invocations.ts';
import type { Invocation } from './invocations.ts';
import { readConfigText, lineIndex } from './text.ts';
import { isYamlFailure, parseYamlFile } from './yaml-tree.ts';
import type { YamlFile } from './yaml-tree.ts';
import { yamlCommands } from './yaml-commands.ts';

/** What kind of configuration a text file is, judged by its content. */
export type ConfigKind = 'dockerfile' | 'yaml' | 'jupyter-config' | 'json' | 'ini' | 'text';

/** A configuration file read once and shared by every MLOps detector. */
export interface ConfigFile {
  readonly text: string;
  readonly kind: ConfigKind;
  lineAt(offset: number): number;
  /** The YAML syntax tree when kind is 'yaml' and it parsed. */
  readonly yaml?: YamlFile;
  /** Why a manifest-looking YAML file could not be read. */
  readonly yamlFailure?: string;
  /** Commands that start MLflow, Ray or Jupyter, from the text or from YAML command fields. */
  readonly invocations: readonly Invocation[];
}

/** What a check reports; the detector adds location and fingerprint keys. */
export interface MlopsReport {
  readonly ruleId: string;
  readonly message: string;
  readonly line: number;
  readonly evidence?: Evidence;
  readonly severity?: Severity;
  /** Evidence values that tell this finding from others of the same rule in the file. */
  readonly key?: readonly string[];
}

export type Reporter = (report: MlopsReport) => void;

const DOCKERFILE_START = /^(?:FROM|ARG)\s+\S/i;
const YAML_HINT = /^(?:apiVersion|kind|services|cluster_name|head_start_ray_commands)\s*:/m;
const JUPYTER_CONFIG =
  /^\s*c\.(?:ServerApp|NotebookApp|IdentityProvider|PasswordIdentityProvider)\.\w+\s*=/m;
const MLFLOW_INI = /^\s*\[mlflow\]\s*$/m;

function kindOf(text: string, json: boolean): ConfigKind {
  // An INI file starting with `[mlflow]` is identified as JSON by its first byte.
  if (MLFLOW_INI.test(text)) return 'ini';
  if (json) return 'json';
  const first = text
    .split(/\r?\n/, 200)
    .find((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  if (first !== undefined && DOCKERFILE_START.test(first.trim()) && /^\s*FROM\s/im.test(text)) {
    return 'dockerfile';
  }
  if (JUPYTER_CONFIG.test(text)) return 'jupyter-config';
  if (YAML_HINT.test(text)) return 'yaml';
  return 'text';
}

/** Documentation: commands in it are examples, not deployments. */
const DOCUMENTATION = /\.(?:md|markdown|rst|adoc|html?)$/i;

function build(text: string, json: boolean, path: string): ConfigFile {
  const kind = kindOf(text, json);
  const lineAt = lineIndex(text);
  if (kind === 'yaml') {
    const parsed = parseYamlFile(text);
    if (isYamlFailure(parsed)) {
      return { text, kind, lineAt, yamlFailure: parsed.reason, invocations: [] };
    }
    const invocations = yamlCommands(parsed).flatMap((c) => invocationsInWords(c.words, c.line));
    return { text, kind, lineAt, yaml: parsed, invocations };
  }
  const invocations = kind === 'json' || DOCUMENTATION.test(path) ? [] : invocationsInText(text);
  return { text, kind, lineAt, invocations };
}

const cache = new WeakMap<object, Promise<ConfigFile | undefined>>();

/** The artifact as a configuration file (read and parsed once per source), or undefined. */
export function configFile(ctx: ScanContext): Promise<ConfigFile | undefined> {
  let file = cache.get(ctx.source);
  if (!file) {
    file = readConfigText(ctx).then((text) =>
      text === undefined
        ? undefined
        : build(text, ctx.format === 'json', ctx.location.member?.at(-1) ?? ctx.location.path),
    );
    cache.set(ctx.source, file);
  }
  return file;
}

/**
 * The value an environment variable is given anywhere in the file: `NAME=value` (shell, Dockerfile
 * ENV, compose lists), `NAME: value` (compose maps) or `- name: NAME` + `value: v` (Kubernetes).
 */
export function envSetting(text: string, name: string): string | undefined {
  const escaped = name.replace(/[^A-Za-z0-9_]/g, '');
  const patterns = [
    new RegExp(`\\bname:\\s*["']?${escaped}["']?\\s*\\r?\\n\\s*value:\\s*["']?([^\\s"'#]*)`),
    new RegExp(`\\b${escaped}["']?\\s*[=:]\\s*["']?([^\\s"'#,\\]]*)`),
    new RegExp(`\\bENV\\s+${escaped}\\s+["']?([^\\s"'#]*)`),
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match) return match[1] ?? '';
  }
  return undefined;
}

/** A reverse proxy that authenticates in front of a service (oauth2-proxy, nginx auth_request, …). */
export const AUTH_PROXY_HINT =
  /oauth2[-_]proxy|auth_request|auth-url|forward-?auth|auth_basic\s|nginx\.ingress\.kubernetes\.io\/auth-|istio.*AuthorizationPolicy|kind:\s*AuthorizationPolicy/i;
