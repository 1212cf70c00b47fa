import { readYamlDocument } from './yaml-document.ts';
import type { PlainValue } from './yaml-document.ts';

export type { PlainValue } from './yaml-document.ts';

/** Scan policies are three levels deep; anything far deeper is not a policy. */
const MAX_DEPTH = 8;

/**
 * Parse policy file text (YAML 1.2, of which JSON is a subset) into plain data with readYamlDocument's
 * rules. Never throws; an error names the path of the problem, or the line and column of a syntax one.
 */
export function readPolicyDocument(
  content: string,
):
  | { readonly ok: true; readonly value: PlainValue }
  | { readonly ok: false; readonly error: string } {
  const read = readYamlDocument(content, { maxDepth: MAX_DEPTH });
  if (read.ok) return read;
  const { path, reason } = read.problem;
  return { ok: false, error: path === '' ? reason : `${path}: ${reason}` };
}
