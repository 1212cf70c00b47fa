import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAtLeast, isSeverity, severityRank } from './severity.ts';

describe('severity', () => {
  it('orders critical above info', () => {
    assert.ok(severityRank('critical') > severityRank('high'));
    assert.ok(isAtLeast('high', 'medium'));
    assert.equal(isAtLeast('low', 'high'), false);
  });
  it('narrows strings', () => {
    assert.equal(isSeverity('medium'), true);
    assert.equal(isSeverity('severe'), false);
  });
});
