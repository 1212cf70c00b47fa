import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS, makeLimits, memorySource } from '@mlsec/core';
import type { Limits } from '@mlsec/core';
import { parseOnnx } from './parse-onnx.ts';
import {
  REAL_ONNX_BASE64,
  encode,
  graph,
  graphAttribute,
  model,
  node,
  tensor,
  validOnnx,
} from './testing/build-onnx.ts';

const parse = (bytes: Uint8Array, limits: Limits = DEFAULT_LIMITS) =>
  parseOnnx(memorySource(bytes), limits);

describe('parseOnnx', () => {
  describe('when the model was written by onnx', () => {
    it('collects opsets, operators of every subgraph and external tensors', async () => {
      const result = await parse(Buffer.from(REAL_ONNX_BASE64, 'base64'));
      assert.deepEqual(result.issues, []);
      assert.ok(result.ok);
      const m = result.value;
      assert.equal(m.irVersion, 8);
      assert.equal(m.producerName, 'mlsec-test');
      assert.deepEqual(m.opsetImports, [
        { domain: '', version: 17 },
        { domain: 'com.example', version: 1 },
        { domain: 'com.microsoft', version: 1 },
      ]);
      assert.deepEqual(
        m.operators.map((o) => [o.domain, o.opType, o.graph]),
        [
          ['', 'Add', 'graph'],
          ['com.example', 'MyOp', 'graph/If.else_branch'],
          ['', 'Identity', 'graph/If.then_branch'],
          ['', 'If', 'graph'],
          ['com.microsoft', 'FusedMatMul', 'graph'],
        ],
      );
      assert.equal(m.externalTensors.length, 1);
      const [w] = m.externalTensors;
      assert.deepEqual(
        {
          name: w?.name,
          location: w?.location,
          dataOffset: w?.dataOffset,
          dataLength: w?.dataLength,
          external: w?.external,
        },
        { name: 'w', location: 'weights.bin', dataOffset: 0, dataLength: 16, external: true },
      );
      assert.equal(m.graphCount, 3);
    });
  });

  describe('when tensors carry data', () => {
    it('skips raw_data without reading it as fields', async () => {
      const result = await parse(validOnnx());
      assert.deepEqual(result.issues, []);
      assert.equal(result.ok && result.value.tensorCount, 1);
      assert.equal(result.ok && result.value.externalTensors.length, 0);
    });
    it('finds external tensors in attributes, sparse initializers, training graphs and functions', async () => {
      const ext = (name: string) => tensor(name, { location: `${name}.bin` });
      const constant: readonly (readonly [number, unknown])[] = [
        [1, 'value'],
        [5, ext('attr')],
      ];
      const sparse = [[1, ext('sparse')]] as const;
      const bytes = encode([
        [1, 8],
        [
          7,
          [
            [1, node('Constant', '', [constant as never])],
            [15, sparse],
          ],
        ],
        [20, [[1, graph([], [ext('train')])]]],
        [
          25,
          [
            [1, 'f'],
            [
              7,
              node('Constant', '', [
                [
                  [1, 'v'],
                  [10, ext('func')],
                ],
              ]),
            ],
            [10, 'local'],
          ],
        ],
      ]);
      const result = await parse(bytes);
      assert.deepEqual(result.issues, []);
      assert.deepEqual(result.ok && result.value.externalTensors.map((t) => [t.name, t.graph]), [
        ['attr', 'graph/Constant.value'],
        ['sparse', 'graph'],
        ['train', 'training_info[0].initialization'],
        ['func', 'function local:f/Constant.v'],
      ]);
      assert.deepEqual(result.ok && result.value.functions, [{ domain: 'local', name: 'f' }]);
    });
    it('reports malformed external data', async () => {
      const bytes = model(
        graph(
          [],
          [
            tensor('w', { offset: 'x' }),
            [
              [8, 'v'],
              [
                13,
                [
                  [1, 'location'],
                  [2, 'a.bin'],
                ],
              ],
            ],
          ],
        ),
      );
      const result = await parse(bytes);
      assert.deepEqual(
        result.issues.map((i) => i.code),
        ['ONNX_INVALID_EXTERNAL_DATA', 'ONNX_INVALID_EXTERNAL_DATA', 'ONNX_INVALID_EXTERNAL_DATA'],
      );
      assert.equal(result.ok && result.value.externalTensors[1]?.location, 'a.bin');
    });
  });

  describe('when subgraphs nest', () => {
    it('walks them to maxDepth and reports deeper nesting', async () => {
      let g = graph([node('Relu', 'deep.domain')]);
      for (let i = 0; i < 4; i++) g = graph([node('Loop', '', [graphAttribute('body', g)])]);
      const ok = await parse(model(g));
      assert.equal(ok.ok && ok.value.operators.some((o) => o.domain === 'deep.domain'), true);
      const deep = await parse(model(g), makeLimits({ maxDepth: 3 }));
      assert.equal(deep.ok, false);
      assert.equal(deep.issues[0]?.code, 'ONNX_TOO_DEEP');
    });
  });

  describe('when the bytes are not a valid model', () => {
    it('reports groups, bad wire types, long varints and truncation', async () => {
      for (const [raw, code] of [
        [[0x0b], 'ONNX_MALFORMED_PROTOBUF'],
        [[0x0e], 'ONNX_MALFORMED_PROTOBUF'],
        [[0x08, ...new Array<number>(11).fill(0xff)], 'ONNX_MALFORMED_PROTOBUF'],
        [[0x3a, 0x10, 0x0a], 'ONNX_TRUNCATED'],
        [[0x00], 'ONNX_MALFORMED_PROTOBUF'],
      ] as const) {
        const result = await parse(Uint8Array.from(raw));
        assert.equal(result.ok, false);
        assert.equal(result.issues.at(-1)?.code, code, JSON.stringify(raw));
      }
    });
    it('reports a model without a graph, an empty file and a file over the limit', async () => {
      assert.equal((await parse(encode([[1, 8]]))).issues[0]?.code, 'ONNX_NO_GRAPH');
      assert.equal((await parse(new Uint8Array(0))).issues[0]?.code, 'ONNX_EMPTY');
      assert.equal(
        (await parse(validOnnx(), makeLimits({ maxBytes: 100 }))).issues[0]?.code,
        'ONNX_TOO_LARGE',
      );
    });
    it('reports fields with the wrong wire type and skips them', async () => {
      const result = await parse(
        encode([
          [1, 8],
          [7, 5],
          [7, graph([node('Relu')])],
        ]),
      );
      assert.deepEqual(
        result.issues.map((i) => i.code),
        ['ONNX_WIRE_TYPE_MISMATCH'],
      );
      assert.equal(result.ok && result.value.operators[0]?.opType, 'Relu');
    });
  });
});
