import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeLimits, memorySource } from '@mlsec/core';
import type { Finding } from '@mlsec/core';
import { NEUTRAL_POLICY } from '../testing/run-detector.ts';
import { ArtifactScanner } from './artifact-scanner.ts';
import type { Detector } from './context.ts';

/** A detector that treats every text artifact as a container of one nested copy of itself. */
const recursiveText: Detector = {
  id: 'recursive',
  formats: ['text'],
  run: (ctx) => ctx.scanNested('again.txt', ctx.source),
};

const crashing: Detector = {
  id: 'crashing',
  formats: ['json'],
  run: () => Promise.reject(new Error('boom \u001b[31m')),
};

const zipSeen: Detector = {
  id: 'zip-seen',
  formats: ['zip'],
  run: (ctx) => {
    ctx.report({ ruleId: 'scan/too-deep', message: 'zip detector ran', evidence: { member: 'x' } });
    return Promise.resolve();
  },
};

async function scan(
  bytes: Uint8Array,
  detectors: Detector[],
  maxDepth = 8,
): Promise<{ findings: Finding[]; artifacts: number }> {
  const scanner = new ArtifactScanner({
    limits: makeLimits({ maxDepth }),
    policy: NEUTRAL_POLICY,
    detectors,
    settings: {},
  });
  const findings: Finding[] = [];
  let artifacts = 0;
  await scanner.scanTop(
    memorySource(bytes),
    { path: 'a.txt' },
    {
      finding: (f) => findings.push(f),
      artifact: () => (artifacts += 1),
    },
  );
  return { findings, artifacts };
}

describe('ArtifactScanner', () => {
  describe('when artifacts nest deeper than the limit', () => {
    it('stops at maxDepth with scan/too-deep and the full member chain', async () => {
      const { findings, artifacts } = await scan(Buffer.from('hello world\n'), [recursiveText], 3);
      assert.equal(artifacts, 4);
      const deep = findings.filter((f) => f.ruleId === 'scan/too-deep');
      assert.equal(deep.length, 1);
      assert.deepEqual(deep[0]?.location.member, ['again.txt', 'again.txt', 'again.txt']);
      assert.equal(deep[0]?.severity, 'high');
    });
  });

  describe('when a detector throws', () => {
    it('fails closed with scan/internal-error and an escaped message', async () => {
      const { findings } = await scan(Buffer.from('{"a": 1}'), [crashing]);
      assert.equal(findings.length, 1);
      assert.equal(findings[0]?.ruleId, 'scan/internal-error');
      assert.ok(!findings[0]?.message.includes('\u001b'));
    });
  });

  describe('when a zip is appended to another format', () => {
    it('runs the zip detectors as well', async () => {
      const eocd = Buffer.alloc(22);
      eocd.writeUInt32LE(0x06054b50, 0);
      const polyglot = Buffer.concat([Buffer.from('just some text\n'), eocd]);
      const { findings } = await scan(polyglot, [zipSeen]);
      assert.equal(findings.length, 1);
    });
  });
});
