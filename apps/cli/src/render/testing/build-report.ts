import { fingerprintOf } from '@mlsec/core';
import type { Evidence, Finding, Location, Severity } from '@mlsec/core';
import type { RuleDef, ScanReport } from '@mlsec/scan';

/** A catalogue entry for tests: `family/name` with a title, description and fix derived from the id. */
export function rule(id: string, severity: Severity, extra: Partial<RuleDef> = {}): RuleDef {
  return {
    id,
    severity,
    title: `Title of ${id}`,
    description: `What ${id} means.`,
    fix: `How to fix ${id}.`,
    atlas: ['AML.T0011.000'],
    ...extra,
  };
}

interface FindingInput {
  readonly ruleId?: string;
  readonly severity?: Severity;
  readonly message?: string;
  readonly location?: Location;
  readonly evidence?: Evidence;
  readonly atlas?: readonly string[];
  readonly cwe?: readonly string[];
}

/** A finding with a real fingerprint (fingerprintOf over rule, location and string evidence). */
export function finding(input: FindingInput = {}): Finding {
  const ruleId = input.ruleId ?? 'pickle/dangerous-callable';
  const location = input.location ?? { path: 'models/model.pkl' };
  const key = Object.entries(input.evidence ?? {}).map(
    ([name, value]) => `${name}=${String(value)}`,
  );
  return {
    ruleId,
    severity: input.severity ?? 'critical',
    message: input.message ?? 'Pickle calls posix.system when loaded.',
    location,
    ...(input.evidence !== undefined ? { evidence: input.evidence } : {}),
    ...(input.atlas !== undefined ? { atlas: input.atlas } : {}),
    ...(input.cwe !== undefined ? { cwe: input.cwe } : {}),
    fingerprint: fingerprintOf(ruleId, location, key),
  };
}

/** A report over `findings`; its rules are built from the findings' rule ids unless given. */
export function report(
  findings: readonly Finding[],
  extra: { readonly rules?: readonly RuleDef[]; readonly targets?: readonly string[] } = {},
): ScanReport {
  const rules = extra.rules ?? [
    ...new Map(findings.map((f) => [f.ruleId, rule(f.ruleId, f.severity)])).values(),
  ];
  return {
    tool: { name: 'mlsec', version: '0.1.0' },
    targets: extra.targets ?? ['.'],
    findings,
    rules,
    stats: { files: 12, bytes: 3_456_789, artifacts: 15, durationMs: 1234 },
  };
}

/**
 * One finding of every severity and location shape: members, byte offset, line and column, notebook
 * cell, JSON pointer, hostile text (ANSI escape, newline, bidi override) and intact Unicode.
 */
export function sampleFindings(): Finding[] {
  return [
    finding({
      location: {
        path: 'release.tar.gz',
        member: ['model/pytorch_model.bin', 'archive/data.pkl'],
        offset: 418,
      },
      evidence: { global: 'posix.system', opcode: 'REDUCE' },
      atlas: ['AML.T0011.000', 'AML.T0010.003'],
      cwe: ['CWE-502'],
    }),
    finding({
      ruleId: 'pickle/unknown-global',
      severity: 'high',
      message: 'Pickle imports \u001b[31mevil\u001b[0m.\nthing from an unknown module.',
      location: { path: 'models/模型 weights.pkl', offset: 0 },
      evidence: { global: 'evil\u202e.thing' },
    }),
    finding({
      ruleId: 'config/insecure-setting',
      severity: 'medium',
      message: 'trust_remote_code is enabled for café-模型 🚀.',
      location: { path: 'configs/train.yaml', line: 12, column: 5 },
    }),
    finding({
      ruleId: 'notebook/shell-command',
      severity: 'low',
      message: 'Notebook runs a shell command.',
      location: { path: 'notebooks/explore.ipynb', cell: 3, line: 2 },
      evidence: { command: 'curl x | sh' },
    }),
    finding({
      ruleId: 'hf/config-pointer',
      severity: 'info',
      message: 'Config names a custom class',
      location: { path: 'config.json', pointer: '/auto_map/AutoModel' },
    }),
  ];
}
