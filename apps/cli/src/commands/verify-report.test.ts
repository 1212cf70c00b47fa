import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderVerifyText } from './verify-report.ts';

describe('renderVerifyText', () => {
  describe('when a differing file name holds terminal controls', () => {
    it('escapes bidi overrides and C1 controls (a model folder names its own files)', () => {
      const text = renderVerifyText('model', {
        verified: false,
        code: 'VERIFY_MODEL_MISMATCH',
        message: 'the model differs from its signature',
        diff: { modified: [], missing: [], extra: ['evil\u202egpj.exe', 'csi\u009b2J'] },
      });
      assert.ok(!text.includes('\u202e') && !text.includes('\u009b'));
      assert.match(text, /evil\\u202egpj\.exe/);
      assert.match(text, /csi\\u009b2J/);
    });
  });
});
