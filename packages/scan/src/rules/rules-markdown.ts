import { atlasLabel } from './atlas.ts';
import type { RuleDef } from './rule.ts';

/** docs/rules.md, generated from the catalogue (`npm run docs`; a test keeps the file in sync). */
export function rulesMarkdown(rules: readonly RuleDef[]): string {
  const families = [...new Set(rules.map((rule) => rule.id.split('/')[0] ?? ''))];
  const lines = [
    '# mlsec scan rules',
    '',
    '<!-- Generated from packages/scan/src/rules by `npm run docs`; do not edit by hand. -->',
    '',
    'Every finding carries one of these rule ids. Severity is the default; a detector may raise or lower',
    'it for one finding and says why in the message. ATLAS ids refer to MITRE ATLAS 5.6.0.',
    '',
    '| rule | severity | title |',
    '| --- | --- | --- |',
    ...rules.map(
      (rule) => `| [\`${rule.id}\`](#${anchor(rule.id)}) | ${rule.severity} | ${rule.title} |`,
    ),
    '',
  ];
  for (const family of families) {
    lines.push(`## ${family}`, '');
    for (const rule of rules.filter((r) => r.id.startsWith(`${family}/`))) {
      lines.push(`### ${rule.id}`, '');
      lines.push(`**Severity:** ${rule.severity}. **Title:** ${rule.title}.`, '');
      lines.push(rule.description, '');
      lines.push(`**Fix:** ${rule.fix}`, '');
      lines.push(`**MITRE ATLAS:** ${rule.atlas.map(atlasLabel).join('; ')}`, '');
      if (rule.cwe && rule.cwe.length > 0) lines.push(`**CWE:** ${rule.cwe.join(', ')}`, '');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function anchor(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9 -]/g, '');
}
