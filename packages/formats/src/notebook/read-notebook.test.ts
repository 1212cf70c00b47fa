import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS, makeLimits } from '@mlsec/core';
import { locateInSegment } from './locate.ts';
import { readNotebook } from './read-notebook.ts';
import type { Notebook, NotebookSegment } from './types.ts';

/** A fake token, assembled here so the file holds no token-shaped literal. */
const TOKEN = ['hf', 'FakeMlsecFixtureToken'.padEnd(34, 'x')].join('_');

const notebookBytes = (cells: unknown[], metadata: unknown = {}): Uint8Array =>
  new TextEncoder().encode(
    JSON.stringify({ cells, metadata, nbformat: 4, nbformat_minor: 5 }, null, 1),
  );

function read(cells: unknown[], metadata?: unknown): Notebook {
  const result = readNotebook(notebookBytes(cells, metadata), DEFAULT_LIMITS);
  assert.equal(result.ok, true, JSON.stringify(result.issues));
  if (!result.ok) throw new Error('unreachable');
  return result.value;
}

const code = (source: unknown, outputs: unknown[] = [], id = 'c1'): unknown => ({
  cell_type: 'code',
  id,
  metadata: {},
  execution_count: 1,
  source,
  outputs,
});

const find = (nb: Notebook, pred: (s: NotebookSegment) => boolean): NotebookSegment => {
  const found = nb.segments.find(pred);
  assert.ok(found, `no such segment in ${JSON.stringify(nb.segments.map((s) => s.location))}`);
  return found;
};

describe('readNotebook', () => {
  describe('when a source holds a JSON-escaped token', () => {
    it('decodes escaped quotes so the token stands between real quotes', () => {
      const nb = read([code([`hf_token = "${TOKEN}"\n`, 'print(1)'])]);
      const source = find(nb, (s) => s.location.kind === 'source');
      assert.equal(source.text, `hf_token = "${TOKEN}"\nprint(1)`);
      assert.deepEqual(source.location, {
        cell: 0,
        cellId: 'c1',
        cellType: 'code',
        kind: 'source',
        pointer: '/cells/0/source',
      });
    });

    it('reads a source given as one string the same as a list of lines', () => {
      const asList = read([code(['a = 1\n', `b = "${TOKEN}"`])]).segments[0];
      const asString = read([code(`a = 1\nb = "${TOKEN}"`)]).segments[0];
      assert.equal(asList?.text, asString?.text);
    });

    it('keeps unicode and CRLF line ends as written', () => {
      const nb = read([code(['x = "caf\u00e9 \u{1f511}"\r\n', `t = '${TOKEN}'\r\n`])]);
      const source = find(nb, (s) => s.location.kind === 'source');
      assert.equal(source.text, `x = "caf\u00e9 \u{1f511}"\r\nt = '${TOKEN}'\r\n`);
      const at = locateInSegment(source, source.text.indexOf(TOKEN));
      assert.deepEqual([at.line, at.column, at.pointer], [2, 6, '/cells/0/source/1']);
    });
  });

  describe('when mapping an offset back to the notebook', () => {
    it('names the cell line, column and list element', () => {
      const nb = read([
        { cell_type: 'markdown', id: 'm0', metadata: {}, source: '# title' },
        code(['import os\n', '\n', `os.environ["HF_TOKEN"] = "${TOKEN}"\n`], [], 'abc'),
      ]);
      const source = find(nb, (s) => s.location.kind === 'source' && s.location.cell === 1);
      const at = locateInSegment(source, source.text.indexOf(TOKEN));
      assert.equal(at.location.cellId, 'abc');
      assert.deepEqual([at.line, at.column, at.pointer], [3, 27, '/cells/1/source/2']);
    });

    it('clamps offsets outside the text', () => {
      const source = read([code('a\nb')]).segments[0];
      assert.ok(source);
      assert.deepEqual(
        [locateInSegment(source, -5).line, locateInSegment(source, 99).line],
        [1, 2],
      );
    });
  });

  describe('when a cell has outputs', () => {
    const outputs = [
      { output_type: 'stream', name: 'stdout', text: ['token is ', `${TOKEN}\n`] },
      {
        output_type: 'execute_result',
        execution_count: 1,
        metadata: {},
        data: {
          'text/plain': [`'${TOKEN}'`],
          'text/html': `<b>${TOKEN}</b>`,
          'application/json': { auth: { token: TOKEN }, n: 3 },
          'image/png':
            'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGBgAAAABQABpfZFQAAAAABJRU5ErkJggg==',
        },
      },
      {
        output_type: 'error',
        ename: 'HTTPError',
        evalue: '\u001b[0;31m401 for token\u001b[0m',
        traceback: [
          '\u001b[0;31m------------------\u001b[0m',
          `\u001b[0;32mrequests.get(url, headers={"Authorization": "Bearer ${TOKEN}"})\u001b[0m`,
        ],
      },
    ];
    const nb = read([code('f()', outputs)]);

    it('reads stream text joined as Jupyter shows it', () => {
      const stream = find(nb, (s) => s.location.outputType === 'stream');
      assert.equal(stream.text, `token is ${TOKEN}\n`);
      assert.equal(stream.location.stream, 'stdout');
      assert.equal(stream.location.output, 0);
      assert.equal(locateInSegment(stream, 9).pointer, '/cells/0/outputs/0/text/1');
    });

    it('reads each text-like mime type and skips base64 images', () => {
      const mimes = nb.segments
        .filter((s) => s.location.output === 1)
        .map((s) => s.location.mimeType);
      assert.deepEqual(mimes, ['text/plain', 'text/html', 'application/json']);
      assert.equal(nb.skippedBinary, 1);
      const json = find(nb, (s) => s.location.mimeType === 'application/json');
      assert.equal(json.text, `token: ${TOKEN}\n`);
      assert.equal(
        locateInSegment(json, 8).pointer,
        '/cells/0/outputs/1/data/application~1json/auth/token',
      );
    });

    it('reads error name, value and traceback with ANSI escapes stripped', () => {
      const error = find(nb, (s) => s.location.outputType === 'error');
      assert.equal(
        error.text,
        `HTTPError\n401 for token\n------------------\nrequests.get(url, headers={"Authorization": "Bearer ${TOKEN}"})`,
      );
      const at = locateInSegment(error, error.text.indexOf(TOKEN));
      assert.deepEqual([at.line, at.pointer], [4, '/cells/0/outputs/2/traceback/1']);
    });
  });

  describe('when metadata holds strings', () => {
    it('reads notebook and cell metadata as key: value lines, without widget buffers', () => {
      const nb = read([{ ...(code('x') as object), metadata: { colab: { secret: TOKEN } } }], {
        kernelspec: { name: 'python3', display_name: 'Python 3' },
        widgets: {
          'application/vnd.jupyter.widget-state+json': {
            state: { m1: { state: { value: TOKEN }, buffers: [{ data: 'QUJD' }] } },
          },
        },
      });
      const top = find(nb, (s) => s.location.kind === 'metadata' && s.location.cell === undefined);
      assert.equal(top.text, `name: python3\ndisplay_name: Python 3\nvalue: ${TOKEN}\n`);
      const cellMeta = find(nb, (s) => s.location.kind === 'metadata' && s.location.cell === 0);
      assert.equal(cellMeta.text, `secret: ${TOKEN}\n`);
    });
  });

  describe('when the notebook is damaged', () => {
    it('reports a cell of the wrong shape and reads the others', () => {
      const result = readNotebook(notebookBytes([7, code({ a: 1 }), code('ok')]), DEFAULT_LIMITS);
      assert.equal(result.ok, true);
      assert.deepEqual(
        result.issues.map((i) => i.code),
        ['NOTEBOOK_BAD_CELL', 'NOTEBOOK_BAD_CELL'],
      );
      if (result.ok) assert.equal(result.value.segments.at(-1)?.text, 'ok');
    });

    it('reports an unknown output type and still reads its strings', () => {
      const nb = readNotebook(
        notebookBytes([code('x', [{ output_type: 'mystery', payload: TOKEN }])]),
        DEFAULT_LIMITS,
      );
      assert.deepEqual(
        nb.issues.map((i) => i.code),
        ['NOTEBOOK_UNKNOWN_OUTPUT_TYPE'],
      );
      assert.ok(nb.ok && nb.value.segments.some((s) => s.text.includes(TOKEN)));
    });

    it('refuses JSON that is not a notebook and v3 notebooks', () => {
      const bytes = (v: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(v));
      const codes = [
        bytes({ a: 1 }),
        bytes([1]),
        bytes({ nbformat: 3, worksheets: [{ cells: [] }] }),
        new TextEncoder().encode('{"cells": ['),
        new Uint8Array(0),
      ].map((b) => readNotebook(b, DEFAULT_LIMITS).issues.at(-1)?.code);
      assert.deepEqual(codes, [
        'NOTEBOOK_NOT_A_NOTEBOOK',
        'NOTEBOOK_NOT_A_NOTEBOOK',
        'NOTEBOOK_UNSUPPORTED_VERSION',
        'NOTEBOOK_JSON_SYNTAX',
        'NOTEBOOK_EMPTY',
      ]);
    });

    it('reads invalid UTF-8 with a warning', () => {
      const good = notebookBytes([code('x = "\u00e9"')]);
      const at = Buffer.from(good).indexOf(Buffer.from('\u00e9'));
      const bad = Uint8Array.from(good);
      bad[at] = 0xff;
      const result = readNotebook(bad, DEFAULT_LIMITS);
      assert.equal(result.ok, true);
      assert.equal(result.issues[0]?.code, 'NOTEBOOK_INVALID_UTF8');
    });
  });

  describe('when limits are reached', () => {
    const bytes = notebookBytes([code('a', [], 'a'), code('b', [], 'b'), code('c', [], 'c')]);

    it('refuses input past maxBytes', () => {
      const result = readNotebook(bytes, makeLimits({ maxBytes: 10 }));
      assert.deepEqual([result.ok, result.issues[0]?.code], [false, 'NOTEBOOK_TOO_LARGE']);
    });

    it('reports a string past maxStringLength', () => {
      const result = readNotebook(bytes, makeLimits({ maxStringLength: 4 }));
      assert.deepEqual([result.ok, result.issues[0]?.code], [false, 'NOTEBOOK_STRING_TOO_LONG']);
    });

    it('reports too many cells', () => {
      const result = readNotebook(bytes, makeLimits({ maxEntries: 2 }));
      assert.deepEqual([result.ok, result.issues.at(-1)?.code], [false, 'NOTEBOOK_JSON_TOO_LARGE']);
    });

    it('keeps the segments read before too many segments', () => {
      // Every object and array stays within 4 members; the 3 cells hold 12 texts.
      const stream = (text: string): unknown => ({ output_type: 'stream', text });
      const cell = { source: 's', outputs: [stream('1'), stream('2'), stream('3')] };
      const many = notebookBytes([cell, cell, cell]);
      const result = readNotebook(many, makeLimits({ maxEntries: 4 }));
      assert.equal(result.ok, false);
      assert.equal(result.issues.at(-1)?.code, 'NOTEBOOK_TOO_MANY_SEGMENTS');
      if (!result.ok)
        assert.deepEqual(
          result.partial?.segments.map((s) => s.text),
          ['s', '1', '2', '3'],
        );
    });

    it('reports JSON nested too deeply', () => {
      const deep = `{"cells":[],"metadata":${'['.repeat(70)}${']'.repeat(70)}}`;
      const result = readNotebook(new TextEncoder().encode(deep), DEFAULT_LIMITS);
      assert.equal(result.issues.at(-1)?.code, 'NOTEBOOK_JSON_TOO_DEEP');
    });
  });
});
