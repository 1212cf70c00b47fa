import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { after, describe, it } from 'node:test';
import { ALNUM, fake, join } from '@mlsec/scan/testing';
import { runCapture } from './testing/run-cli.ts';

// The fake token is assembled at run time, so this file holds nothing that looks like a live credential.
const GITHUB_PAT = join('gh', 'p_', fake(ALNUM, 36, 501));

/** A real repository in a temporary folder; the caller's GIT_* variables are not passed to git. */
class Repo {
  readonly dir = mkdtempSync(joinPath(tmpdir(), 'mlsec-cli-git-'));
  private day = 1;

  constructor() {
    this.git('init', '-q', '-b', 'main');
    this.git('config', 'user.email', 'dev@example.invalid');
    this.git('config', 'user.name', 'Test Author');
    this.git('config', 'commit.gpgsign', 'false');
  }

  git(...args: string[]): string {
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith('GIT_')),
    );
    const date = `2024-02-0${this.day}T12:00:00Z`;
    Object.assign(env, { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
    return execFileSync('git', args, { cwd: this.dir, env, encoding: 'utf8' }).trim();
  }

  commit(path: string, content: string): string {
    writeFileSync(joinPath(this.dir, path), content);
    this.git('add', '--', path);
    this.git('commit', '-q', '-m', `commit ${this.day}`);
    this.day += 1;
    return this.git('rev-parse', 'HEAD');
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

interface JsonReport {
  findings: {
    ruleId: string;
    location: { path: string; line?: number };
    evidence?: Record<string, unknown>;
  }[];
}

const r = new Repo();
const added = r.commit('deploy.sh', `export GITHUB_TOKEN=${GITHUB_PAT}\n`);
const removed = r.commit('deploy.sh', 'export GITHUB_TOKEN="$CI_TOKEN"\n');
after(() => r.remove());

const scan = (...argv: string[]) =>
  runCapture(['scan', '--jobs', '1', '-f', 'json', ...argv], { cwd: r.dir });

describe('mlsec scan --git', () => {
  it('finds a secret that only history holds, with its commit, and exits 1', async () => {
    const { code, out, err } = await scan('--git', '.');
    assert.equal(code, 1, err);
    const report = JSON.parse(out) as JsonReport;
    assert.equal(report.findings.length, 1, out);
    const [finding] = report.findings;
    assert.equal(finding?.ruleId, 'secrets/github-pat');
    assert.equal(finding?.location.path, 'deploy.sh');
    assert.equal(finding?.evidence?.['commit'], added);
    assert.ok(!out.includes(GITHUB_PAT.slice(4)), 'the secret is not in the report');
  });

  it('does not look at history without --git', async () => {
    const { code, out } = await scan('.');
    assert.equal(code, 0, out);
    assert.deepEqual((JSON.parse(out) as JsonReport).findings, []);
  });

  it('scans only the commits of --git-range', async () => {
    const { code, out } = await scan('--git-range', `${added}..${removed}`, '.');
    assert.equal(code, 0, out);
    assert.deepEqual((JSON.parse(out) as JsonReport).findings, []);
  });

  it('exits 2 with SCAN_GIT_BAD_RANGE on an unknown range', async () => {
    const { code, err } = await scan('--git-range', 'no-such-branch..HEAD', '.');
    assert.equal(code, 2);
    assert.match(err, /SCAN_GIT_BAD_RANGE/);
  });

  it('exits 2 with SCAN_GIT_NOT_A_REPO outside a git work tree', async () => {
    const dir = mkdtempSync(joinPath(tmpdir(), 'mlsec-cli-nogit-'));
    try {
      const { code, err } = await runCapture(['scan', '--git', '.'], { cwd: dir });
      assert.equal(code, 2);
      assert.match(err, /SCAN_GIT_NOT_A_REPO/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists the flags in scan --help', async () => {
    const { out } = await runCapture(['scan', '--help']);
    assert.match(out, /--git\s/);
    assert.match(out, /--git-range <RANGE>/);
  });
});
