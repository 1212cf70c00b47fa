import assert from 'node:assert/strict';
import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCapture } from '../testing/run-cli.ts';

const root = mkdtempSync(join(tmpdir(), 'mlsec-cli-redact-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A fake Hub token assembled here, so the repository holds none. */
const TOKEN = ['hf', 'CliRedactFakeToken'.padEnd(34, 'x')].join('_');
const PLACEHOLDER = '[REDACTED:huggingface-access-token]';

let counter = 0;
function workDir(): string {
  return mkdtempSync(join(root, `case-${counter++}-`));
}

function notebook(): string {
  const cell = {
    cell_type: 'code',
    execution_count: 3,
    id: 'login',
    metadata: {},
    outputs: [{ name: 'stdout', output_type: 'stream', text: [`${TOKEN}\n`] }],
    source: ['from huggingface_hub import login\n', `login(token="${TOKEN}")`],
  };
  return `${JSON.stringify({ cells: [cell], metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1)}\n`;
}

describe('mlsec redact', () => {
  it('writes FILE.redacted.EXT, prints a summary without the secret and exits 0', async () => {
    const dir = workDir();
    writeFileSync(join(dir, 'train.py'), `TOKEN = "${TOKEN}"\nprint(1)\n`);
    const run = await runCapture(['redact', 'train.py'], { cwd: dir });
    assert.equal(run.code, 0, run.err);
    assert.equal(
      readFileSync(join(dir, 'train.redacted.py'), 'utf8'),
      `TOKEN = "${PLACEHOLDER}"\nprint(1)\n`,
    );
    assert.match(run.out, /train\.py -> train\.redacted\.py \(text\)/);
    assert.match(run.out, /1 secret\(s\) redacted: huggingface-access-token 1/);
    assert.match(run.out, /re-scan of the written file: nothing found/);
    assert.ok(!`${run.out}${run.err}`.includes(TOKEN));
  });

  it('refuses to overwrite an existing output unless --force', async () => {
    const dir = workDir();
    writeFileSync(join(dir, '.env'), `HF_TOKEN=${TOKEN}\n`);
    writeFileSync(join(dir, '.env.redacted'), 'keep me\n');
    const refused = await runCapture(['redact', '.env'], { cwd: dir });
    assert.equal(refused.code, 2);
    assert.match(refused.err, /CLI_REDACT_OUTPUT_EXISTS/);
    assert.equal(readFileSync(join(dir, '.env.redacted'), 'utf8'), 'keep me\n');
    const forced = await runCapture(['redact', '--force', '-q', '.env'], { cwd: dir });
    assert.equal(forced.code, 0, forced.err);
    assert.equal(forced.out, '');
    assert.equal(readFileSync(join(dir, '.env.redacted'), 'utf8'), `HF_TOKEN=${PLACEHOLDER}\n`);
  });

  it('redacts a notebook in place, keeping its mode and leaving no temp file', async () => {
    const dir = workDir();
    const file = join(dir, 'login.ipynb');
    writeFileSync(file, notebook());
    chmodSync(file, 0o640);
    const run = await runCapture(['redact', '--in-place', 'login.ipynb'], { cwd: dir });
    assert.equal(run.code, 0, run.err);
    const out = readFileSync(file, 'utf8');
    assert.equal(out, notebook().replaceAll(TOKEN, PLACEHOLDER));
    assert.equal(statSync(file).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(dir), ['login.ipynb']);
    assert.match(run.out, /cells touched 1, outputs touched 1/);
  });

  it('clears outputs with --clear-outputs', async () => {
    const dir = workDir();
    writeFileSync(join(dir, 'login.ipynb'), notebook());
    const run = await runCapture(['redact', '--clear-outputs', '-o', 'out.ipynb', 'login.ipynb'], {
      cwd: dir,
    });
    assert.equal(run.code, 0, run.err);
    const cell = (
      JSON.parse(readFileSync(join(dir, 'out.ipynb'), 'utf8')) as {
        cells: { outputs: unknown[]; execution_count: unknown; source: string[] }[];
      }
    ).cells[0];
    assert.deepEqual(cell?.outputs, []);
    assert.equal(cell?.execution_count, null);
    assert.deepEqual(cell?.source, [
      'from huggingface_hub import login\n',
      `login(token="${PLACEHOLDER}")`,
    ]);
  });

  it('exits 1 and says where when the rules still find something', async () => {
    const dir = workDir();
    writeFileSync(
      join(dir, 'rules.toml'),
      "[[rules]]\nid = \"sticky\"\nregex = '''secret-[a-z]+|REDACTED'''\n",
    );
    writeFileSync(join(dir, 'log.txt'), 'ok\nvalue secret-abc\n');
    const run = await runCapture(['redact', '--secrets-config', 'rules.toml', 'log.txt'], {
      cwd: dir,
    });
    assert.equal(run.code, 1);
    assert.match(run.err, /1 secret\(s\) still found in log\.redacted\.txt/);
    assert.match(run.err, /sticky: line 2 column 8/);
  });

  it('exits 2 on usage errors and teaches with --help', async () => {
    const dir = workDir();
    writeFileSync(join(dir, 'a.txt'), 'x\n');
    for (const argv of [
      ['redact'],
      ['redact', 'a.txt', 'b.txt'],
      ['redact', '-i', '-o', 'b', 'a.txt'],
    ]) {
      const run = await runCapture(argv, { cwd: dir });
      assert.equal(run.code, 2, argv.join(' '));
      assert.match(run.err, /CLI_USAGE/);
    }
    const missing = await runCapture(['redact', 'nope.txt'], { cwd: dir });
    assert.equal(missing.code, 2);
    const binary = join(dir, 'blob.bin');
    writeFileSync(binary, Buffer.from([0, 1, 2]));
    assert.match(
      (await runCapture(['redact', 'blob.bin'], { cwd: dir })).err,
      /SCAN_REDACT_BINARY/,
    );
    const help = await runCapture(['redact', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /Examples:\n {2}mlsec redact notebooks\/train\.ipynb/);
  });
});
