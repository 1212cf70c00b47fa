import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A remote URL carrying every kind of secret a real one might: user, password, query token. */
export const SECRET_REMOTE =
  'https://alice:s3cr3t-pass@Git.Example.COM/org/repo.git?access_token=tok-999#frag';
/** Strings that must never appear in a statement captured from {@link makeTrainingRepo}. */
export const SECRETS = ['alice', 's3cr3t-pass', 'tok-999', 'access_token'];

/** A temporary training project: a model folder, a dataset folder, a one-file dataset, params, lock files. */
export interface TrainingRepo {
  readonly root: string;
  readonly repo: string;
  readonly model: string;
  readonly trainSet: string;
  readonly labels: string;
  readonly params: string;
  /** HEAD's commit, when `git` was asked for. */
  readonly commit?: string;
  cleanup(): void;
}

function write(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

/**
 * Build a training project in a temp folder. With `git`, it is a real git work tree (one commit, a
 * remote with credentials, then made dirty by an untracked file), driven by the real `git` binary.
 */
export function makeTrainingRepo(options: { git: boolean }): TrainingRepo {
  const root = mkdtempSync(join(tmpdir(), 'mlsec-prov-'));
  const repo = join(root, 'repo');
  const model = join(repo, 'out', 'model');
  const trainSet = join(repo, 'data', 'train');
  const labels = join(repo, 'data', 'labels.csv');
  const params = join(repo, 'params.yaml');
  write(join(model, 'config.json'), '{"hidden": 64}\n');
  write(join(model, 'model.safetensors'), new Uint8Array(4096).fill(7));
  write(join(model, 'tokenizer', 'vocab.txt'), 'a\nb\nc\n');
  write(join(trainSet, 'part-0.csv'), 'x,y\n1,2\n');
  write(join(trainSet, 'part-1.csv'), 'x,y\n3,4\n');
  write(labels, 'id,label\n1,cat\n');
  write(
    params,
    'learning_rate: 0.001\nepochs: 3\noptimizer:\n  name: adam\n  betas: [0.9, 0.999]\n',
  );
  write(join(repo, 'requirements.txt'), 'torch==2.3.0\n');
  write(join(repo, 'poetry.lock'), '# lock\n');
  write(join(repo, 'train.py'), 'print("train")\n');
  let commit: string | undefined;
  if (options.git) {
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'core.fsmonitor=false', ...args], {
        cwd: repo,
        encoding: 'utf8',
        env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
      }).trim();
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'Test');
    git('config', 'commit.gpgsign', 'false');
    git('add', 'train.py', 'requirements.txt', 'poetry.lock', 'params.yaml');
    git('commit', '-q', '-m', 'train');
    git('remote', 'add', 'origin', SECRET_REMOTE);
    write(join(repo, 'notes.txt'), 'uncommitted\n');
    commit = git('rev-parse', 'HEAD');
  }
  return {
    root,
    repo,
    model,
    trainSet,
    labels,
    params,
    ...(commit === undefined ? {} : { commit }),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
