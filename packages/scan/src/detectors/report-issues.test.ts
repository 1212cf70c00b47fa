import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { issue } from '@mlsec/core';
import type { Detector } from '../engine/context.ts';
import { runDetector } from '../testing/run-detector.ts';
import { reportIssues } from './report-issues.ts';

describe('reportIssues', () => {
  it('reports each issue under its rule, with the format, code, key and offset', async () => {
    const detector: Detector = {
      id: 'test',
      formats: ['unknown'],
      run(ctx) {
        const issues = [issue('X_BAD', 'a bad field', 12, true), issue('X_ODD', 'an odd field')];
        reportIssues(ctx, issues, 'Test', (found) => (found.fatal ? 'x/fatal' : 'x/odd'));
        return Promise.resolve();
      },
    };
    const { reports } = await runDetector(detector, new Uint8Array(0), { format: 'unknown' });
    assert.deepEqual(
      reports.map(({ ruleId, message, evidence, key, offset }) => ({
        ruleId,
        message,
        evidence,
        key,
        offset,
      })),
      [
        {
          ruleId: 'x/fatal',
          message: 'Test: a bad field.',
          evidence: { code: 'X_BAD' },
          key: ['X_BAD', 'a bad field'],
          offset: 12,
        },
        {
          ruleId: 'x/odd',
          message: 'Test: an odd field.',
          evidence: { code: 'X_ODD' },
          key: ['X_ODD', 'an odd field'],
          offset: undefined,
        },
      ],
    );
  });
});
