import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCapture } from '../testing/run-cli.ts';

describe('mlsec provenance', () => {
  let dir = '';
  const run = (...argv: string[]) => runCapture(argv, { cwd: dir });
  const capture = (...extra: string[]) =>
    run(
      'provenance',
      'capture',
      '--model',
      'model',
      '--dataset',
      'data/train',
      '--dataset',
      'data/labels.csv',
      '--params',
      'params.json',
      '--no-pip-freeze',
      ...extra,
    );
  const verify = (...extra: string[]) =>
    run('provenance', 'verify', '--provenance', 'prov.sig', '--model', 'model', ...extra);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mlsec-cli-prov-'));
    await mkdir(join(dir, 'model'));
    await mkdir(join(dir, 'data', 'train'), { recursive: true });
    await writeFile(join(dir, 'model', 'weights.bin'), 'weights');
    await writeFile(join(dir, 'model', 'config.json'), '{}');
    await writeFile(join(dir, 'data', 'train', 'a.csv'), '1,2\n');
    await writeFile(join(dir, 'data', 'labels.csv'), 'cat\n');
    await writeFile(join(dir, 'params.json'), '{"lr": 0.01, "epochs": 2}');
    assert.equal((await run('keygen', '--out', 'k')).code, 0);
    assert.equal((await run('keygen', '--out', 'other')).code, 0);
    const first = await capture('--key', 'k.key', '--out', 'prov.sig');
    assert.equal(first.code, 0, first.err);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('captures signed provenance whose subject is the root digest mlsec sign signs', async () => {
    const signed = await run('sign', 'model', '--key', 'k.key', '--signature', 'model.sig');
    assert.equal(signed.code, 0, signed.err);
    const root = /root digest: (sha256:[0-9a-f]{64})/.exec(signed.out)?.[1];
    assert.ok(root);
    const verified = await verify('--key', 'k.pub', '--format', 'json');
    assert.equal(verified.code, 0, verified.out);
    const report = JSON.parse(verified.out) as { model: { sha256: string }; verified: boolean };
    assert.equal(`sha256:${report.model.sha256}`, root);
  });

  it('verifies (exit 0) and reports signer, model and datasets', async () => {
    const { code, out } = await verify('--key', 'k.pub');
    assert.equal(code, 0, out);
    assert.match(out, /^verified: prov\.sig/);
    assert.match(out, /signer: +key [0-9a-f]+ \(P-256\)/);
    assert.match(out, /dataset: +train matches/);
    assert.match(out, /dataset: +labels\.csv matches/);
  });

  it('exits 1 naming the dataset file when a dataset changed', async () => {
    await writeFile(join(dir, 'data', 'train', 'a.csv'), '1,3\n');
    try {
      const { code, out } = await verify('--key', 'k.pub');
      assert.equal(code, 1);
      assert.match(out, /^NOT verified/);
      assert.match(out, /PROVENANCE_DATASET_MISMATCH: dataset train .*modified: a\.csv/);
    } finally {
      await writeFile(join(dir, 'data', 'train', 'a.csv'), '1,2\n');
    }
  });

  it('exits 1 naming the model file when the model changed', async () => {
    await writeFile(join(dir, 'model', 'extra.txt'), 'new');
    try {
      const { code, out } = await verify('--key', 'k.pub');
      assert.equal(code, 1);
      assert.match(out, /PROVENANCE_SUBJECT_MISMATCH: model model .*extra: extra\.txt/);
    } finally {
      await rm(join(dir, 'model', 'extra.txt'));
    }
  });

  it('exits 1 with a VERIFY_ code under another key', async () => {
    const { code, out } = await verify('--key', 'other.pub');
    assert.equal(code, 1);
    assert.match(out, /VERIFY_(KEY_MISMATCH|SIGNATURE_INVALID)/);
  });

  it('checks a dataset at another path given as NAME=PATH or as a bare path', async () => {
    await mkdir(join(dir, 'elsewhere', 'train'), { recursive: true });
    await writeFile(join(dir, 'elsewhere', 'train', 'a.csv'), '1,2\n');
    const named = await verify('--key', 'k.pub', '--dataset', 'train=elsewhere/train');
    assert.equal(named.code, 0, named.out);
    assert.match(named.out, /train matches \(.*elsewhere\/train\)/);
    const bare = await verify('--key', 'k.pub', '--dataset', 'elsewhere/train');
    assert.equal(bare.code, 0, bare.out);
    const unknown = await verify('--key', 'k.pub', '--dataset', 'nope=elsewhere/train');
    assert.equal(unknown.code, 2);
    assert.match(
      unknown.err,
      /CLI_USAGE: --dataset nope=elsewhere\/train names no recorded dataset/,
    );
  });

  it('writes a bare statement with --unsigned, which verify refuses (exit 1)', async () => {
    const { code } = await capture('--unsigned', '--out', 'record.json');
    assert.equal(code, 0);
    const statement = JSON.parse(await readFile(join(dir, 'record.json'), 'utf8')) as {
      predicateType: string;
    };
    assert.equal(statement.predicateType, 'https://slsa.dev/provenance/v1');
    const refused = await run(
      'provenance',
      'verify',
      '--provenance',
      'record.json',
      '--model',
      'model',
      '--key',
      'k.pub',
    );
    assert.equal(refused.code, 1);
    assert.match(refused.out, /NOT verified: record\.json\n {2}VERIFY_BUNDLE_/);
  });

  it('exits 2 on usage errors', async () => {
    const cases: [string[], RegExp][] = [
      [['--out', 'x.sig'], /--key to sign the provenance, or --unsigned/],
      [['--key', 'k.key', '--unsigned', '--out', 'x.sig'], /--key to sign/],
      [['--unsigned', '--out', 'model/prov.json'], /outside the model folder/],
      [['--unsigned', '--out', 'x.json', '--started-at', 'yesterday'], /RFC 3339/],
    ];
    for (const [extra, message] of cases) {
      const { code, err } = await capture(...extra);
      assert.equal(code, 2, extra.join(' '));
      assert.match(err, message);
    }
    const noTrust = await verify();
    assert.equal(noTrust.code, 2);
    assert.match(noTrust.err, /exactly one of --key, --cert-chain/);
    assert.equal((await run('provenance', 'frobnicate')).code, 2);
  });

  it('refuses hyperparameters that are not a JSON or YAML object (exit 2)', async () => {
    await writeFile(join(dir, 'bad.yaml'), '- a\n- b\n');
    const { code, err } = await run(
      'provenance',
      'capture',
      '--model',
      'model',
      '--dataset',
      'data/train',
      '--params',
      'bad.yaml',
      '--unsigned',
      '--out',
      'y.json',
    );
    assert.equal(code, 2);
    assert.match(err, /PROVENANCE_PARAMS_INVALID: bad\.yaml: the top level must be an object/);
  });

  it('teaches with --help (exit 0)', async () => {
    const { code, out } = await run('provenance', '--help');
    assert.equal(code, 0);
    assert.match(out, /Unsigned provenance is only a\s+record/);
    assert.match(out, /Examples:\n {2}mlsec provenance capture/);
    assert.equal((await run('provenance', 'verify', '--help')).out, out);
  });
});
