import { DENY_CATEGORIES } from './categories.ts';
import {
  ALLOWLIST_THEMES,
  CONFIG_MODULE_EXCLUSIONS,
  DEFAULT_CONFIG_MODULES,
  DEFAULT_DENYLIST,
} from './defaults.ts';

const BEGIN = '<!-- BEGIN GENERATED: default lists (packages/scan/src/policy/defaults) -->';
const END = '<!-- END GENERATED -->';

function code(items: readonly string[]): string {
  return items.map((item) => `\`${item}\``).join(', ');
}

function allowSection(): string[] {
  const lines = ['### Default allowlist', ''];
  for (const theme of ALLOWLIST_THEMES) {
    lines.push(`**${theme.title}** (${theme.entries.length}): ${code(theme.entries)}`, '');
  }
  return lines;
}

function denySection(): string[] {
  const lines = ['### Default denylist', ''];
  for (const [category, summary] of Object.entries(DENY_CATEGORIES)) {
    const entries = DEFAULT_DENYLIST.filter((entry) => entry.category === category);
    if (entries.length === 0) continue;
    lines.push(`#### ${category}`, '', `${summary}`, '', '| patterns | reason |', '| --- | --- |');
    const byReason = new Map<string, string[]>();
    for (const entry of entries) {
      byReason.set(entry.reason, [...(byReason.get(entry.reason) ?? []), entry.pattern]);
    }
    for (const [reason, patterns] of byReason) {
      lines.push(`| ${code(patterns)} | ${reason.replaceAll('|', '\\|')} |`);
    }
    lines.push('');
  }
  return lines;
}

function configSection(): string[] {
  return [
    '### Default Keras config modules',
    '',
    `Allowed: ${code(DEFAULT_CONFIG_MODULES)}.`,
    '',
    `Excluded even so: ${code(CONFIG_MODULE_EXCLUSIONS)}.`,
  ];
}

/** The generated part of docs/policy.md: every default list, from the code. */
export function policyListsMarkdown(): string {
  const denied = DEFAULT_DENYLIST.length;
  const allowed = ALLOWLIST_THEMES.reduce((n, theme) => n + theme.entries.length, 0);
  return [
    BEGIN,
    '',
    `${allowed} allow patterns and ${denied} deny patterns.`,
    '',
    ...allowSection(),
    ...denySection(),
    ...configSection(),
    '',
    END,
  ].join('\n');
}

/**
 * docs/policy.md with its generated block (between the BEGIN and END markers) replaced by
 * {@link policyListsMarkdown}; the hand-written text around it is kept. Throws if the markers are
 * missing (a programmer error in the document).
 */
export function updatePolicyMarkdown(document: string): string {
  const start = document.indexOf(BEGIN);
  const end = document.indexOf(END);
  if (start < 0 || end < start) throw new Error('docs/policy.md lacks the generated-block markers');
  return `${document.slice(0, start)}${policyListsMarkdown()}${document.slice(end + END.length)}`;
}
