import { MlsecError, snippet } from '@mlsec/core';
import type { ErrorCode } from '@mlsec/core';
import { parse } from 'smol-toml';

/** The uncompiled shape of a gitleaks TOML file, after type checks. Used to merge [extend] chains. */
export interface RawAllowlist {
  description?: string;
  condition: 'OR' | 'AND';
  regexTarget: 'secret' | 'match' | 'line';
  regexes: string[];
  paths: string[];
  stopwords: string[];
  commits: string[];
  targetRules: string[];
}

export interface RawRule {
  id: string;
  description?: string;
  regex?: string;
  secretGroup?: number;
  entropy?: number;
  keywords: string[];
  path?: string;
  tags: string[];
  allowlists: RawAllowlist[];
  hasRequired: boolean;
}

export interface RawConfig {
  title?: string;
  rules: RawRule[];
  allowlists: RawAllowlist[];
  extend?: { useDefault: boolean; path?: string; disabledRules: string[] };
}

/** Most rules one file may hold (the default has 222). */
export const MAX_RULES = 5_000;

type Table = Record<string, unknown>;

export function configError(
  name: string,
  where: string,
  problem: string,
  code?: ErrorCode,
): MlsecError {
  return new MlsecError(
    code ?? 'SCAN_SECRETS_CONFIG_INVALID',
    `${snippet(name)}: ${snippet(where)}: ${problem}`,
  );
}

/** Parse and type-check one gitleaks TOML text. Throws MlsecError SCAN_SECRETS_CONFIG_INVALID. */
export function parseRawConfig(text: string, name: string): RawConfig {
  let doc: Table;
  try {
    doc = parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : 'unreadable';
    throw configError(name, 'TOML', snippet(message));
  }
  const fields = new Fields(name);
  const rulesValue = doc['rules'] ?? [];
  if (!Array.isArray(rulesValue))
    throw configError(name, 'rules', 'must be an array of tables ([[rules]])');
  if (rulesValue.length > MAX_RULES)
    throw configError(name, 'rules', `more than ${MAX_RULES} rules`);
  const rules = rulesValue.map((value, index) => rawRule(fields, value, `rules[${index}]`));
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.id)) throw configError(name, `rule ${rule.id}`, 'the id is used twice');
    seen.add(rule.id);
  }
  const out: RawConfig = {
    rules,
    allowlists: allowlistsOf(fields, doc, 'allowlist', 'allowlists', 'global'),
  };
  const title = fields.optString(doc, 'title', 'title');
  if (title !== undefined) out.title = title;
  const extend = doc['extend'];
  if (extend !== undefined) {
    const table = fields.table(extend, 'extend');
    const path = fields.optString(table, 'path', 'extend.path');
    out.extend = {
      useDefault: fields.optBool(table, 'useDefault', 'extend.useDefault') ?? false,
      disabledRules: fields.strings(table, 'disabledRules', 'extend.disabledRules'),
    };
    if (path !== undefined) out.extend.path = path;
    if (out.extend.useDefault && path !== undefined) {
      throw configError(name, 'extend', 'set useDefault or path, not both');
    }
  }
  return out;
}

function rawRule(fields: Fields, value: unknown, where: string): RawRule {
  const table = fields.table(value, where);
  const id = fields.optString(table, 'id', `${where}.id`);
  if (id === undefined || id === '') throw configError(fields.name, where, 'id is missing');
  const at = `rule ${id}`;
  const rule: RawRule = {
    id,
    keywords: fields.strings(table, 'keywords', `${at}: keywords`).map((k) => k.toLowerCase()),
    tags: fields.strings(table, 'tags', `${at}: tags`),
    allowlists: allowlistsOf(fields, table, 'allowlist', 'allowlists', at),
    hasRequired: table['required'] !== undefined,
  };
  const description = fields.optString(table, 'description', `${at}: description`);
  if (description !== undefined) rule.description = description;
  const regex = fields.optString(table, 'regex', `${at}: regex`);
  if (regex !== undefined) rule.regex = regex;
  const path = fields.optString(table, 'path', `${at}: path`);
  if (path !== undefined) rule.path = path;
  const group = fields.optNumber(table, 'secretGroup', `${at}: secretGroup`);
  if (group !== undefined) {
    if (!Number.isInteger(group) || group < 0) {
      throw configError(fields.name, `${at}: secretGroup`, 'must be a whole number ≥ 0');
    }
    rule.secretGroup = group;
  }
  const entropy = fields.optNumber(table, 'entropy', `${at}: entropy`);
  if (entropy !== undefined) {
    if (!(entropy >= 0 && entropy <= 64)) {
      throw configError(fields.name, `${at}: entropy`, 'must be a number from 0 to 64');
    }
    rule.entropy = entropy;
  }
  return rule;
}

function allowlistsOf(
  fields: Fields,
  table: Table,
  single: string,
  many: string,
  at: string,
): RawAllowlist[] {
  const out: RawAllowlist[] = [];
  if (table[single] !== undefined)
    out.push(rawAllowlist(fields, table[single], `${at}: ${single}`));
  const list = table[many];
  if (list !== undefined) {
    if (!Array.isArray(list))
      throw configError(fields.name, `${at}: ${many}`, 'must be an array of tables');
    list.forEach((value, i) => out.push(rawAllowlist(fields, value, `${at}: ${many}[${i}]`)));
  }
  return out;
}

function rawAllowlist(fields: Fields, value: unknown, where: string): RawAllowlist {
  const table = fields.table(value, where);
  const condition = (
    fields.optString(table, 'condition', `${where}.condition`) ?? 'OR'
  ).toUpperCase();
  if (condition !== 'OR' && condition !== 'AND') {
    throw configError(fields.name, `${where}.condition`, 'must be OR or AND');
  }
  const target = fields.optString(table, 'regexTarget', `${where}.regexTarget`) ?? 'secret';
  if (target !== 'secret' && target !== 'match' && target !== 'line') {
    throw configError(fields.name, `${where}.regexTarget`, 'must be secret, match or line');
  }
  const out: RawAllowlist = {
    condition,
    regexTarget: target,
    regexes: fields.strings(table, 'regexes', `${where}.regexes`),
    paths: fields.strings(table, 'paths', `${where}.paths`),
    stopwords: fields.strings(table, 'stopwords', `${where}.stopwords`).map((s) => s.toLowerCase()),
    commits: fields.strings(table, 'commits', `${where}.commits`),
    targetRules: fields.strings(table, 'targetRules', `${where}.targetRules`),
  };
  const description = fields.optString(table, 'description', `${where}.description`);
  if (description !== undefined) out.description = description;
  if (out.regexes.length + out.paths.length + out.stopwords.length + out.commits.length === 0) {
    throw configError(fields.name, where, 'has no regexes, paths, stopwords or commits');
  }
  return out;
}

/** Typed field readers that name the file and the field in their errors. */
class Fields {
  readonly name: string;

  constructor(name: string) {
    this.name = name;
  }

  table(value: unknown, where: string): Table {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw configError(this.name, where, 'must be a table');
    }
    return value as Table;
  }

  optString(table: Table, key: string, where: string): string | undefined {
    const value = table[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw configError(this.name, where, 'must be a string');
    return value;
  }

  optNumber(table: Table, key: string, where: string): number | undefined {
    const value = table[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw configError(this.name, where, 'must be a number');
    }
    return value;
  }

  optBool(table: Table, key: string, where: string): boolean | undefined {
    const value = table[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') throw configError(this.name, where, 'must be true or false');
    return value;
  }

  strings(table: Table, key: string, where: string): string[] {
    const value = table[key];
    if (value === undefined) return [];
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
      throw configError(this.name, where, 'must be an array of strings');
    }
    return value;
  }
}
