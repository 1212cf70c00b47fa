import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { ALNUM, fake, fillMarkers, HEX, join, LETTERS, UPPER_BASE32 } from './fake-tokens.ts';

const FIXTURES = new URL('../../../../fixtures/', import.meta.url).pathname;

/** The fake secret of every @@MARKER@@ in fixtures/secrets-tree/planted and fixtures/notebooks. */
export const PLANTED: Readonly<Record<string, string>> = {
  WANDB_V1: join('wandb', '_v1_', fake(ALNUM, 27, 21), '_', fake(ALNUM, 49, 22)),
  WANDB_HEX: fake(HEX, 40, 23),
  WANDB_HEX2: fake(HEX, 40, 24),
  WANDB_HEX3: fake(HEX, 40, 25),
  WANDB_KEY: fake(HEX, 40, 37),
  HF_TOKEN: join('hf', '_', fake(LETTERS, 34, 26)),
  HF_TOKEN2: join('hf', '_', fake(LETTERS, 34, 27)),
  HF_TOKEN3: join('hf', '_', fake(LETTERS, 34, 28)),
  MLFLOW_PASSWORD: fake(ALNUM, 18, 29),
  GIT_PASSWORD: fake(ALNUM, 24, 30),
  AWS_KEY_ID: join('AK', 'IA', fake(UPPER_BASE32, 16, 31)),
  KAGGLE_KEY: fake(HEX, 32, 32),
  KAGGLE_KEY2: fake(HEX, 32, 33),
  DATABRICKS: join('dap', 'i', fake(HEX, 32, 34)),
  OPAQUE: fake(ALNUM, 28, 35),
  GITHUB_PAT: join('gh', 'p_', fake(ALNUM, 36, 36)),
  AWS_SECRET: join('mlsec/', 'fake/aws/secret'),
};

/** Copy a fixture file or folder to `to`, filling its markers (READMEs are copied as they are). */
export function plant(from: string, to: string, values = PLANTED): void {
  cpSync(from, to, { recursive: true });
  const files = statSync(to).isFile()
    ? [to]
    : readdirSync(to, { recursive: true, encoding: 'utf8' })
        .map((file) => joinPath(to, file))
        .filter((path) => statSync(path).isFile());
  for (const path of files) {
    if (!path.endsWith('README.md'))
      writeFileSync(path, fillMarkers(readFileSync(path, 'utf8'), values));
  }
}

/**
 * The acceptance trees in `root`: `planted/` (fixtures/secrets-tree/planted with its markers filled and
 * the secrets and env-dump notebooks in `planted/notebooks`) and `clean/` (its clean twin and the clean
 * notebook).
 */
export function plantSecretsTrees(root: string): void {
  plant(joinPath(FIXTURES, 'secrets-tree/planted'), joinPath(root, 'planted'));
  for (const nb of ['secrets.ipynb', 'env-dump.ipynb'])
    plant(joinPath(FIXTURES, 'notebooks', nb), joinPath(root, 'planted/notebooks', nb));
  cpSync(joinPath(FIXTURES, 'secrets-tree/clean'), joinPath(root, 'clean'), { recursive: true });
  cpSync(
    joinPath(FIXTURES, 'notebooks/clean.ipynb'),
    joinPath(root, 'clean/notebooks/clean.ipynb'),
  );
}
