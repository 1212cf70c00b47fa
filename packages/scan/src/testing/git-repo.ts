import { execFileSync } from 'node:child_process';
import { after } from 'node:test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** What one commit of a test repository does: write files (path -> content) and delete some. */
export interface CommitSpec {
  readonly write?: Readonly<Record<string, string | Uint8Array>>;
  readonly remove?: readonly string[];
  readonly message?: string;
}

/**
 * Test helper: a real git repository in a temporary folder, built commit by commit with the git
 * binary (changesets' `gitdir` style). Author and committer dates are fixed, one day apart, so commit
 * ids are reproducible; the caller's GIT_* variables are not passed to git.
 */
export class TestRepo {
  readonly dir: string;
  private day = 0;

  constructor(prefix = 'mlsec-git-') {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
    this.git('init', '-q', '-b', 'main');
    this.git('config', 'user.email', 'dev@example.invalid');
    this.git('config', 'user.name', 'Test Author');
    this.git('config', 'commit.gpgsign', 'false');
  }

  private env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [name, value] of Object.entries(process.env)) {
      if (!name.startsWith('GIT_')) env[name] = value;
    }
    const date = new Date(Date.UTC(2024, 0, 1 + this.day, 12)).toISOString();
    return { ...env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, GIT_CONFIG_NOSYSTEM: '1' };
  }

  /** Run git in the repository; returns stdout without the final newline. */
  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, env: this.env(), encoding: 'utf8' }).replace(
      /\n$/,
      '',
    );
  }

  /** Write files into the work tree without committing them. */
  write(files: Readonly<Record<string, string | Uint8Array>>): void {
    for (const [path, content] of Object.entries(files)) {
      const file = join(this.dir, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
  }

  /** Make one commit; returns its full id. */
  commit(spec: CommitSpec): string {
    this.write(spec.write ?? {});
    for (const path of spec.remove ?? []) this.git('rm', '-q', '--', path);
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', spec.message ?? `commit ${this.day + 1}`);
    this.day += 1;
    return this.git('rev-parse', 'HEAD');
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * For a test file: a function that makes TestRepos, all removed when the file's tests are done.
 * @example const repo = testRepos(); it('…', () => { const r = repo(); r.commit({ write: { a: 'x' } }); });
 */
export function testRepos(prefix?: string): () => TestRepo {
  const made: TestRepo[] = [];
  after(() => {
    for (const repo of made) repo.remove();
  });
  return () => {
    const repo = new TestRepo(prefix);
    made.push(repo);
    return repo;
  };
}
