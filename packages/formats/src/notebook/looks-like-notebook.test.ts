import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { looksLikeNotebook } from './looks-like-notebook.ts';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('looksLikeNotebook', () => {
  it('recognises a notebook from its first and last bytes, whatever its name', () => {
    const text = JSON.stringify(
      {
        cells: [{ cell_type: 'code', source: 'x'.repeat(9000) }],
        metadata: {},
        nbformat: 4,
        nbformat_minor: 5,
      },
      null,
      1,
    );
    const bytes = enc(text);
    assert.equal(looksLikeNotebook(bytes.subarray(0, 4096), bytes.subarray(-4096)), true);
    assert.equal(
      looksLikeNotebook(enc('\ufeff{"nbformat": 3, "worksheets": []}'), new Uint8Array()),
      true,
    );
  });

  it('says no to other JSON and to text that only mentions the keys', () => {
    for (const text of [
      '{"cells": []}',
      '{"nbformat": 4}',
      '["cells", {"nbformat": 4}]',
      'a "nbformat": 4, "cells": [',
    ]) {
      assert.equal(looksLikeNotebook(enc(text), enc(text)), false, text);
    }
  });
});
