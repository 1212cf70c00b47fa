import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCapture } from '../testing/run-cli.ts';

const VECTORS = resolve(
  import.meta.dirname,
  '../../../../packages/attest/testdata/model-signing/scripts/tests',
);

describe('mlsec keygen, sign and verify', () => {
  let dir = '';
  const run = (argv: string[], env: Record<string, string> = {}) =>
    runCapture(argv, { cwd: dir, env });
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mlsec-cli-sign-'));
    await run(['keygen', '--out', 'k']);
    await run(['keygen', '--out', 'other', '--curve', 'p384']);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const model = async (): Promise<string> => {
    const m = await mkdtemp(join(dir, 'model-'));
    await writeFile(join(m, 'a.bin'), 'weights');
    await writeFile(join(m, 'b.json'), '{}');
    return m;
  };

  it('keygen writes a 0600 private key and refuses to overwrite it (exit 2, KEY_EXISTS)', async () => {
    assert.equal((await stat(join(dir, 'k.key'))).mode & 0o777, 0o600);
    const again = await run(['keygen', '--out', 'k']);
    assert.equal(again.code, 2);
    assert.match(again.err, /KEY_EXISTS/);
  });

  it('signs and verifies (exit 0), reporting the signer, count and root digest', async () => {
    const m = await model();
    const signed = await run(['sign', m, '--key', 'k.key', '--signature', 'm1.sig']);
    assert.equal(signed.code, 0, signed.err);
    assert.match(signed.out, /signed 2 files/);
    const r = await run(['verify', m, '--signature', 'm1.sig', '--key', 'k.pub']);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /verified: .*\n {2}signer: {6}key [0-9a-f]{64} \(P-256\)\n.*2 signed/);
    assert.match(r.out, /root digest: sha256:[0-9a-f]{64}/);
  });

  it('exits 1 listing modified, missing and extra files', async () => {
    const m = await model();
    await run(['sign', m, '--key', 'k.key', '--signature', 'm2.sig']);
    await writeFile(join(m, 'a.bin'), 'tampered');
    await rm(join(m, 'b.json'));
    await writeFile(join(m, 'c.txt'), 'new');
    const r = await run(['verify', m, '--signature', 'm2.sig', '--key', 'k.pub']);
    assert.equal(r.code, 1);
    assert.match(r.out, /NOT verified/);
    assert.match(r.out, /VERIFY_MODEL_MISMATCH/);
    assert.match(
      r.out,
      /modified \(1\):\n {4}a\.bin\n {2}missing \(1\):\n {4}b\.json\n {2}extra \(1\):\n {4}c\.txt/,
    );
    const json = await run(['verify', m, '--signature', 'm2.sig', '--key', 'k.pub', '-f', 'json']);
    const report = JSON.parse(json.out) as { verified: boolean; diff: unknown };
    assert.deepEqual(
      [report.verified, report.diff],
      [false, { modified: ['a.bin'], missing: ['b.json'], extra: ['c.txt'] }],
    );
  });

  it('exits 1 with VERIFY_KEY_MISMATCH for another key', async () => {
    const m = await model();
    await run(['sign', m, '--key', 'k.key', '--signature', 'm3.sig']);
    const r = await run(['verify', m, '--signature', 'm3.sig', '--key', 'other.pub']);
    assert.equal(r.code, 1);
    assert.match(r.out, /VERIFY_KEY_MISMATCH/);
  });

  it('exits 2 on usage errors: no trust flag, two trust flags, missing --signature', async () => {
    const m = await model();
    for (const argv of [
      ['verify', m, '--signature', 'x.sig'],
      ['verify', m, '--signature', 'x.sig', '--key', 'k.pub', '--cert-chain', 'k.pub'],
      ['verify', m, '--key', 'k.pub'],
      ['sign', m],
    ]) {
      const r = await run(argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.match(r.err, /CLI_USAGE/);
    }
  });

  it('uses MLSEC_KEY_PASSPHRASE for an encrypted key and never prints it', async () => {
    const env = { MLSEC_KEY_PASSPHRASE: 'correct horse' };
    const made = await run(['keygen', '--out', 'enc'], env);
    assert.match(made.out, /encrypted/);
    assert.match(await readFile(join(dir, 'enc.key'), 'utf8'), /ENCRYPTED PRIVATE KEY/);
    const m = await model();
    assert.equal((await run(['sign', m, '--key', 'enc.key', '--signature', 'e.sig'], env)).code, 0);
    const wrong = await run(['sign', m, '--key', 'enc.key', '--signature', 'e.sig'], {
      MLSEC_KEY_PASSPHRASE: 'nope',
    });
    assert.equal(wrong.code, 2);
    assert.match(wrong.err, /KEY_PASSPHRASE/);
    assert.doesNotMatch(wrong.err + wrong.out, /nope|correct horse/);
  });

  it('verifies the reference keyless vector offline and rejects another identity', async () => {
    const v = join(VECTORS, 'v1.1.0-sigstore');
    const args = [
      'verify',
      v,
      '--signature',
      join(v, 'model.sig'),
      '--ignore',
      'ignore-me',
      '--issuer',
      'https://sigstore.verify.ibm.com/oauth2',
    ];
    const ok = await run([...args, '--identity', 'stefanb@us.ibm.com']);
    assert.equal(ok.code, 0, ok.out);
    assert.match(ok.out, /keyless stefanb@us\.ibm\.com/);
    const bad = await run([...args, '--identity', 'mallory@example.com']);
    assert.equal(bad.code, 1);
    assert.match(bad.out, /VERIFY_IDENTITY_MISMATCH/);
  });

  it('prints teaching help with examples for each command', async () => {
    for (const cmd of ['keygen', 'sign', 'verify']) {
      const r = await run([cmd, '--help']);
      assert.equal(r.code, 0);
      assert.match(r.out, new RegExp(`Usage: mlsec ${cmd}[\\s\\S]*Examples:\\n  mlsec`));
    }
  });
});
