import { atlasLabel } from './atlas.ts';
import type { RuleDef } from './rule.ts';
import { secretRuleDef, shippedSecretRules } from './secrets.ts';

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
    if (family === 'secrets') lines.push(...secretRulesSection());
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** One entry for every gitleaks-format rule: the shared text, then the shipped rules as a table. */
function secretRulesSection(): string[] {
  const example = secretRuleDef('<id>', 'the rule description');
  const rows = [...shippedSecretRules().values()].map(
    (rule) =>
      `| \`secrets/${rule.id}\` | ${secretRuleDef(rule.id).severity} | ${rule.source} | ${rule.description.replace(/\|/g, '\\|')} |`,
  );
  return [
    '### secrets/&lt;rule id&gt;',
    '',
    `**Severity:** high (medium for \`generic-api-key\`). **Title:** the rule's description.`,
    '',
    example.description.replace('`<id>`', 'of that id'),
    '',
    `**Fix:** ${example.fix}`,
    '',
    `**MITRE ATLAS:** ${example.atlas.map(atlasLabel).join('; ')}`,
    '',
    `**CWE:** ${(example.cwe ?? []).join(', ')}`,
    '',
    'Shipped rules: `gitleaks` from gitleaks 8 (`packages/scan/data/gitleaks`, MIT licence) and `mlsec` ' +
      'from our ML rule pack (`packages/scan/data/ml-secrets.toml`). `--secrets-config FILE` replaces ' +
      'them, or adds to them with `[extend] useDefault = true`.',
    '',
    '| rule | severity | source | description |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ];
}

function anchor(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9 -]/g, '');
}
