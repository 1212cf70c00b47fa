import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseNvidiaSmi } from './capture-environment.ts';
import { parsePipFreeze } from './capture-python.ts';
import { toUtcTimestamp } from './timestamp.ts';

describe('parseNvidiaSmi', () => {
  it('reads name, driver and memory per line, skipping malformed ones', () => {
    const out =
      'NVIDIA A100-SXM4-40GB, 535.104.05, 40960 MiB\nbroken line\nTesla T4, 470.1, [N/A]\n';
    assert.deepEqual(parseNvidiaSmi(out), [
      {
        name: 'NVIDIA A100-SXM4-40GB',
        driverVersion: '535.104.05',
        memoryBytes: 40960 * 1024 * 1024,
      },
      { name: 'Tesla T4', driverVersion: '470.1' },
    ]);
  });

  it('gives an empty list for empty output and keeps at most 64 GPUs', () => {
    assert.deepEqual(parseNvidiaSmi(''), []);
    assert.equal(parseNvidiaSmi('G, 1, 1 MiB\n'.repeat(100)).length, 64);
  });
});

describe('parsePipFreeze', () => {
  it('keeps requirement lines and drops comments and blanks', () => {
    const out =
      'numpy==2.0.0\n# Editable install\n-e git+https://x/y@abc#egg=y\n\ntorch==2.3.0\r\n';
    assert.deepEqual(parsePipFreeze(out), [
      'numpy==2.0.0',
      '-e git+https://x/y@abc#egg=y',
      'torch==2.3.0',
    ]);
  });
});

describe('toUtcTimestamp', () => {
  it('normalises RFC 3339 timestamps to UTC with Z', () => {
    assert.equal(toUtcTimestamp('2024-05-01T10:00:00+02:00'), '2024-05-01T08:00:00.000Z');
    assert.equal(toUtcTimestamp('2024-05-01T10:00:00.5Z'), '2024-05-01T10:00:00.500Z');
  });

  it('refuses what Date.parse alone would accept', () => {
    for (const bad of [
      '2024',
      'May 1 2024',
      '2024-05-01',
      '2024-02-31T00:00:00Z',
      '2024-05-01T25:00:00Z',
    ]) {
      assert.equal(toUtcTimestamp(bad), undefined, bad);
    }
  });
});
