import { issue, readFileBounded } from '@mlsec/core';
import type { FormatIssue } from '@mlsec/core';
import { cardFields } from './card-fields.ts';
import type { CardFields } from './card-fields.ts';
import { frontMatterText, parseFrontMatter } from './front-matter.ts';
import { BOM_INPUT_IGNORED } from './issues.ts';
import type { BomLimits } from './limits.ts';
import { readModelConfig } from './model-config.ts';
import type { ConfigFields } from './model-config.ts';

/**
 * The model card fields from README.md's front matter, or undefined when there is no README, no front
 * matter, or it cannot be read (then an issue says why). Reads at most `limits.readmeBytes`.
 */
export async function readCard(
  path: string,
  limits: BomLimits,
  issues: FormatIssue[],
): Promise<CardFields | undefined> {
  const read = await readFileBounded(path, limits.readmeBytes);
  if (read === undefined) return undefined;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(read.bytes);
  const front = frontMatterText(text, limits.frontMatterBytes);
  if (front === undefined) return undefined;
  if (!front.ok) {
    issues.push(...front.issues);
    return undefined;
  }
  const parsed = parseFrontMatter(front.value, {
    depth: limits.yamlDepth,
    items: limits.yamlItems,
  });
  issues.push(...parsed.issues);
  return parsed.ok ? cardFields(parsed.value, limits) : undefined;
}

/** config.json's fields, or undefined when absent or unreadable (with an issue). */
export async function readConfig(
  path: string,
  limits: BomLimits,
  issues: FormatIssue[],
): Promise<ConfigFields | undefined> {
  const read = await readFileBounded(path, limits.configBytes, { refuseLarger: true });
  if (read === undefined) return undefined;
  if (read.truncated) {
    issues.push(issue(BOM_INPUT_IGNORED, `config.json left out: over ${limits.configBytes} bytes`));
    return undefined;
  }
  const parsed = readModelConfig(read.bytes, limits);
  issues.push(...parsed.issues);
  return parsed.ok ? parsed.value : undefined;
}
