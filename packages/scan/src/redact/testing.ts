import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(import.meta.dirname, '../../../../fixtures');

/** Fake secrets for the fixtures' @@MARKERS@@, assembled here so that no file holds one. */
export const FAKES: Readonly<Record<string, string>> = {
  HF_TOKEN: ['hf', 'MlsecFakeFixtureToken'.padEnd(34, 'q')].join('_'),
  WANDB_KEY: 'f'.repeat(8) + '0'.repeat(32),
  AWS_SECRET: ['mlsec', 'fake', 'aws', 'secret'].join('/'),
  PEM_BEGIN: ['-----BEGIN', 'PRIVATE', 'KEY-----'].join(' '),
  PEM_END: ['-----END', 'PRIVATE', 'KEY-----'].join(' '),
};

/** A fixture notebook (fixtures/notebooks or fixtures/redact) with its markers replaced by FAKES. */
export function plantedNotebook(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8').replace(
    /@@([A-Z_]+)@@/g,
    (_, key: string) => FAKES[key] ?? '',
  );
}

/** An expected output from fixtures/redact/expected. */
export function expectedNotebook(name: string): string {
  return readFileSync(join(FIXTURES, 'redact/expected', name), 'utf8');
}
