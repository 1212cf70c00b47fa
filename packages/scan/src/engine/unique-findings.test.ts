import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeFinding } from './make-finding.ts';
import { uniqueFindings } from './unique-findings.ts';

describe('uniqueFindings', () => {
  const input = {
    ruleId: 'deps/vulnerable-package',
    message: 'torch 2.2.0 is affected by PYSEC-X.',
    line: 3,
    evidence: { package: 'torch', advisory: 'PYSEC-X' },
  };
  it('drops exact repeats and keeps findings that differ in any field', () => {
    const a = makeFinding({ path: 'base.txt' }, input);
    const again = makeFinding({ path: 'base.txt' }, input);
    const otherLine = makeFinding({ path: 'base.txt' }, { ...input, line: 4 });
    const otherFile = makeFinding({ path: 'dev.txt' }, input);
    assert.deepEqual(uniqueFindings([a, again, otherLine, otherFile, a]), [
      a,
      otherLine,
      otherFile,
    ]);
  });
});
