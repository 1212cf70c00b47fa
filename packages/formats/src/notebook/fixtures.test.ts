import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS } from '@mlsec/core';
import { findEnvironmentDumps } from './env-dump.ts';
import { locateInSegment } from './locate.ts';
import { readNotebook } from './read-notebook.ts';
import type { Notebook } from './types.ts';

const DIR = join(import.meta.dirname, '../../../../fixtures/notebooks');

/** Fake secrets for the fixtures' @@MARKERS@@, assembled here so no file holds one. */
const FAKES: Readonly<Record<string, string>> = {
  HF_TOKEN: ['hf', 'MlsecFakeFixtureToken'.padEnd(34, 'q')].join('_'),
  WANDB_KEY: 'f'.repeat(8) + '0'.repeat(32),
  AWS_SECRET: ['mlsec', 'fake', 'aws', 'secret'].join('/'),
};

function load(name: string): Notebook {
  const raw = readFileSync(join(DIR, name), 'utf8').replace(
    /@@([A-Z_]+)@@/g,
    (_, key: string) => FAKES[key] ?? '',
  );
  const result = readNotebook(new TextEncoder().encode(raw), DEFAULT_LIMITS);
  assert.equal(result.ok, true, JSON.stringify(result.issues));
  if (!result.ok) throw new Error('unreachable');
  assert.deepEqual(result.issues, []);
  return result.value;
}

describe('readNotebook on notebooks written by nbformat', () => {
  it('finds the planted token in the source, the stream and the traceback, by cell and line', () => {
    const nb = load('secrets.ipynb');
    const token = FAKES['HF_TOKEN'] ?? '';
    const hits = nb.segments.flatMap((segment) => {
      const at = segment.text.indexOf(token);
      if (at === -1) return [];
      const pos = locateInSegment(segment, at);
      return [
        `${pos.location.cellId}/${pos.location.kind}/${pos.location.outputType ?? '-'}:${pos.line}`,
      ];
    });
    assert.deepEqual(hits, ['login/source/-:2', 'echo/output/stream:1', 'http/output/error:5']);
    const traceback = nb.segments.find((s) => s.location.outputType === 'error');
    assert.ok(traceback !== undefined && !traceback.text.includes('\u001b'));
    assert.equal(nb.skippedBinary, 1);
  });

  it('finds both environment dumps and names their secret variables', () => {
    const nb = load('env-dump.ipynb');
    const dumps = nb.segments.flatMap((segment) =>
      findEnvironmentDumps(segment).map((d) => ({ cell: segment.location.cellId, ...d })),
    );
    assert.deepEqual(
      dumps.map((d) => [d.cell, d.form, d.secretNames, d.hiddenNames]),
      [
        ['env-magic', 'dict-repr', ['KAGGLE_KEY', 'WANDB_API_KEY'], ['KAGGLE_KEY']],
        ['bang-env', 'name-value-lines', ['AWS_SECRET_ACCESS_KEY'], []],
      ],
    );
  });

  it('finds neither token nor dump in the clean notebook', () => {
    const nb = load('clean.ipynb');
    assert.equal(nb.cells, 2);
    for (const segment of nb.segments) {
      assert.deepEqual(findEnvironmentDumps(segment), []);
      for (const fake of Object.values(FAKES)) assert.ok(!segment.text.includes(fake));
    }
  });
});
