import { fail, issue, ok, snippet } from '@mlsec/core';
import type { FormatIssue, ParseResult } from '@mlsec/core';
import { parseDocument } from 'yaml';
import { BOM_INPUT_IGNORED } from './issues.ts';
import { isPlainMap, toPlain } from './plain-yaml.ts';
import type { Dropped, PlainLimits, PlainMap } from './plain-yaml.ts';

const DELIMITER = /^---[ \t]*\r?$/;

/**
 * The YAML front matter of a Hugging Face model card (README.md): the lines between a first line `---`
 * and the next `---` line (https://huggingface.co/docs/hub/model-cards). Undefined when there is none.
 */
export function frontMatterText(readme: string, maxBytes: number): ParseResult<string> | undefined {
  const text = readme.startsWith('\uFEFF') ? readme.slice(1) : readme;
  const firstEnd = text.indexOf('\n');
  if (!DELIMITER.test(firstEnd < 0 ? text : text.slice(0, firstEnd))) return undefined;
  let start = firstEnd + 1;
  while (start > 0 && start <= text.length) {
    if (start - firstEnd > maxBytes) break;
    const end = text.indexOf('\n', start);
    const line = end < 0 ? text.slice(start) : text.slice(start, end);
    if (DELIMITER.test(line)) return ok(text.slice(firstEnd + 1, start));
    if (end < 0) break;
    start = end + 1;
  }
  const why =
    start - firstEnd > maxBytes ? `is over ${maxBytes} characters` : 'has no closing --- line';
  return fail([issue(BOM_INPUT_IGNORED, `README.md front matter ${why}; model card left out`)]);
}

/**
 * Parse front matter with the YAML core schema (no custom tags, so no constructors), then convert the
 * node tree with {@link toPlain} (aliases dropped, no prototype keys, bounded). Never throws.
 */
export function parseFrontMatter(yamlText: string, limits: PlainLimits): ParseResult<PlainMap> {
  try {
    const doc = parseDocument(yamlText, {
      schema: 'core',
      customTags: [],
      merge: false,
      prettyErrors: false,
      uniqueKeys: false,
    });
    const first = doc.errors[0];
    if (first !== undefined) {
      const where = snippet(`${first.code}: ${first.message}`, 160);
      return fail([issue(BOM_INPUT_IGNORED, `README.md front matter is not YAML (${where})`)]);
    }
    const dropped: Dropped = { aliases: 0, forbiddenKeys: 0, tooDeep: 0, tooMany: 0 };
    const value = toPlain(doc.contents, limits, dropped);
    if (!isPlainMap(value)) {
      return fail([issue(BOM_INPUT_IGNORED, 'README.md front matter is not a YAML mapping')]);
    }
    return ok(value, droppedIssues(dropped));
  } catch (error) {
    // The yaml package reports problems in doc.errors; this catches the rest (e.g. a stack overflow).
    const message = error instanceof Error ? error.message : 'YAML parser failure';
    return fail([issue(BOM_INPUT_IGNORED, `README.md front matter: ${snippet(message, 160)}`)]);
  }
}

function droppedIssues(dropped: Dropped): FormatIssue[] {
  const parts = [
    dropped.aliases > 0 ? `${dropped.aliases} alias(es)` : '',
    dropped.forbiddenKeys > 0
      ? `${dropped.forbiddenKeys} __proto__/constructor/prototype key(s)`
      : '',
    dropped.tooDeep > 0 ? `${dropped.tooDeep} value(s) nested too deeply` : '',
    dropped.tooMany > 0 ? `entries past the limit in ${dropped.tooMany} list(s)` : '',
  ].filter((p) => p !== '');
  if (parts.length === 0) return [];
  return [issue(BOM_INPUT_IGNORED, `README.md front matter: left out ${parts.join(', ')}`)];
}
