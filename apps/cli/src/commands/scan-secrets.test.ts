import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ALNUM, fake, join as joinParts, PLANTED, plantSecretsTrees } from '@mlsec/scan/testing';
import { sarifValidator } from '../render/testing/sarif-validator.ts';
import { runCapture } from '../testing/run-cli.ts';

const github = joinParts('gh', 'p_', fake(ALNUM, 36, 61));
const internal = joinParts('acme', '_', fake(ALNUM, 24, 62));
const wandb = joinParts('wandb', '_v1_', fake(ALNUM, 27, 63), '_', fake(ALNUM, 49, 64));

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlsec-secrets-cli-'));
  writeFileSync(join(dir, 'deploy.sh'), `export GITHUB_TOKEN=${github}\nexport ACME=${internal}\n`);
  writeFileSync(
    join(dir, 'acme.toml'),
    [
      '[[rules]]',
      'id = "acme-internal-token"',
      'description = "ACME internal service token"',
      "regex = '''\\b(acme_[A-Za-z0-9]{24})\\b'''",
      'keywords = ["acme_"]',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'acme-extend.toml'), '[extend]\nuseDefault = true\n');
  return dir;
}

interface Sarif {
  runs: {
    results: { ruleId: string; message: { text: string } }[];
    tool: { driver: { rules: { id: string; shortDescription: { text: string } }[] } };
  }[];
}

describe('mlsec scan --secrets-config', () => {
  it('uses only the given rules, and describes them in SARIF from the file', async () => {
    const dir = tree();
    const { code, out } = await runCapture(
      ['scan', '-f', 'sarif', '--only', 'secrets', '--secrets-config', 'acme.toml', 'deploy.sh'],
      { cwd: dir },
    );
    assert.equal(code, 1);
    const run = (JSON.parse(out) as Sarif).runs[0]!;
    assert.deepEqual(
      run.results.map((r) => r.ruleId),
      ['secrets/acme-internal-token'],
    );
    assert.equal(run.tool.driver.rules[0]?.shortDescription.text, 'ACME internal service token');
    assert.ok(!out.includes(internal) && !out.includes(github));
  });

  it('builds on the shipped gitleaks and ML rules with [extend] useDefault', async () => {
    const dir = tree();
    writeFileSync(join(dir, 'train.py'), `wandb.login(key="${wandb}")\n`);
    writeFileSync(
      join(dir, 'acme-extend.toml'),
      `[extend]\nuseDefault = true\n\n${"[[rules]]\nid = \"acme-internal-token\"\nregex = '''\\b(acme_[A-Za-z0-9]{24})\\b'''\nkeywords = [\"acme_\"]\n"}`,
    );
    const { code, out } = await runCapture(
      ['scan', '-f', 'json', '--only', 'secrets', '--secrets-config', 'acme-extend.toml', '.'],
      { cwd: dir },
    );
    assert.equal(code, 1);
    const ids = (JSON.parse(out) as { findings: { ruleId: string }[] }).findings.map(
      (f) => f.ruleId,
    );
    assert.deepEqual(ids.sort(), [
      'secrets/acme-internal-token',
      'secrets/github-pat',
      'secrets/wandb-api-key',
    ]);
  });

  it('exits 2 with a coded error on a broken rules file', async () => {
    const dir = tree();
    writeFileSync(join(dir, 'bad.toml'), '[[rules]]\nid = "x"\nregex = "(unclosed"\n');
    const { code, err } = await runCapture(['scan', '--secrets-config', 'bad.toml', '.'], {
      cwd: dir,
    });
    assert.equal(code, 2);
    assert.match(err, /SCAN_SECRETS_REGEX_INVALID/);
  });
});

describe('mlsec scan --exclude', () => {
  it('leaves out matching folders and files, and says how many', async () => {
    const dir = tree();
    mkdirSync(join(dir, '.venv/lib'), { recursive: true });
    writeFileSync(join(dir, '.venv/lib/vendored.py'), `TOKEN = "${github}"\n`);
    const all = await runCapture(['scan', '-f', 'json', '--only', 'secrets', '.'], { cwd: dir });
    const files = (out: string) =>
      [
        ...new Set(
          (JSON.parse(out) as { findings: { location: { path: string } }[] }).findings.map(
            (f) => f.location.path,
          ),
        ),
      ].sort();
    assert.deepEqual(files(all.out), ['.venv/lib/vendored.py', 'deploy.sh']);
    const some = await runCapture(
      [
        'scan',
        '-f',
        'json',
        '--only',
        'secrets',
        '--exclude',
        '.venv',
        '--exclude',
        '*.toml,deploy.sh',
        '.',
      ],
      { cwd: dir },
    );
    assert.equal(some.code, 0);
    assert.deepEqual(files(some.out), []);
    assert.equal((JSON.parse(some.out) as { stats: { excluded: number } }).stats.excluded, 4);
    const table = await runCapture(['scan', '--only', 'secrets', '--exclude', '.venv', '.'], {
      cwd: dir,
    });
    assert.match(table.out, /1 left out by --exclude/);
  });
});

describe('mlsec scan -f sarif on the planted secrets tree', () => {
  it('writes valid SARIF; notebook results name cell and line instead of a file region', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlsec-sarif-secrets-'));
    plantSecretsTrees(dir);
    const { code, out } = await runCapture(
      ['scan', '-f', 'sarif', '--only', 'secrets', 'planted'],
      {
        cwd: dir,
      },
    );
    assert.equal(code, 1);
    const log = JSON.parse(out) as {
      runs: {
        results: {
          ruleId: string;
          message: { text: string };
          locations: {
            physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } };
          }[];
        }[];
      }[];
    };
    assert.deepEqual(sarifValidator()(log), []);
    const results = log.runs[0]!.results;
    assert.equal(results.length, 20);
    const where = (uri: string) =>
      results.find((r) => r.locations[0]!.physicalLocation.artifactLocation.uri === uri)!;
    const notebook = where('planted/notebooks/secrets.ipynb');
    assert.match(notebook.message.text, /\(cell 2 line 2\)\.$/);
    assert.equal(notebook.locations[0]!.physicalLocation.region, undefined);
    assert.equal(where('planted/src/train.py').locations[0]!.physicalLocation.region?.startLine, 6);
    for (const [name, secret] of Object.entries(PLANTED)) assert.ok(!out.includes(secret), name);
  });
});
