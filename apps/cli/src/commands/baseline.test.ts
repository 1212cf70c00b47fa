import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ALNUM, fake, HEX, join as joinParts } from '@mlsec/scan/testing';
import { runCapture } from '../testing/run-cli.ts';

// Fake tokens assembled at run time: nothing in the repository looks like a live credential.
const wandb = joinParts('wandb', '_v1_', fake(ALNUM, 27, 41), '_', fake(ALNUM, 49, 42));
const github = joinParts('gh', 'p_', fake(ALNUM, 36, 43));
const kaggle = fake(HEX, 32, 44);

interface Entry {
  fingerprint: string;
  ruleId: string;
  path: string;
  status: string;
  masked?: string;
  secretHash?: string;
}
interface BaselineFile {
  format: string;
  salt: string;
  entries: Entry[];
}

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlsec-baseline-'));
  writeFileSync(join(dir, 'train.py'), `import wandb\nwandb.login(key="${wandb}")\n`);
  writeFileSync(join(dir, 'kaggle.json'), `{"username": "someone", "key": "${kaggle}"}\n`);
  return dir;
}

const run = (dir: string, ...argv: string[]) => runCapture(argv, { cwd: dir });
const read = (path: string): BaselineFile => JSON.parse(readFileSync(path, 'utf8')) as BaselineFile;

describe('mlsec baseline create and scan --baseline', () => {
  it('records each finding with a status, masked secret and salted hash, never the secret', async () => {
    const dir = tree();
    const made = await run(dir, 'baseline', 'create', '-q', '--only', 'secrets', '.');
    assert.equal(made.code, 0, made.err);
    const text = readFileSync(join(dir, '.mlsec-baseline.json'), 'utf8');
    for (const secret of [wandb, kaggle]) assert.ok(!text.includes(secret));
    const file = read(join(dir, '.mlsec-baseline.json'));
    assert.equal(file.format, 'mlsec-baseline/1');
    assert.match(file.salt, /^[0-9a-f]{64}$/);
    assert.deepEqual(
      file.entries.map((e) => [e.path, e.ruleId, e.status]),
      [
        ['kaggle.json', 'secrets/kaggle-json-api-key', 'accepted_risk'],
        ['train.py', 'secrets/wandb-api-key', 'accepted_risk'],
      ],
    );
    assert.ok(file.entries.every((e) => /^hmac-sha256:[0-9a-f]{64}$/.test(e.secretHash ?? '')));
    assert.ok(file.entries.every((e) => (e.masked ?? '').length <= 5));
  });

  it('suppresses the known findings and reports a new secret only', async () => {
    const dir = tree();
    await run(dir, 'baseline', 'create', '-q', '--only', 'secrets', '.');
    const quiet = await run(
      dir,
      'scan',
      '--only',
      'secrets',
      '--baseline',
      '.mlsec-baseline.json',
      '.',
    );
    assert.equal(quiet.code, 0, quiet.out);
    assert.match(quiet.out, /2 known findings suppressed by the baseline \(2 accepted_risk\)/);
    writeFileSync(join(dir, 'deploy.sh'), `export GITHUB_TOKEN=${github}\n`);
    const json = await run(
      dir,
      'scan',
      '-f',
      'json',
      '--only',
      'secrets',
      '--baseline',
      '.mlsec-baseline.json',
      '.',
    );
    assert.equal(json.code, 1);
    const report = JSON.parse(json.out) as {
      findings: { ruleId: string; location: { path: string } }[];
      baseline: { suppressed: number; stale: number };
    };
    assert.deepEqual(
      report.findings.map((f) => `${f.location.path} ${f.ruleId}`),
      ['deploy.sh secrets/github-pat'],
    );
    assert.deepEqual(report.baseline, { suppressed: 2, byStatus: { accepted_risk: 2 }, stale: 0 });
  });

  it('keys secrets by its own salt: the same secret hashes differently in two baselines', async () => {
    const a = tree();
    const b = tree();
    await run(a, 'baseline', 'create', '-q', '--only', 'secrets', '.');
    await run(b, 'baseline', 'create', '-q', '--only', 'secrets', '.');
    const [ea, eb] = [read(join(a, '.mlsec-baseline.json')), read(join(b, '.mlsec-baseline.json'))];
    assert.notEqual(ea.salt, eb.salt);
    assert.notEqual(ea.entries[0]?.secretHash, eb.entries[0]?.secretHash);
    // The entry is keyed by the secret: a different key in the same file is a new finding.
    writeFileSync(
      join(a, 'kaggle.json'),
      `{"username": "someone", "key": "${fake(HEX, 32, 45)}"}\n`,
    );
    const changed = await run(
      a,
      'scan',
      '--only',
      'secrets',
      '--baseline',
      '.mlsec-baseline.json',
      '.',
    );
    assert.equal(changed.code, 1);
    assert.match(changed.out, /kaggle\.json/);
    assert.doesNotMatch(changed.out, /train\.py/);
  });

  it('--update keeps reviewed statuses, adds new findings and drops fixed ones', async () => {
    const dir = tree();
    const path = join(dir, '.mlsec-baseline.json');
    await run(dir, 'baseline', 'create', '-q', '--only', 'secrets', '.');
    const file = read(path);
    const reviewed = {
      ...file,
      entries: file.entries.map((e) =>
        e.ruleId === 'secrets/wandb-api-key' ? { ...e, status: 'rotated', reason: 'revoked' } : e,
      ),
    };
    writeFileSync(path, JSON.stringify(reviewed));
    writeFileSync(join(dir, 'kaggle.json'), '{"username": "someone", "key": ""}\n');
    writeFileSync(join(dir, 'deploy.sh'), `export GITHUB_TOKEN=${github}\n`);
    const again = await run(dir, 'baseline', 'create', '--update', '--only', 'secrets', '.');
    assert.equal(again.code, 0, again.err);
    assert.match(again.err, /1 new, 1 kept, 1 dropped/);
    const updated = read(path);
    assert.equal(updated.salt, file.salt);
    assert.deepEqual(
      updated.entries.map((e) => [e.path, e.status]),
      [
        ['deploy.sh', 'accepted_risk'],
        ['train.py', 'rotated'],
      ],
    );
  });

  it('refuses to overwrite without --update, and rejects a bad status or a malformed file', async () => {
    const dir = tree();
    await run(dir, 'baseline', 'create', '-q', '--only', 'secrets', '.');
    const again = await run(dir, 'baseline', 'create', '-q', '--only', 'secrets', '.');
    assert.equal(again.code, 2);
    assert.match(again.err, /CLI_OUTPUT_FAILED/);
    const status = await run(
      dir,
      'baseline',
      'create',
      '-o',
      'b2.json',
      '--status',
      'ignored',
      '.',
    );
    assert.equal(status.code, 2);
    writeFileSync(
      join(dir, 'bad.json'),
      '{"format": "mlsec-baseline/1", "salt": "zz", "entries": []}',
    );
    const bad = await run(dir, 'scan', '--baseline', 'bad.json', '.');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /SCAN_BASELINE_INVALID: salt/);
  });
});
