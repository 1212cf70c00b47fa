import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Detector } from '../engine/context.ts';
import { scanPaths } from '../engine/scan.ts';
import { testRepos } from '../testing/git-repo.ts';
import { mergeHistoryFindings } from './merge.ts';
import { scanGitHistory } from './scan-history.ts';

function token(seed: number): string {
  return `FAKE-${createHash('sha256').update(`merge-${seed}`).digest('hex').slice(0, 16)}`;
}

/** Reports FAKE-<16> tokens keyed by rule, path and token hash, like the secrets detector. */
const detector: Detector = {
  id: 'secrets',
  formats: ['text'],
  async run(ctx) {
    const text = Buffer.from(await ctx.source.read(0, ctx.source.size)).toString('utf8');
    text.split('\n').forEach((line, i) => {
      for (const match of line.matchAll(/FAKE-[a-f0-9]{16}/g)) {
        const hash = createHash('sha256').update(match[0]).digest('hex').slice(0, 16);
        ctx.report({
          ruleId: 'secrets/test-token',
          message: 'A test token was found.',
          line: i + 1,
          evidence: { secretHash: hash },
          key: [hash],
        });
      }
    });
  },
};

const repo = testRepos();

describe('mergeHistoryFindings', () => {
  describe('when one secret is still in the working tree and another only in history', () => {
    it('reports the first once, at its working-tree line with the commit, and adds the second', async () => {
      const r = repo();
      const first = r.commit({
        write: { 'app.cfg': `still = ${token(1)}\n`, 'old.cfg': `gone = ${token(2)}\n` },
      });
      r.commit({
        write: { 'app.cfg': `# moved down\n\nstill = ${token(1)}\n` },
        remove: ['old.cfg'],
      });
      const report = await scanPaths(['.'], {
        cwd: r.dir,
        detectors: [detector],
        repoDetectors: [],
        jobs: 1,
      });
      assert.equal(report.findings.length, 1);
      const history = await scanGitHistory({ cwd: r.dir, detectors: [detector] });
      assert.equal(history.findings.length, 2);

      const merged = mergeHistoryFindings(report, history.findings);
      const byPath = new Map(merged.findings.map((f) => [f.location.path, f]));
      assert.equal(merged.findings.length, 2);
      const still = byPath.get('app.cfg');
      assert.equal(still?.location.line, 3, 'the working-tree location wins');
      assert.equal(still?.evidence?.['historyCommit'], first);
      assert.equal(still?.evidence?.['commit'], undefined);
      const gone = byPath.get('old.cfg');
      assert.equal(gone?.evidence?.['commit'], first);
      assert.deepEqual(
        merged.rules.map((rule) => rule.id),
        ['secrets/test-token'],
      );
    });
  });

  describe('when the report has no findings', () => {
    it('adds the history findings and their rules', () => {
      const empty = {
        tool: { name: 'mlsec', version: '0' } as const,
        targets: ['.'],
        findings: [],
        rules: [],
        stats: { files: 0, bytes: 0, artifacts: 0, durationMs: 0 },
      };
      const merged = mergeHistoryFindings(empty, [
        {
          ruleId: 'git/blob-too-large',
          severity: 'medium',
          message: 'Too large.',
          location: { path: 'big.bin' },
          fingerprint: 'f1',
        },
      ]);
      assert.equal(merged.findings.length, 1);
      assert.deepEqual(
        merged.rules.map((rule) => rule.id),
        ['git/blob-too-large'],
      );
    });
  });
});
