import { fail, issue, ok, snippet } from '@mlsec/core';
import type { ParseResult } from '@mlsec/core';
import { isScalar, isSeq, parseDocument } from 'yaml';
import { MODEL_CARD_KEYS } from './layout.ts';

/** What the review needs from a model card's metadata. */
export interface CardMetadata {
  /** Has at least one model-card key: this README describes a model. */
  readonly isModelCard: boolean;
  /** `license:` (several ids joined with ', '), when declared. */
  readonly license?: string;
  readonly licenseName?: string;
  readonly licenseLink?: string;
}

const DELIMITER = /^---[ \t]*$/;

/**
 * The YAML front matter of a README.md (https://huggingface.co/docs/hub/model-cards): the text between a
 * first line `---` and the next line `---`. Undefined when the README has none.
 */
export function frontMatterOf(readme: string, maxBytes: number): ParseResult<string> | undefined {
  const text = readme.replace(/^\uFEFF/, '');
  const lines = text.split('\n', 4096);
  if (!DELIMITER.test((lines[0] ?? '').replace(/\r$/, ''))) return undefined;
  let size = 0;
  for (let i = 1; i < lines.length; i += 1) {
    const line = (lines[i] ?? '').replace(/\r$/, '');
    if (DELIMITER.test(line)) return ok(lines.slice(1, i).join('\n'));
    size += Buffer.byteLength(line, 'utf8') + 1;
    if (size > maxBytes)
      return fail([issue('HF_FRONT_MATTER_TOO_LARGE', `front matter over ${maxBytes} bytes`)]);
  }
  return fail([issue('HF_FRONT_MATTER_UNTERMINATED', 'front matter has no closing --- line')]);
}

/** A scalar or a list of scalars, as text; undefined for anything else. */
function textOf(node: unknown): string | undefined {
  const one = (n: unknown): string | undefined => {
    if (!isScalar(n)) return undefined;
    const v = n.value;
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
      ? String(v)
      : undefined;
  };
  if (isSeq(node)) {
    const items = node.items.slice(0, 32).map(one);
    return items.every((s) => s !== undefined) && items.length > 0 ? items.join(', ') : undefined;
  }
  return one(node);
}

/**
 * Parse front matter with the YAML core schema (no custom tags, so no constructors of any kind) and read
 * only the keys the review needs from the node tree: nothing is converted with toJS, so aliases are never
 * expanded (no "billion laughs") and no key ever reaches a plain object (no prototype pollution).
 * Never throws.
 */
export function parseCardMetadata(yamlText: string): ParseResult<CardMetadata> {
  try {
    const doc = parseDocument(yamlText, {
      schema: 'core',
      customTags: [],
      merge: false,
      prettyErrors: false,
      uniqueKeys: true,
    });
    const first = doc.errors[0];
    if (first !== undefined) {
      return fail([
        issue(
          'HF_YAML_SYNTAX',
          snippet(`${first.code}: ${first.message}`, 160),
          first.pos[0],
          true,
        ),
      ]);
    }
    const get = (key: string): string | undefined => textOf(doc.get(key, true));
    const isModelCard = MODEL_CARD_KEYS.some((key) => doc.has(key));
    const value: { -readonly [K in keyof CardMetadata]: CardMetadata[K] } = { isModelCard };
    const license = get('license');
    const licenseName = get('license_name');
    const licenseLink = get('license_link');
    if (license !== undefined) value.license = license;
    if (licenseName !== undefined) value.licenseName = licenseName;
    if (licenseLink !== undefined) value.licenseLink = licenseLink;
    return ok(value);
  } catch (error) {
    // The yaml package reports problems in doc.errors; this is a last line of defence (e.g. a stack limit).
    const message = error instanceof Error ? error.message : 'YAML parser failure';
    return fail([issue('HF_YAML_SYNTAX', snippet(message, 160), undefined, true)]);
  }
}
