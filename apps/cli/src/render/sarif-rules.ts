import type { Severity } from '@mlsec/core';
import type { RuleDef } from '@mlsec/scan';
import type { SarifLevel, SarifRule } from './sarif-types.ts';

/**
 * GitHub code scanning's `security-severity` per severity. GitHub reads "over 9.0" as critical, 7.0–8.9
 * high, 4.0–6.9 medium, 0.1–3.9 low, and 0.0 as no security severity; each value sits mid-band so
 * rounding cannot tip it over an edge. `info` rules carry none: they are not security alerts, and
 * GitHub then sorts them by `level` alone.
 */
export const SECURITY_SEVERITY: Readonly<Record<Severity, string | undefined>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: undefined,
};

/** Result level (SARIF §3.27.10) per severity, as architecture.md's CLI contract fixes it. */
export const SARIF_LEVEL: Readonly<Record<Severity, SarifLevel>> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** GitHub limits: 1024 characters per description, 255 per rule name, 20 tags per rule (more is rejected). */
const LIMITS = { description: 1024, name: 255, tags: 20 } as const;

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 2)) ? max - 2 : max - 1; // keep pairs whole
  return `${text.slice(0, end)}…`;
}

/** `pickle/dangerous-callable` → `PickleDangerousCallable` (SARIF reportingDescriptor.name: a readable identifier). */
export function ruleName(id: string): string {
  const words = id.split(/[^A-Za-z0-9]+/).filter((word) => word !== '');
  const name = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
  return clip(name === '' ? 'MlsecRule' : name, LIMITS.name);
}

/** `CWE-502` → `external/cwe/cwe-502`, the tag form GitHub and CodeQL use. */
export function cweTag(cwe: string): string {
  const number = /^(?:CWE-)?(\d+)$/i.exec(cwe.trim())?.[1];
  return number === undefined ? cwe : `external/cwe/cwe-${number}`;
}

/** Tags GitHub filters by: `security`, the rule family, ATLAS ids, CWE tags, the rule's own; unique. */
export function ruleTags(rule: RuleDef): string[] {
  const family = rule.id.split('/')[0] ?? rule.id;
  const tags = [
    'security',
    family,
    ...rule.atlas,
    ...(rule.cwe ?? []).map(cweTag),
    ...(rule.tags ?? []),
  ];
  return [...new Set(tags.filter((tag) => tag !== ''))].slice(0, LIMITS.tags);
}

/** Help for GitHub's alert page: description, fix, then ATLAS and CWE links. */
function helpMarkdown(rule: RuleDef): string {
  const parts = [rule.description, `**Fix:** ${rule.fix}`];
  if (rule.atlas.length > 0) {
    const links = rule.atlas.map((id) => `[${id}](https://atlas.mitre.org/techniques/${id})`);
    parts.push(`**MITRE ATLAS:** ${links.join(', ')}`);
  }
  const cwes = (rule.cwe ?? []).flatMap((cwe) => {
    const number = /^(?:CWE-)?(\d+)$/i.exec(cwe.trim())?.[1];
    return number === undefined
      ? []
      : [`[CWE-${number}](https://cwe.mitre.org/data/definitions/${number}.html)`];
  });
  if (cwes.length > 0) parts.push(`**CWE:** ${cwes.join(', ')}`);
  return parts.join('\n\n');
}

/** A catalogue entry as a SARIF reportingDescriptor (§3.49) with GitHub's properties. */
export function sarifRule(rule: RuleDef): SarifRule {
  const securitySeverity = SECURITY_SEVERITY[rule.severity];
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: clip(rule.title, LIMITS.description) },
    fullDescription: { text: clip(rule.description, LIMITS.description) },
    help: { text: rule.fix, markdown: helpMarkdown(rule) },
    defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
    properties: {
      tags: ruleTags(rule),
      ...(securitySeverity !== undefined ? { 'security-severity': securitySeverity } : {}),
    },
  };
}

/**
 * A stand-in catalogue entry for a rule id the report did not describe (a scanner bug): the log stays
 * valid and uploadable instead of losing every other result.
 */
export function unknownRule(id: string, severity: Severity): RuleDef {
  return {
    id,
    severity,
    title: id,
    description: `mlsec rule ${id}; it has no catalogue entry in this report.`,
    fix: 'See docs/rules.md in the mlsec repository.',
    atlas: [],
  };
}
