import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ONNX_RULES } from '../rules/onnx.ts';
import { runDetector } from '../testing/run-detector.ts';
import { escapeReason, onnxDetector } from './onnx.ts';

type Fields = readonly (readonly [number, number | string | Fields])[];

/** Minimal protobuf writer: numbers are varints, strings and nested lists are length-delimited. */
function encode(fields: Fields): Buffer {
  const varint = (n: number): number[] => {
    const out: number[] = [];
    do {
      out.push((n % 128) | (n >= 128 ? 0x80 : 0));
      n = Math.floor(n / 128);
    } while (n > 0);
    return out;
  };
  const parts: Buffer[] = [];
  for (const [field, value] of fields) {
    if (typeof value === 'number')
      parts.push(Buffer.from([...varint(field * 8), ...varint(value)]));
    else {
      const body = typeof value === 'string' ? Buffer.from(value) : encode(value);
      parts.push(Buffer.from([...varint(field * 8 + 2), ...varint(body.length)]), body);
    }
  }
  return Buffer.concat(parts);
}

const node = (opType: string, domain = ''): Fields => [
  [4, opType],
  ...(domain ? ([[7, domain]] as const) : []),
];
const external = (name: string, location: string): Fields => [
  [8, name],
  [
    13,
    [
      [1, 'location'],
      [2, location],
    ],
  ],
  [14, 1],
];
/** ModelProto: ir_version 8, graph (7) with nodes (1) and initializers (5), functions (25). */
function model(nodes: Fields[], initializers: Fields[] = [], functions: Fields[] = []): Buffer {
  return encode([
    [1, 8],
    [7, [...nodes.map((n) => [1, n] as const), ...initializers.map((t) => [5, t] as const)]],
    ...functions.map((f) => [25, f] as const),
  ]);
}

const RULE_IDS = new Set(ONNX_RULES.map((r) => r.id));

async function scan(bytes: Uint8Array, path = 'models/model.onnx') {
  const { reports } = await runDetector(onnxDetector, bytes, {
    format: 'onnx',
    path,
  });
  for (const r of reports) assert.ok(RULE_IDS.has(r.ruleId), `unknown rule ${r.ruleId}`);
  return reports;
}

/**
 * onnx 1.12 helper.make_model (/usr/bin/python3): initializer w EXTERNAL at weights.bin, an If whose
 * else_branch uses MyOp of domain com.example, and FusedMatMul of domain com.microsoft.
 */
const REAL =
  'CAgSCm1sc2VjLXRlc3Q6uwIKDgoBeAoBdxIBeSIDQWRkCo0BCgFjEgF6IgJJZipECgtlbHNlX2JyYW5jaDIyChkKAXgSAWUiBE15T3A6C2NvbS5leGFtcGxlEgRlbHNlYg8KAWUSCgoICAESBAoCCASgAQUqOwoLdGhlbl9icmFuY2gyKQoQCgF4EgF0IghJZGVudGl0eRIEdGhlbmIPCgF0EgoKCAgBEgQKAggEoAEFCiUKAXkKAXkSAW0iC0Z1c2VkTWF0TXVsOg1jb20ubWljcm9zb2Z0EgRtYWluKj0IBBABQgF3ahcKCGxvY2F0aW9uEgt3ZWlnaHRzLmJpbmoLCgZvZmZzZXQSATBqDAoGbGVuZ3RoEgIxNnABWg8KAXgSCgoICAESBAoCCARaCwoBYxIGCgQICRIAYg8KAXoSCgoICAESBAoCCARCBAoAEBFCDwoLY29tLmV4YW1wbGUQAUIRCg1jb20ubWljcm9zb2Z0EAE=';

describe('escapeReason', () => {
  it('accepts relative paths inside the folder', () => {
    for (const ok of ['weights.bin', 'data/w.bin', './w.bin', 'a/../w.bin', 'a\\b.bin', 'w..bin']) {
      assert.equal(escapeReason(ok), undefined, ok);
    }
  });
  it('explains every way out of the folder', () => {
    assert.equal(escapeReason('../../../etc/passwd'), 'climbs out of the model folder');
    assert.equal(escapeReason('a/../../w.bin'), 'climbs out of the model folder');
    assert.equal(escapeReason('a\\..\\..\\w.bin'), 'climbs out of the model folder');
    assert.equal(escapeReason('/etc/passwd'), 'is an absolute path');
    assert.equal(escapeReason('\\\\server\\share\\w.bin'), 'is an absolute path');
    assert.equal(escapeReason('C:\\Windows\\win.ini'), 'names a drive');
    assert.equal(escapeReason('c:w.bin'), 'names a drive');
    assert.equal(escapeReason('file:///etc/passwd'), 'is a URL');
    assert.equal(escapeReason('https://example.com/w.bin'), 'is a URL');
    assert.equal(escapeReason('w.bin\0.txt'), 'contains a NUL byte');
  });
});

describe('onnxDetector', () => {
  describe('when the model was written by onnx', () => {
    it('notes the external file and reports only the custom domain', async () => {
      const reports = await scan(Buffer.from(REAL, 'base64'));
      assert.deepEqual(
        reports.map((r) => r.ruleId),
        ['onnx/external-data', 'onnx/custom-operator-domain'],
      );
      assert.equal(reports[1]?.evidence?.['domain'], 'com.example');
      assert.equal(reports[1]?.evidence?.['operators'], 'MyOp');
      assert.match(reports[1]?.message ?? '', /If\.else_branch/);
    });
  });

  describe('when external data leaves the model folder', () => {
    it('reports traversal, absolute paths and URLs as critical escapes, resolved from the model folder', async () => {
      const reports = await scan(
        model(
          [node('Add')],
          [
            external('a', '../../../etc/passwd'),
            external('b', '/etc/shadow'),
            external('c', 'http://x/w'),
          ],
        ),
      );
      assert.deepEqual(
        reports.map((r) => r.ruleId),
        Array(3).fill('onnx/external-data-escape'),
      );
      assert.equal(reports[0]?.evidence?.['resolved'], '../../etc/passwd');
      assert.match(reports[0]?.message ?? '', /climbs out of the model folder/);
      assert.equal(
        ONNX_RULES.find((r) => r.id === 'onnx/external-data-escape')?.severity,
        'critical',
      );
    });
    it('checks every location entry, not only the last', async () => {
      const twice: Fields = [
        [8, 'w'],
        [
          13,
          [
            [1, 'location'],
            [2, '../x'],
          ],
        ],
        [
          13,
          [
            [1, 'location'],
            [2, 'ok.bin'],
          ],
        ],
        [14, 1],
      ];
      const reports = await scan(model([node('Add')], [twice]));
      assert.deepEqual(reports.map((r) => r.ruleId).sort(), [
        'onnx/external-data',
        'onnx/external-data-escape',
      ]);
    });
  });

  describe('when nodes use operator domains', () => {
    it('accepts the standard domains and com.microsoft', async () => {
      const ops = [
        '',
        'ai.onnx',
        'ai.onnx.ml',
        'ai.onnx.training',
        'ai.onnx.preview.training',
        'com.microsoft',
      ];
      assert.deepEqual(await scan(model(ops.map((d) => node('Op', d)))), []);
    });
    it('reports each custom domain once with its operators', async () => {
      const reports = await scan(
        model([
          node('A', 'com.evil'),
          node('B', 'com.evil'),
          node('A', 'com.evil'),
          node('C', 'ai.onnx.contrib'),
        ]),
      );
      assert.deepEqual(
        reports.map((r) => [r.ruleId, r.evidence?.['domain'], r.evidence?.['operators']]),
        [
          ['onnx/custom-operator-domain', 'com.evil', 'A B'],
          ['onnx/custom-operator-domain', 'ai.onnx.contrib', 'C'],
        ],
      );
    });
    it('does not report nodes that call a function defined in the model', async () => {
      const fn: Fields = [
        [1, 'Gelu'],
        [7, node('Erf')],
        [10, 'local.fns'],
      ];
      assert.deepEqual(await scan(model([node('Gelu', 'local.fns')], [], [fn])), []);
    });
  });

  describe('when the model is malformed', () => {
    it('reports unparseable bytes', async () => {
      assert.deepEqual(
        (await scan(Uint8Array.from([0x08, 0x08, 0x3a, 0x7f, 0x00]))).map((r) => r.ruleId),
        ['onnx/unparseable'],
      );
    });
    it('reports malformed external data', async () => {
      const bad: Fields = [
        [8, 'w'],
        [
          13,
          [
            [1, 'offset'],
            [2, 'x'],
          ],
        ],
        [14, 1],
      ];
      const reports = await scan(model([node('Add')], [bad]));
      assert.deepEqual(
        reports.map((r) => r.ruleId),
        ['onnx/malformed', 'onnx/malformed'],
      );
    });
  });
});
