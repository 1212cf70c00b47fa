import { MlsecError, readFileBounded, snippet } from '@mlsec/core';
import type { z } from 'zod';
import { gatePolicySchema } from './policy-schema.ts';
import { trustProblems } from './trust.ts';
import type { GatePolicy } from './policy-schema.ts';
import { readYamlDocument } from '@mlsec/scan';
import type { YamlProblem as PolicyProblem } from '@mlsec/scan';

/** Largest gate policy file read. */
export const MAX_POLICY_BYTES = 256 * 1024;

/** The outcome of parseGatePolicy(): the policy, or every problem with its path. */
export type GatePolicyParse =
  | { readonly ok: true; readonly policy: GatePolicy }
  | { readonly ok: false; readonly problems: readonly PolicyProblem[] };

function pathOf(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += out === '' ? String(s) : `.${String(s)}`;
  }
  return snippet(out, 160);
}

/** Turn a zod issue into problems; an unknown key becomes a problem at that key's own path. */
function problemsOf(issue: z.core.$ZodIssue): PolicyProblem[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: pathOf([...issue.path, key]), reason: 'unknown key' }));
  }
  if (issue.code === 'invalid_key') {
    return [
      {
        path: pathOf(issue.path),
        reason: 'is not a valid name: letters, digits, . _ : - (1 to 64)',
      },
    ];
  }
  if (issue.code === 'invalid_value' && issue.values.length === 1) {
    return [{ path: pathOf(issue.path), reason: `must be ${String(issue.values[0])}` }];
  }
  if (issue.code === 'invalid_value') {
    return [
      { path: pathOf(issue.path), reason: `must be one of ${issue.values.map(String).join(', ')}` },
    ];
  }
  return [{ path: pathOf(issue.path), reason: snippet(issue.message, 200) }];
}

/** Validate gate policy text (YAML or JSON). Never throws; problems name the path and the reason. */
export function parseGatePolicy(text: string): GatePolicyParse {
  if (text.length > MAX_POLICY_BYTES) {
    return { ok: false, problems: [{ path: '', reason: `larger than ${MAX_POLICY_BYTES} bytes` }] };
  }
  const read = readYamlDocument(text);
  if (!read.ok)
    return {
      ok: false,
      problems: [{ path: snippet(read.problem.path, 160), reason: read.problem.reason }],
    };
  const parsed = gatePolicySchema.safeParse(read.value);
  if (parsed.success) {
    const problems = trustProblems(parsed.data);
    return problems.length === 0 ? { ok: true, policy: parsed.data } : { ok: false, problems };
  }
  return { ok: false, problems: parsed.error.issues.flatMap(problemsOf) };
}

/** One line per problem: `path: reason` (`(document)` for the whole file). */
export function formatProblems(problems: readonly PolicyProblem[]): string {
  return problems.map((p) => `${p.path === '' ? '(document)' : p.path}: ${p.reason}`).join('\n');
}

/** parseGatePolicy(), throwing MlsecError('REGISTRY_GATE_POLICY_INVALID') listing every problem. */
export function requireGatePolicy(text: string, source = 'gate policy'): GatePolicy {
  const parsed = parseGatePolicy(text);
  if (parsed.ok) return parsed.policy;
  throw new MlsecError(
    'REGISTRY_GATE_POLICY_INVALID',
    `${snippet(source, 120)} is invalid:\n${formatProblems(parsed.problems)}`,
  );
}

/** Read and validate a gate policy file (at most MAX_POLICY_BYTES of UTF-8). */
export async function loadGatePolicy(path: string): Promise<GatePolicy> {
  const file = await readFileBounded(path, MAX_POLICY_BYTES, { refuseLarger: true });
  const where = snippet(path, 120);
  if (file === undefined)
    throw new MlsecError('REGISTRY_GATE_POLICY_INVALID', `${where} is not a readable file`);
  if (file.truncated)
    throw new MlsecError(
      'REGISTRY_GATE_POLICY_INVALID',
      `${where} is larger than ${MAX_POLICY_BYTES} bytes`,
    );
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
  } catch {
    throw new MlsecError('REGISTRY_GATE_POLICY_INVALID', `${where} is not UTF-8 text`);
  }
  return requireGatePolicy(text, path);
}
