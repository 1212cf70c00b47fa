import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { readFileBounded, snippet } from '@mlsec/core';
import type { CompileOptions, GoRegex } from './go-regex.ts';
import { compileGoRegex } from './go-regex.ts';
import type { RawAllowlist, RawConfig, RawRule } from './config-raw.ts';
import { configError, parseRawConfig } from './config-raw.ts';
import type { SecretAllowlist, SecretRule, SecretsConfig } from './types.ts';

/** Largest rules file read (the default is about 100 KiB). */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
/** gitleaks follows [extend] at most two levels deep. */
export const MAX_EXTEND_DEPTH = 2;

const DEFAULT_URL = new URL('../../data/gitleaks/gitleaks.toml', import.meta.url);
const DEFAULT_NAME = 'gitleaks.toml (default)';
const ML_URL = new URL('../../data/ml-secrets.toml', import.meta.url);
const ML_NAME = 'ml-secrets.toml (mlsec ML rules)';

export type SecretsConfigOptions = CompileOptions;

let defaultRaw: RawConfig | undefined;
const defaultCompiled = new Map<string, SecretsConfig>();
const mlCompiled = new Map<string, SecretsConfig>();

function readDefaultRaw(): RawConfig {
  defaultRaw ??= parseRawConfig(readFileSync(DEFAULT_URL, 'utf8'), DEFAULT_NAME);
  return defaultRaw;
}

/** The shipped gitleaks rules (compiled once per engine choice). */
export function defaultSecretsConfig(options: SecretsConfigOptions = {}): SecretsConfig {
  const key = options.engine ?? 'auto';
  let config = defaultCompiled.get(key);
  if (!config) {
    config = compileConfig(readDefaultRaw(), DEFAULT_NAME, options);
    defaultCompiled.set(key, config);
  }
  return config;
}

/**
 * The shipped gitleaks rules followed by mlsec's ML rule pack (data/ml-secrets.toml: Weights & Biases,
 * Kaggle, MLflow, GCP service accounts, Replicate, Groq, LangSmith), compiled once per engine choice.
 * Throws SCAN_SECRETS_CONFIG_INVALID if a pack rule reuses a default rule id.
 */
export function mlSecretsConfig(options: SecretsConfigOptions = {}): SecretsConfig {
  const key = options.engine ?? 'auto';
  let config = mlCompiled.get(key);
  if (!config) {
    config = compileConfig(readShippedRaw(), ML_NAME, options);
    mlCompiled.set(key, config);
  }
  return config;
}

let shippedRaw: RawConfig | undefined;

/** The gitleaks defaults followed by the ML rule pack, uncompiled: what `[extend] useDefault` builds on. */
function readShippedRaw(): RawConfig {
  if (!shippedRaw) {
    const ml = parseRawConfig(readFileSync(ML_URL, 'utf8'), ML_NAME);
    const base = readDefaultRaw();
    const ids = new Set(base.rules.map((rule) => rule.id));
    const clash = ml.rules.find((rule) => ids.has(rule.id));
    if (clash) throw configError(ML_NAME, `rule ${clash.id}`, 'reuses a default rule id');
    shippedRaw = {
      rules: [...base.rules, ...ml.rules],
      allowlists: [...base.allowlists, ...ml.allowlists],
    };
    if (base.title !== undefined) shippedRaw.title = base.title;
  }
  return shippedRaw;
}

/**
 * Compile gitleaks TOML text. `[extend] useDefault = true` builds on the shipped rules; `[extend] path`
 * needs a file and therefore {@link loadSecretsConfig}. Throws MlsecError SCAN_SECRETS_* on a bad file.
 */
export function parseSecretsConfig(
  text: string,
  name = 'secrets config',
  options: SecretsConfigOptions = {},
): SecretsConfig {
  const raw = parseRawConfig(text, name);
  if (raw.extend?.path !== undefined) {
    throw configError(
      name,
      'extend.path',
      'needs a file: use loadSecretsConfig',
      'SCAN_SECRETS_EXTEND_FAILED',
    );
  }
  return compileConfig(resolveExtends([raw], name), name, options);
}

/** Read a gitleaks TOML file (and the files its [extend] path names, relative to it) and compile it. */
export async function loadSecretsConfig(
  file: string,
  options: SecretsConfigOptions = {},
): Promise<SecretsConfig> {
  const chain: RawConfig[] = [];
  let current = resolve(file);
  for (;;) {
    const raw = parseRawConfig(await readConfigText(current, chain.length > 0), current);
    chain.push(raw);
    const next = raw.extend?.path;
    if (next === undefined) break;
    if (chain.length > MAX_EXTEND_DEPTH) {
      throw configError(
        file,
        'extend',
        `extends nest deeper than ${MAX_EXTEND_DEPTH} levels`,
        'SCAN_SECRETS_EXTEND_FAILED',
      );
    }
    current = resolve(dirname(current), next);
  }
  return compileConfig(resolveExtends(chain, file), file, options);
}

async function readConfigText(path: string, extended: boolean): Promise<string> {
  const code = extended ? 'SCAN_SECRETS_EXTEND_FAILED' : 'SCAN_SECRETS_CONFIG_INVALID';
  let read;
  try {
    read = await readFileBounded(path, MAX_CONFIG_BYTES, { refuseLarger: true });
  } catch {
    throw configError(path, 'file', 'cannot be read', code);
  }
  if (!read) throw configError(path, 'file', 'does not exist or is not a regular file', code);
  if (read.truncated)
    throw configError(path, 'file', `is larger than ${MAX_CONFIG_BYTES} bytes`, code);
  return Buffer.from(read.bytes).toString('utf8');
}

/** Merge an [extend] chain (first element: the file the user named) into one raw config. */
function resolveExtends(chain: readonly RawConfig[], name: string): RawConfig {
  const last = chain[chain.length - 1]!;
  let base: RawConfig | undefined;
  if (last.extend?.useDefault) {
    if (chain.length > MAX_EXTEND_DEPTH) {
      throw configError(
        name,
        'extend',
        `extends nest deeper than ${MAX_EXTEND_DEPTH} levels`,
        'SCAN_SECRETS_EXTEND_FAILED',
      );
    }
    base = readShippedRaw();
  }
  for (let i = chain.length - 1; i >= 0; i--) {
    const config = chain[i]!;
    base = base ? mergeConfig(base, config) : config;
  }
  return base!;
}

/** `child` extends `base`: disabled rules go, same-id rules merge (child fields win, lists append). */
function mergeConfig(base: RawConfig, child: RawConfig): RawConfig {
  const disabled = new Set(child.extend?.disabledRules ?? []);
  const childById = new Map(child.rules.map((rule) => [rule.id, rule]));
  const rules: RawRule[] = [];
  for (const rule of base.rules) {
    if (disabled.has(rule.id)) continue;
    const over = childById.get(rule.id);
    rules.push(over ? mergeRule(rule, over) : rule);
  }
  const baseIds = new Set(base.rules.map((rule) => rule.id));
  for (const rule of child.rules) if (!baseIds.has(rule.id)) rules.push(rule);
  const merged: RawConfig = { rules, allowlists: [...base.allowlists, ...child.allowlists] };
  const title = child.title ?? base.title;
  if (title !== undefined) merged.title = title;
  return merged;
}

function mergeRule(base: RawRule, over: RawRule): RawRule {
  const out: RawRule = {
    ...base,
    keywords: [...new Set([...base.keywords, ...over.keywords])],
    tags: [...new Set([...base.tags, ...over.tags])],
    allowlists: [...base.allowlists, ...over.allowlists],
    hasRequired: base.hasRequired || over.hasRequired,
  };
  if (over.description !== undefined) out.description = over.description;
  if (over.regex !== undefined) out.regex = over.regex;
  if (over.path !== undefined) out.path = over.path;
  if (over.secretGroup !== undefined) out.secretGroup = over.secretGroup;
  if (over.entropy !== undefined) out.entropy = over.entropy;
  return out;
}

function compileConfig(raw: RawConfig, name: string, options: CompileOptions): SecretsConfig {
  const warnings: string[] = [];
  const targeted = new Map<string, SecretAllowlist[]>();
  const global: SecretAllowlist[] = [];
  raw.allowlists.forEach((list, i) => {
    const compiled = compileAllowlist(list, name, `allowlists[${i}]`, options);
    if (list.targetRules.length === 0) global.push(compiled);
    for (const id of list.targetRules) targeted.set(id, [...(targeted.get(id) ?? []), compiled]);
  });
  const rules = raw.rules.map((rule): SecretRule => {
    const at = `rule ${rule.id}`;
    if (rule.regex === undefined && rule.path === undefined) {
      throw configError(name, at, 'has neither regex nor path');
    }
    if (rule.hasRequired)
      warnings.push(
        `${snippet(rule.id)}: [[rules.required]] is not supported; the rule runs alone`,
      );
    const regex =
      rule.regex === undefined ? undefined : compileAt(rule.regex, name, `${at}: regex`, options);
    const groups = regex ? regex.groupCount : 0;
    const secretGroup = rule.secretGroup ?? 0;
    if (secretGroup > groups) {
      throw configError(
        name,
        `${at}: secretGroup`,
        `is ${secretGroup} but the regex has ${groups} groups`,
      );
    }
    const out: {
      -readonly [K in keyof SecretRule]: SecretRule[K];
    } = {
      id: rule.id,
      description: rule.description ?? rule.id,
      secretGroup,
      keywords: rule.keywords,
      tags: rule.tags,
      allowlists: [
        ...rule.allowlists.map((list, i) =>
          compileAllowlist(list, name, `${at}: allowlists[${i}]`, options),
        ),
        ...(targeted.get(rule.id) ?? []),
      ],
    };
    if (regex) out.regex = regex;
    if (rule.path !== undefined) out.path = compileAt(rule.path, name, `${at}: path`, options);
    if (rule.entropy !== undefined) out.entropy = rule.entropy;
    return out;
  });
  const config: { -readonly [K in keyof SecretsConfig]: SecretsConfig[K] } = {
    rules,
    allowlists: global,
    warnings,
  };
  if (raw.title !== undefined) config.title = raw.title;
  return config;
}

function compileAllowlist(
  list: RawAllowlist,
  name: string,
  at: string,
  options: CompileOptions,
): SecretAllowlist {
  const out: { -readonly [K in keyof SecretAllowlist]: SecretAllowlist[K] } = {
    condition: list.condition,
    regexTarget: list.regexTarget,
    regexes: list.regexes.map((r, i) => compileAt(r, name, `${at}.regexes[${i}]`, options)),
    paths: list.paths.map((r, i) => compileAt(r, name, `${at}.paths[${i}]`, options)),
    stopwords: list.stopwords,
    commits: list.commits,
  };
  if (list.description !== undefined) out.description = list.description;
  return out;
}

function compileAt(pattern: string, name: string, at: string, options: CompileOptions): GoRegex {
  try {
    return compileGoRegex(pattern, options);
  } catch (error) {
    const message = error instanceof Error ? error.message : 'not a valid RE2 pattern';
    throw configError(name, at, snippet(message, 160), 'SCAN_SECRETS_REGEX_INVALID');
  }
}
