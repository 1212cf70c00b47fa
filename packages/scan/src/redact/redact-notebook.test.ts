import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMlsecError } from '@mlsec/core';
import { mlSecretsConfig } from '../secrets/index.ts';
import { redactBytes } from './redact.ts';
import type { RedactResult } from './types.ts';
import { expectedNotebook, FAKES, plantedNotebook } from './testing.ts';

const config = mlSecretsConfig();
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

function redact(path: string, clearOutputs = false): { out: string; result: RedactResult } {
  const result = redactBytes(encode(plantedNotebook(path)), { config, path, clearOutputs });
  assert.equal(result.kind, 'notebook');
  const out = decode(result.bytes);
  for (const fake of Object.values(FAKES))
    assert.ok(!out.includes(fake), 'a planted secret is left');
  assert.deepEqual(result.remaining, []);
  return { out, result };
}

describe('redactBytes on notebooks, compared with what nbformat writes', () => {
  it('replaces the token in a source, a stream output and an ANSI-coloured traceback', () => {
    const { out, result } = redact('notebooks/secrets.ipynb');
    assert.equal(out, expectedNotebook('secrets.redacted.ipynb'));
    assert.deepEqual(
      result.redactions.map((r) => [r.cellId, r.part, r.line, r.pointer]),
      [
        ['login', 'source', 2, '/cells/1/source/1'],
        ['echo', 'output', 1, '/cells/2/outputs/0/text/0'],
        ['http', 'output', 5, '/cells/3/outputs/0/traceback/2'],
      ],
    );
    assert.equal(result.cellsTouched, 3);
    assert.equal(result.outputsTouched, 2);
  });

  it('replaces a private key spread over source lines, merging its lines into one', () => {
    const { out, result } = redact('redact/multiline.ipynb');
    assert.equal(out, expectedNotebook('multiline.redacted.ipynb'));
    assert.deepEqual(
      result.redactions.map((r) => [r.ruleId, r.cellId, r.line]),
      [
        ['private-key', 'key', 2],
        ['huggingface-access-token', 'token', 1],
      ],
    );
  });

  it('replaces outputs holding an environment dump with a notice that names no value', () => {
    const { out, result } = redact('notebooks/env-dump.ipynb');
    assert.equal(out, expectedNotebook('env-dump.redacted.ipynb'));
    assert.equal(result.environmentDumps, 2);
  });

  it('clears outputs, execution counts and output metadata as nbconvert --clear-output does', () => {
    for (const [input, expected] of [
      ['notebooks/secrets.ipynb', 'secrets.cleared.ipynb'],
      ['notebooks/env-dump.ipynb', 'env-dump.cleared.ipynb'],
      ['redact/multiline.ipynb', 'multiline.cleared.ipynb'],
    ] as const) {
      const { out } = redact(input, true);
      assert.equal(out, expectedNotebook(expected), input);
    }
    assert.equal(redact('notebooks/secrets.ipynb', true).result.outputsCleared, 4);
  });

  it('leaves a clean notebook byte-identical', () => {
    const input = encode(plantedNotebook('notebooks/clean.ipynb'));
    const result = redactBytes(input, { config, path: 'clean.ipynb' });
    assert.equal(result.changed, false);
    assert.deepEqual(result.bytes, input);
  });

  it('keeps \\u escapes in a notebook written with ensure_ascii', () => {
    const source = `token = "${FAKES['HF_TOKEN']}"  # clé\n`;
    const nb = (text: string): string =>
      `{"cells": [{"cell_type": "code", "source": [${text}], "metadata": {}, "outputs": [], "execution_count": null}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`;
    const escaped = (s: string): string =>
      JSON.stringify(s).replace(
        /[^\x20-\x7e]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      );
    const result = redactBytes(encode(nb(escaped(source))), { config, path: 'a.ipynb' });
    assert.equal(
      decode(result.bytes),
      nb(escaped('token = "[REDACTED:huggingface-access-token]"  # clé\n')),
    );
  });

  it('reports a secret the reader does not show (a duplicate key) as remaining', () => {
    const text = `{"cells": [{"cell_type": "code", "source": "t = '${FAKES['HF_TOKEN']}'", "source": "", "metadata": {}, "outputs": []}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`;
    const result = redactBytes(encode(text), { config, path: 'dup.ipynb' });
    assert.deepEqual(
      result.remaining.map((r) => [r.ruleId, r.part, r.line]),
      [['huggingface-access-token', 'raw', 1]],
    );
  });

  it('refuses a .ipynb that is not a readable notebook', () => {
    assert.throws(
      () => redactBytes(encode('{"cells": [1,'), { config, path: 'broken.ipynb' }),
      (error: unknown) => isMlsecError(error) && error.code === 'SCAN_REDACT_NOTEBOOK_INVALID',
    );
  });
});
