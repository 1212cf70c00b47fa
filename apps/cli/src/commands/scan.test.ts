import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sarifValidator } from '../render/testing/sarif-validator.ts';
import { runCapture } from '../testing/run-cli.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const MALICIOUS = 'fixtures/samples/malicious/pickle/proto2-os-system.pkl';
const BENIGN = 'fixtures/samples/benign/pytorch/state-dict.pt';

const run = (...argv: string[]) => runCapture(argv, { cwd: repo });

describe('mlsec scan', () => {
  it('exits 1 and names the global when a malicious pickle is scanned', async () => {
    const { code, out } = await run('scan', '--jobs', '1', MALICIOUS);
    assert.equal(code, 1);
    assert.match(out, /critical/);
    assert.match(out, /pickle\/dangerous-callable/);
    assert.match(out, /system/);
  });

  it('exits 0 on a benign PyTorch checkpoint', async () => {
    const { code, out } = await run('scan', '--jobs', '1', BENIGN);
    assert.equal(code, 0, out);
  });

  it('exits 0 with --fail-on none even when there are findings', async () => {
    assert.equal((await run('scan', '--jobs', '1', '--fail-on', 'none', MALICIOUS)).code, 0);
  });

  it('writes JSON that carries fingerprints, and suppresses them again as a baseline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlsec-cli-'));
    const baseline = join(dir, 'baseline.json');
    const first = await run('scan', '--jobs', '1', '-f', 'json', '-o', baseline, MALICIOUS);
    assert.equal(first.code, 1);
    const report = JSON.parse(readFileSync(baseline, 'utf8')) as {
      findings: { fingerprint: string }[];
    };
    assert.ok(report.findings.length > 0);
    assert.ok(report.findings.every((f) => /^[0-9a-f]{32}$/.test(f.fingerprint)));
    const second = await run('scan', '--jobs', '1', '--baseline', baseline, MALICIOUS);
    assert.equal(second.code, 0, second.out);
  });

  it('writes SARIF for the whole fixture corpus that validates against the SARIF 2.1.0 schema', async () => {
    const { code, out } = await run('scan', '-f', 'sarif', 'fixtures/samples');
    assert.equal(code, 1);
    const log = JSON.parse(out) as {
      runs: { results: { ruleId: string }[]; tool: { driver: { rules: unknown[] } } }[];
    };
    assert.deepEqual(sarifValidator()(log), []);
    const results = log.runs[0]?.results ?? [];
    assert.ok(results.length > 50, `only ${results.length} results`);
    assert.ok((log.runs[0]?.tool.driver.rules.length ?? 0) > 10);
  });

  it('writes SARIF 2.1.0', async () => {
    const { out } = await run('scan', '--jobs', '1', '-f', 'sarif', MALICIOUS);
    const sarif = JSON.parse(out) as { version: string; runs: { results: unknown[] }[] };
    assert.equal(sarif.version, '2.1.0');
    assert.ok((sarif.runs[0]?.results.length ?? 0) > 0);
  });

  it('lets a policy file allow a global, which lowers the exit code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlsec-cli-'));
    const policy = join(dir, 'policy.json');
    writeFileSync(
      policy,
      JSON.stringify({
        version: 1,
        deny: [{ pattern: 'torch._utils._rebuild_tensor_v2', reason: 'test' }],
      }),
    );
    assert.equal((await run('scan', '--jobs', '1', BENIGN)).code, 0);
    assert.equal((await run('scan', '--jobs', '1', '--policy', policy, BENIGN)).code, 1);
  });

  describe('when the command line is wrong', () => {
    it('exits 2 on an unknown flag, with a pointer to --help', async () => {
      const { code, err } = await run('scan', '--bogus');
      assert.equal(code, 2);
      assert.match(err, /CLI_USAGE/);
      assert.match(err, /--help/);
    });

    it('exits 2 on a path that does not exist', async () => {
      const { code, err } = await run('scan', 'no/such/path');
      assert.equal(code, 2);
      assert.match(err, /SCAN_PATH_NOT_FOUND/);
    });

    it('exits 2 on a bad --format and on an invalid policy file', async () => {
      assert.equal((await run('scan', '-f', 'xml', BENIGN)).code, 2);
      const dir = mkdtempSync(join(tmpdir(), 'mlsec-cli-'));
      const policy = join(dir, 'policy.json');
      writeFileSync(policy, '{"version": 1, "__proto__": {"x": 1}}');
      const { code, err } = await run('scan', '--policy', policy, BENIGN);
      assert.equal(code, 2);
      assert.match(err, /SCAN_POLICY_INVALID/);
    });

    it('exits 2 on an unknown command and prints help', async () => {
      const { code, err } = await run('scna');
      assert.equal(code, 2);
      assert.match(err, /Commands:/);
    });
  });

  it('teaches with --help', async () => {
    const { code, out } = await run('scan', '--help');
    assert.equal(code, 0);
    assert.match(out, /Examples:/);
    assert.match(out, /--fail-on/);
  });
});
