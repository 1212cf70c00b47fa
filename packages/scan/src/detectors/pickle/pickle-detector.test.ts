import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPolicy } from '../../policy/index.ts';
import { runDetector } from '../../testing/run-detector.ts';
import { pickleDetector } from './pickle-detector.ts';
import { pickleProbeDetector } from './probe-detector.ts';

const policy = createPolicy();
const latin1 = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'latin1'));
/** Protocol 2 framing around protocol 0 opcodes. */
const p2 = (body: string): Uint8Array => latin1(`\x80\x02${body}`);

async function rules(
  bytes: Uint8Array,
  format: 'pickle' | 'torch-legacy' = 'pickle',
): Promise<string[]> {
  const { reports } = await runDetector(pickleDetector, bytes, { format, policy });
  return reports.map((r) => `${r.ruleId}:${String(r.evidence?.['global'] ?? '')}`).sort();
}

describe('pickleDetector', () => {
  it('reports a denied global that is called as critical dangerous-callable', async () => {
    const found = await rules(p2('cposix\nsystem\nX\x02\x00\x00\x00id\x85R.'));
    assert.deepEqual(found, ['pickle/dangerous-callable:posix.system']);
  });

  it('reports a denied global that is only imported as dangerous-import', async () => {
    assert.deepEqual(await rules(p2('cposix\nsystem\n.')), [
      'pickle/dangerous-import:posix.system',
    ]);
  });

  it('reports an unknown global for review and stays silent on allowed ones', async () => {
    const found = await rules(
      p2('ccollections\nOrderedDict\n)Rcmy_package.models\nThing\n)R\x86.'),
    );
    assert.deepEqual(found, ['pickle/unknown-global:my_package.models.Thing']);
  });

  it('reports a second pickle after STOP and bytes that are no pickle', async () => {
    const found = await rules(
      latin1('\x80\x02}.\x80\x02cposix\nsystem\nX\x01\x00\x00\x00x\x85R.\xff\xfe garbage'),
    );
    assert.ok(found.includes('pickle/dangerous-callable:posix.system'), found.join());
    assert.ok(
      found.some((r) => r.startsWith('pickle/multiple-pickles')),
      found.join(),
    );
    assert.ok(
      found.some((r) => r.startsWith('pickle/trailing-data')),
      found.join(),
    );
  });

  it('does not call five pickles in a legacy torch.save file suspicious', async () => {
    const five = latin1('\x80\x02K\x01.'.repeat(5));
    assert.deepEqual(await rules(five, 'torch-legacy'), []);
    assert.ok((await rules(five)).some((r) => r.startsWith('pickle/multiple-pickles')));
  });

  it('fails closed on a pickle it cannot decode', async () => {
    const found = await rules(p2('cposix\nsystem\nX\x02\x00\x00\x00id\x85R\xff'));
    assert.ok(found.includes('pickle/dangerous-callable:posix.system'), found.join());
    assert.ok(
      found.some((r) => r.startsWith('pickle/unparseable')),
      found.join(),
    );
  });
});

describe('pickleProbeDetector', () => {
  it('still reports a call decoded before garbage, which CPython runs before failing', async () => {
    const { reports } = await runDetector(
      pickleProbeDetector,
      latin1("cos\nsystem\n(S'echo hi'\ntRd garbage"),
      { format: 'text', policy },
    );
    assert.ok(reports.some((r) => r.ruleId === 'pickle/dangerous-callable'));
  });

  it('finds a protocol 0 pickle that looks like text', async () => {
    const { reports } = await runDetector(
      pickleProbeDetector,
      latin1("cos\nsystem\n(S'echo hi'\ntR."),
      { format: 'text', policy },
    );
    assert.deepEqual(
      reports.map((r) => r.ruleId),
      ['pickle/dangerous-callable'],
    );
  });

  it('leaves ordinary text and Python source alone', async () => {
    for (const text of [
      'class Model:\n    pass\n',
      'import os\nprint(os.getcwd())\n',
      '(a note in brackets)\n',
      '0.5,1.5\n',
      // DICT without MARK at offset 0 (CPython stops there), then what decodes as INST st.node_modules.
      'dist\nnode_modules\nfixtures\ncoverage\n',
    ]) {
      const { reports } = await runDetector(pickleProbeDetector, latin1(text), {
        format: 'text',
        policy,
      });
      assert.deepEqual(reports, [], text);
    }
  });
});
