import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SAFETENSORS_RULES } from '../rules/safetensors.ts';
import { runDetector } from '../testing/run-detector.ts';
import { safetensorsDetector } from './safetensors.ts';

/** SafeTensors bytes: u64 length, JSON header padded with spaces, then `data`. */
function safetensors(header: object, data: Uint8Array | number = 0, length?: bigint): Uint8Array {
  let text = JSON.stringify(header);
  text += ' '.repeat((8 - (text.length % 8)) % 8);
  const body = typeof data === 'number' ? new Uint8Array(data) : data;
  const out = new Uint8Array(8 + text.length + body.length);
  new DataView(out.buffer).setBigUint64(0, length ?? BigInt(text.length), true);
  out.set(Buffer.from(text, 'latin1'), 8);
  out.set(body, 8 + text.length);
  return out;
}

const tensor = (begin: number, end: number) => ({
  dtype: 'U8',
  shape: [end - begin],
  data_offsets: [begin, end],
});
const RULE_IDS = new Set(SAFETENSORS_RULES.map((r) => r.id));

async function scan(bytes: Uint8Array) {
  const { reports, nested } = await runDetector(safetensorsDetector, bytes, {
    format: 'safetensors',
  });
  for (const r of reports) assert.ok(RULE_IDS.has(r.ruleId), `unknown rule ${r.ruleId}`);
  return { rules: reports.map((r) => r.ruleId), reports, nested };
}

describe('safetensorsDetector', () => {
  describe('when the file is well formed', () => {
    it('reports nothing and scans nothing nested', async () => {
      const { reports, nested } = await scan(
        safetensors({ __metadata__: { format: 'pt' }, a: tensor(0, 4) }, 4),
      );
      assert.deepEqual(reports, []);
      assert.deepEqual(nested, []);
    });
  });

  describe('when the header length is abused', () => {
    it('reports a 10 GB claim as invalid-header (high)', async () => {
      const { rules, reports } = await scan(safetensors({}, 0, 10n * 1024n ** 3n));
      assert.deepEqual(rules, ['safetensors/invalid-header']);
      assert.equal(reports[0]?.evidence?.['code'], 'SAFETENSORS_HEADER_OUT_OF_RANGE');
      assert.equal(SAFETENSORS_RULES.find((r) => r.id === rules[0])?.severity, 'high');
    });
  });

  describe('when the header cannot be parsed', () => {
    it('reports unparseable', async () => {
      const bytes = safetensors({});
      bytes.set(Buffer.from('{"a"'), 8);
      assert.deepEqual((await scan(bytes)).rules, ['safetensors/unparseable']);
    });
  });

  describe('when tensors are laid out badly', () => {
    it('reports overlaps, out-of-range offsets and invalid entries', async () => {
      const { rules } = await scan(
        safetensors(
          {
            a: tensor(0, 8),
            b: tensor(4, 8),
            c: { dtype: 'X', shape: [1], data_offsets: [8, 9] },
            d: tensor(9, 99),
          },
          9,
        ),
      );
      assert.deepEqual(rules.sort(), [
        'safetensors/invalid-tensor-info',
        'safetensors/out-of-range',
        'safetensors/overlapping-tensors',
      ]);
    });
    it('reports trailing bytes and hands them to the engine as nested content', async () => {
      const payload = Uint8Array.from([0x80, 0x04, 0x4b, 0x01, 0x2e]); // a protocol 4 pickle of 1
      const data = new Uint8Array(4 + payload.length);
      data.set(payload, 4);
      const { rules, nested } = await scan(safetensors({ a: tensor(0, 4) }, data));
      assert.deepEqual(rules, ['safetensors/trailing-data']);
      assert.equal(nested.length, 1);
      assert.deepEqual([...(nested[0]?.bytes ?? [])], [...payload]);
      assert.match(nested[0]?.name ?? '', /^<unindexed bytes at \d+>$/);
    });
    it('scans gaps between tensors as nested content too', async () => {
      const { rules, nested } = await scan(safetensors({ a: tensor(0, 2), b: tensor(6, 8) }, 8));
      assert.deepEqual(rules, ['safetensors/overlapping-tensors']);
      assert.deepEqual(
        nested.map((n) => n.bytes.length),
        [4],
      );
    });
  });
});
