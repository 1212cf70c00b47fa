import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countBySeverity, formatBytes, formatDuration, summaryLines } from './summary.ts';
import { finding, report } from './testing/build-report.ts';

describe('formatBytes', () => {
  it('uses decimal units with one decimal below ten', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(999), '999 B');
    assert.equal(formatBytes(1500), '1.5 kB');
    assert.equal(formatBytes(3_456_789), '3.5 MB');
    assert.equal(formatBytes(42_000_000_000), '42 GB');
  });

  it('does not print NaN for nonsense input', () => {
    assert.equal(formatBytes(Number.NaN), '0 B');
  });
});

describe('formatDuration', () => {
  it('picks milliseconds, seconds or minutes', () => {
    assert.equal(formatDuration(850), '850 ms');
    assert.equal(formatDuration(1234), '1.2 s');
    assert.equal(formatDuration(125_000), '2 min 5 s');
  });
});

describe('countBySeverity', () => {
  it('counts every severity, zero when absent', () => {
    const findings = [
      finding({ severity: 'high' }),
      finding({ severity: 'high' }),
      finding({ severity: 'info' }),
    ];
    assert.deepEqual(countBySeverity(findings), {
      critical: 0,
      high: 2,
      medium: 0,
      low: 0,
      info: 1,
    });
  });
});

describe('summaryLines', () => {
  describe('when there is one finding and one file', () => {
    it('uses the singular', () => {
      const one = {
        ...report([finding({ severity: 'low' })]),
        stats: { files: 1, bytes: 10, artifacts: 1, durationMs: 5 },
      };
      assert.deepEqual(summaryLines(one, false, 80), [
        '1 finding: 1 low',
        'Scanned 1 file (10 B, 1 artifact) in 5 ms.',
      ]);
    });
  });

  describe('when the counts do not fit the width', () => {
    it('wraps between severities', () => {
      const findings = (['critical', 'high', 'medium', 'low', 'info'] as const).map((severity) =>
        finding({ severity }),
      );
      const out = summaryLines(report(findings), false, 40);
      assert.deepEqual(out.slice(0, 2), [
        '5 findings: 1 critical, 1 high,',
        '1 medium, 1 low, 1 info',
      ]);
    });
  });
});
