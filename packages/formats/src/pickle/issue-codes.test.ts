import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PICKLE_ISSUE_CODES } from './issue-codes.ts';

describe('PICKLE_ISSUE_CODES', () => {
  it('lists exactly the codes the analyser source uses', () => {
    const sources = readdirSync(import.meta.dirname)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'issue-codes.ts')
      .map((f) => readFileSync(join(import.meta.dirname, f), 'utf8'))
      .join('\n');
    const used = new Set(
      sources.match(/'(?:PICKLE|JOBLIB)_[A-Z_]+'|'TRAILING_DATA'/g)?.map((c) => c.slice(1, -1)),
    );
    // Built at run time: 'PICKLE_TOO_MANY_' + 'GLOBALS' | 'CALLS', and ByteReader codes given the PICKLE_ prefix.
    for (const code of [
      'PICKLE_TOO_MANY_GLOBALS',
      'PICKLE_TOO_MANY_CALLS',
      'PICKLE_INTEGER_TOO_LARGE',
      'PICKLE_STRING_TOO_LONG',
    ]) {
      used.add(code);
    }
    used.delete('PICKLE_TOO_MANY_');
    assert.deepEqual([...used].sort(), Object.keys(PICKLE_ISSUE_CODES).sort());
  });
});
