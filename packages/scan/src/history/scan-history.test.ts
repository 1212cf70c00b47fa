import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isMlsecError } from '@mlsec/core';
import type { Detector } from '../engine/context.ts';
import { testRepos } from '../testing/git-repo.ts';
import { scanGitHistory } from './scan-history.ts';

// A stand-in for the secrets detector: reports every FAKE-<16 alphanumerics> token by line, keyed like
// the real one (rule + path + a hash of the token), and records what each run read.
const TOKEN = /FAKE-[A-Za-z0-9]{16}/g;
function token(seed: number): string {
  return `FAKE-${createHash('sha256').update(String(seed)).digest('hex').slice(0, 16)}`;
}

function tokenDetector(): Detector & { readonly reads: string[] } {
  const reads: string[] = [];
  return {
    id: 'secrets',
    formats: ['text', 'json'],
    reads,
    async run(ctx) {
      const text = Buffer.from(await ctx.source.read(0, ctx.source.size)).toString('utf8');
      reads.push(text);
      text.split('\n').forEach((line, i) => {
        for (const match of line.matchAll(TOKEN)) {
          const hash = createHash('sha256').update(match[0]).digest('hex').slice(0, 16);
          ctx.report({
            ruleId: 'secrets/test-token',
            message: 'A test token was found.',
            line: i + 1,
            column: (match.index ?? 0) + 1,
            evidence: { secretHash: hash },
            key: [hash],
          });
        }
      });
    },
  };
}

const repo = testRepos();

describe('scanGitHistory', () => {
  describe('when a secret was committed and deleted in the next commit', () => {
    it('reports it at its path and line, with the commit that added it', async () => {
      const r = repo();
      const first = r.commit({ write: { 'train.py': `import os\nKEY = "${token(1)}"\n` } });
      r.commit({ write: { 'train.py': 'import os\nKEY = os.environ["KEY"]\n' } });
      const detector = tokenDetector();
      const result = await scanGitHistory({ cwd: r.dir, detectors: [detector] });
      assert.equal(result.findings.length, 1);
      const [finding] = result.findings;
      assert.equal(finding?.ruleId, 'secrets/test-token');
      assert.equal(finding?.location.path, 'train.py');
      assert.equal(finding?.location.line, 2);
      assert.equal(finding?.evidence?.['commit'], first);
      assert.equal(finding?.evidence?.['committed'], '2024-01-01T12:00:00+00:00');
      assert.match(
        finding?.message ?? '',
        new RegExp(`in commit ${first.slice(0, 7)}, 2024-01-01`),
      );
      assert.equal(result.stats.commits, 2);
      assert.equal(result.stats.scanned, 2);
    });
  });

  describe('when the same blob appears in several commits and paths', () => {
    it('reads it once and names the other paths', async () => {
      const r = repo();
      const content = `token = ${token(2)}\n`;
      const first = r.commit({ write: { 'a.txt': content, 'other.txt': 'one\n' } });
      r.commit({ write: { 'other.txt': 'two\n' } });
      r.commit({ write: { 'copy/b.txt': content } });
      r.commit({ write: { 'a.txt': 'changed\n' } });
      r.commit({ write: { 'a.txt': content } }); // back to the first version: the same blob again
      const detector = tokenDetector();
      const result = await scanGitHistory({ cwd: r.dir, detectors: [detector] });
      assert.equal(detector.reads.filter((text) => text === content).length, 1);
      // a.txt v1, other.txt x2, a.txt 'changed': four distinct blobs, each read once.
      assert.equal(detector.reads.length, 4);
      assert.equal(result.stats.blobs, 4);
      assert.equal(result.findings.length, 1);
      assert.equal(result.findings[0]?.location.path, 'a.txt');
      assert.equal(result.findings[0]?.evidence?.['commit'], first);
      assert.equal(result.findings[0]?.evidence?.['alsoAt'], 'copy/b.txt');
    });

    it('reports a secret kept through later edits of the file once, at its first commit', async () => {
      const r = repo();
      const first = r.commit({ write: { 'cfg.txt': `key ${token(3)}\n` } });
      r.commit({ write: { 'cfg.txt': `# header\nkey ${token(3)}\n` } });
      r.commit({ write: { 'cfg.txt': `# header\nkey ${token(3)}\nmore\n` } });
      const detector = tokenDetector();
      const result = await scanGitHistory({ cwd: r.dir, detectors: [detector] });
      assert.equal(detector.reads.length, 3);
      assert.equal(result.findings.length, 1);
      assert.equal(result.findings[0]?.evidence?.['commit'], first);
    });
  });

  describe('when a blob is binary', () => {
    it('skips it (a NUL byte in the first 8000 bytes)', async () => {
      const r = repo();
      const bytes = Buffer.concat([Buffer.from([0x80, 0x02, 0x00]), Buffer.from(token(4))]);
      r.commit({ write: { 'model.bin': bytes, 'notes.txt': 'nothing here\n' } });
      const detector = tokenDetector();
      const result = await scanGitHistory({ cwd: r.dir, detectors: [detector] });
      assert.deepEqual(result.findings, []);
      assert.equal(result.stats.binary, 1);
      assert.equal(result.stats.scanned, 1);
      assert.deepEqual(detector.reads, ['nothing here\n']);
    });
  });

  describe('when file names hold spaces, newlines and non-ASCII characters', () => {
    it('reports the exact path, unquoted', async () => {
      const r = repo();
      const name = 'dir with space/naïve\nname ✓.txt';
      r.commit({ write: { [name]: `value = ${token(5)}\n` } });
      r.commit({ remove: [name] });
      const result = await scanGitHistory({ cwd: r.dir, detectors: [tokenDetector()] });
      assert.equal(result.findings.length, 1);
      assert.equal(result.findings[0]?.location.path, name);
    });
  });

  describe('when a blob is larger than the limit', () => {
    it('does not read it and reports it as not scanned', async () => {
      const r = repo();
      const big = `${'a'.repeat(5000)}\n${token(6)}\n`;
      const commit = r.commit({ write: { 'big.txt': big, 'small.txt': 'ok\n' } });
      const detector = tokenDetector();
      const result = await scanGitHistory({
        cwd: r.dir,
        detectors: [detector],
        limits: { maxBlobBytes: 1000 },
      });
      assert.deepEqual(detector.reads, ['ok\n']);
      assert.equal(result.findings.length, 1);
      const [finding] = result.findings;
      assert.equal(finding?.ruleId, 'git/blob-too-large');
      assert.equal(finding?.location.path, 'big.txt');
      assert.equal(finding?.evidence?.['size'], big.length);
      assert.equal(finding?.evidence?.['commit'], commit);
      assert.equal(result.stats.tooLarge, 1);
    });
  });

  describe('when there are more blobs than the limit', () => {
    it('scans up to the limit and says the history was truncated', async () => {
      const r = repo();
      r.commit({ write: { 'a.txt': 'a\n', 'b.txt': 'b\n' } });
      r.commit({ write: { 'c.txt': 'c\n' } });
      const detector = tokenDetector();
      const result = await scanGitHistory({
        cwd: r.dir,
        detectors: [detector],
        limits: { maxBlobs: 2 },
      });
      assert.equal(detector.reads.length, 2);
      assert.equal(result.stats.truncated, true);
      assert.deepEqual(
        result.findings.map((f) => [f.ruleId, f.location.path]),
        [['git/history-truncated', '.']],
      );
    });

    it('stops at the byte limit too', async () => {
      const r = repo();
      r.commit({ write: { 'a.txt': 'a'.repeat(600), 'b.txt': 'b'.repeat(600) } });
      const detector = tokenDetector();
      const result = await scanGitHistory({
        cwd: r.dir,
        detectors: [detector],
        limits: { maxTotalBytes: 1000 },
      });
      assert.equal(detector.reads.length, 1);
      assert.equal(result.findings[0]?.ruleId, 'git/history-truncated');
    });
  });

  describe('when the history is clean', () => {
    it('reports nothing', async () => {
      const r = repo();
      r.commit({ write: { 'README.md': '# demo\n', 'train.py': 'print("hi")\n' } });
      r.commit({ write: { 'train.py': 'print("hello")\n' } });
      const detector = tokenDetector();
      const result = await scanGitHistory({ cwd: r.dir, detectors: [detector] });
      assert.deepEqual(result.findings, []);
      assert.equal(result.stats.scanned, 3);
    });
  });

  describe('with a range', () => {
    it('scans only the blobs the commits of the range introduced', async () => {
      const r = repo();
      const base = r.commit({ write: { 'old.txt': `${token(7)}\n` } });
      r.commit({ write: { 'new.txt': `${token(8)}\n` } });
      const result = await scanGitHistory({
        cwd: r.dir,
        detectors: [tokenDetector()],
        range: `${base}..main`,
      });
      assert.deepEqual(
        result.findings.map((f) => f.location.path),
        ['new.txt'],
      );
    });

    it('refuses an unknown range and one that looks like an option', async () => {
      const r = repo();
      r.commit({ write: { 'a.txt': 'a\n' } });
      for (const range of ['nope..main', '--output=/tmp/x']) {
        await assert.rejects(
          scanGitHistory({ cwd: r.dir, detectors: [tokenDetector()], range }),
          (error) => isMlsecError(error) && error.code === 'SCAN_GIT_BAD_RANGE',
          range,
        );
      }
    });
  });

  describe('when the path is a folder of the repository', () => {
    it('scans only that folder, with paths relative to the working directory', async () => {
      const r = repo();
      r.commit({ write: { 'sub/x.txt': `${token(9)}\n`, 'top.txt': `${token(10)}\n` } });
      const result = await scanGitHistory({
        cwd: join(r.dir, 'sub'),
        path: '.',
        detectors: [tokenDetector()],
      });
      assert.deepEqual(
        result.findings.map((f) => f.location.path),
        ['x.txt'],
      );
      const fromTop = await scanGitHistory({
        cwd: r.dir,
        path: 'sub',
        detectors: [tokenDetector()],
      });
      assert.deepEqual(
        fromTop.findings.map((f) => f.location.path),
        ['sub/x.txt'],
      );
    });
  });

  describe('when the repository configures programs', () => {
    it('runs none of them: no hooks, fsmonitor, external diff, textconv or pager', async () => {
      const r = repo();
      const marker = join(r.dir, 'ran');
      const script = `touch '${marker}'`;
      r.commit({ write: { 'a.txt': `${token(11)}\n`, '.gitattributes': '*.txt diff=evil\n' } });
      r.git('config', 'core.fsmonitor', script);
      r.git('config', 'diff.external', script);
      r.git('config', 'diff.evil.textconv', script);
      r.git('config', 'core.pager', script);
      r.git('config', 'log.showSignature', 'true');
      r.git('config', 'gpg.program', script);
      r.write({ '.git/hooks/post-checkout': `#!/bin/sh\n${script}\n` });
      const result = await scanGitHistory({ cwd: r.dir, detectors: [tokenDetector()] });
      assert.equal(result.findings.length, 1);
      assert.equal(existsSync(marker), false);
    });
  });

  describe('when the path is not in a git work tree', () => {
    it('throws SCAN_GIT_NOT_A_REPO', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'mlsec-nogit-'));
      try {
        await assert.rejects(
          scanGitHistory({ cwd: dir, detectors: [tokenDetector()] }),
          (error) => isMlsecError(error) && error.code === 'SCAN_GIT_NOT_A_REPO',
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
