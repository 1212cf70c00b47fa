import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCapture } from './testing/run-cli.ts';

describe('mlsec (dispatch)', () => {
  it('lists every command and exits 2 when run without one', async () => {
    const { code, out } = await runCapture([]);
    assert.equal(code, 2);
    for (const name of ['scan', 'keygen', 'sign', 'verify', 'provenance', 'bom']) {
      assert.match(out, new RegExp(`^  ${name} `, 'm'));
    }
  });

  for (const argv of [
    ['help', 'verify'],
    ['--help', 'verify'],
    ['verify', '--help'],
  ]) {
    it(`shows the command's own help for "${argv.join(' ')}"`, async () => {
      const { code, out } = await runCapture(argv);
      assert.equal(code, 0);
      assert.match(out, /^Usage: mlsec verify MODEL --signature FILE/);
    });
  }

  it('falls back to the overview for help on an unknown topic', async () => {
    const { code, out } = await runCapture(['help', 'nope']);
    assert.equal(code, 0);
    assert.match(out, /^Usage: mlsec <command>/);
  });

  it('rejects an unknown command with exit 2 and a truncated, quoted name', async () => {
    const { code, err } = await runCapture(['x'.repeat(500)]);
    assert.equal(code, 2);
    assert.match(err, /unknown command "x+…?"/);
    assert.ok(err.length < 2000);
  });
});
