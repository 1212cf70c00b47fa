// The acceptance test of the scanner against real artifacts: every sample in fixtures/manifest.json
// (made by the real producers, see fixtures/README.md) is scanned, and
// - every malicious sample has a finding at high or critical, at the expected member, naming the
//   offending global or construct;
// - no benign sample has a finding at high or critical;
// - every malformed sample yields at least one finding, and nothing crashes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isAtLeast } from '@mlsec/core';
import type { Finding } from '@mlsec/core';
import { scanPaths } from './scan.ts';
import type { ScanReport } from './report.ts';

interface Sample {
  readonly path: string;
  readonly kind: 'malicious' | 'benign' | 'malformed';
  readonly expect?: { readonly mentions?: readonly string[]; readonly member?: string };
  readonly why?: string;
}

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const manifest = JSON.parse(readFileSync(join(repo, 'fixtures/manifest.json'), 'utf8')) as Sample[];

function findingsFor(report: ScanReport, sample: Sample): Finding[] {
  const path = `fixtures/samples/${sample.path}`.replace(/\/$/, '');
  return report.findings.filter(
    (f) => f.location.path === path || f.location.path.startsWith(`${path}/`),
  );
}

function mentions(finding: Finding, words: readonly string[]): boolean {
  const text = [
    finding.message,
    ...Object.values(finding.evidence ?? {}).map(String),
    ...(finding.location.member ?? []),
  ]
    .join(' ')
    .toLowerCase();
  return words.some((word) => text.includes(word.toLowerCase()));
}

describe('scanning the fixtures made by the real producers', () => {
  let report: ScanReport;
  before(async () => {
    report = await scanPaths(['fixtures/samples'], { cwd: repo, jobs: 2 });
  });

  it('covers every kind of sample', () => {
    for (const kind of ['malicious', 'benign', 'malformed'] as const) {
      assert.ok(manifest.filter((s) => s.kind === kind).length > 0, `no ${kind} samples`);
    }
    assert.ok(report.stats.files >= manifest.length);
  });

  for (const sample of manifest) {
    if (sample.kind === 'malicious') {
      it(`reports ${sample.path} at high or critical`, () => {
        const high = findingsFor(report, sample).filter((f) => isAtLeast(f.severity, 'high'));
        assert.ok(
          high.length > 0,
          `no high/critical finding for ${sample.path} (${sample.why ?? ''})`,
        );
        const expectation = sample.expect ?? {};
        const words = expectation.mentions ?? [];
        const matching = high.filter(
          (f) =>
            (words.length === 0 || mentions(f, words)) &&
            (expectation.member === undefined ||
              (f.location.member ?? []).includes(expectation.member)),
        );
        assert.ok(
          matching.length > 0,
          `${sample.path}: no high finding mentioning ${words.join('|')}${expectation.member ? ` at member ${expectation.member}` : ''}; got ${high.map((f) => `${f.ruleId} ${f.message} [${(f.location.member ?? []).join(' > ')}]`).join('; ')}`,
        );
        for (const f of matching) assert.match(f.ruleId, /^[a-z0-9-]+\/[a-z0-9-]+$/);
      });
    } else if (sample.kind === 'benign') {
      it(`does not report ${sample.path} at high or critical`, () => {
        const high = findingsFor(report, sample).filter((f) => isAtLeast(f.severity, 'high'));
        assert.deepEqual(
          high.map((f) => `${f.ruleId}: ${f.message}`),
          [],
          `${sample.path} is benign (${sample.why ?? ''})`,
        );
        // Suspicious-but-not-dangerous samples name what must still be reported below high.
        const words = sample.expect?.mentions ?? [];
        if (words.length > 0) {
          assert.ok(
            findingsFor(report, sample).some((f) => mentions(f, words)),
            `${sample.path}: expected a finding mentioning ${words.join('|')}`,
          );
        }
      });
    } else {
      it(`reports malformed ${sample.path} without crashing`, () => {
        const found = findingsFor(report, sample);
        assert.ok(found.length > 0, `no finding for malformed ${sample.path}`);
        assert.ok(
          !found.some((f) => f.ruleId === 'scan/internal-error'),
          `${sample.path}: a detector crashed`,
        );
      });
    }
  }
});
