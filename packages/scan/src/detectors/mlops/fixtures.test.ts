// Acceptance: each MLOps misconfiguration fixture (fixtures/mlops/<tool>/<case>/bad.*) yields exactly
// its rule at the expected line; the hardened counterpart yields no mlops finding.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { identify } from '@mlsec/formats';
import { MLOPS_RULES } from '../../rules/mlops.ts';
import { runDetector } from '../../testing/run-detector.ts';
import type { CapturedReport } from '../../testing/run-detector.ts';
import { scanPaths } from '../../engine/scan.ts';
import { MLOPS_DETECTORS } from './index.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../..');
const root = join(repo, 'fixtures/mlops');

/** Case folder, the rule its bad variant must yield, and the line of the offending setting. */
const CASES: readonly { dir: string; rule: string; line: number }[] = [
  { dir: 'mlflow/no-auth', rule: 'mlops/mlflow-no-auth', line: 14 },
  { dir: 'mlflow/default-admin-password', rule: 'mlops/mlflow-default-admin-password', line: 5 },
  { dir: 'mlflow/no-tls', rule: 'mlops/mlflow-no-tls', line: 5 },
  { dir: 'mlflow/artifact-path-traversal', rule: 'mlops/mlflow-artifact-path-traversal', line: 6 },
  { dir: 'jupyter/no-auth', rule: 'mlops/jupyter-no-auth', line: 6 },
  { dir: 'jupyter/any-origin', rule: 'mlops/jupyter-any-origin', line: 6 },
  { dir: 'jupyter/allow-root', rule: 'mlops/jupyter-allow-root', line: 5 },
  { dir: 'jupyter/xsrf-disabled', rule: 'mlops/jupyter-xsrf-disabled', line: 4 },
  { dir: 'ray/dashboard-exposed', rule: 'mlops/ray-dashboard-exposed', line: 9 },
  { dir: 'ray/port-exposed', rule: 'mlops/ray-port-exposed', line: 9 },
  { dir: 'kubernetes/privileged', rule: 'mlops/privileged-container', line: 21 },
  { dir: 'kubernetes/privilege-escalation', rule: 'mlops/privilege-escalation-allowed', line: 26 },
  { dir: 'kubernetes/host-namespace', rule: 'mlops/host-namespace', line: 20 },
  { dir: 'kubernetes/host-path', rule: 'mlops/host-path-volume', line: 22 },
  { dir: 'kubernetes/runs-as-root', rule: 'mlops/container-runs-as-root', line: 10 },
  { dir: 'kubernetes/default-sa-rbac', rule: 'mlops/default-service-account-broad-rbac', line: 40 },
  { dir: 'kubernetes/secret-in-env', rule: 'mlops/secret-in-env', line: 29 },
  { dir: 'kubernetes/training-egress', rule: 'mlops/training-namespace-open-egress', line: 4 },
  { dir: 'kubernetes/image-latest', rule: 'mlops/image-not-pinned', line: 15 },
  { dir: 'kubernetes/unparseable', rule: 'mlops/unparseable', line: 1 },
  { dir: 'docker/root-user', rule: 'mlops/dockerfile-root-user', line: 6 },
  { dir: 'docker/secret-in-arg-env', rule: 'mlops/dockerfile-secret-in-arg-env', line: 2 },
  { dir: 'docker/pipe-to-shell', rule: 'mlops/dockerfile-pipe-to-shell', line: 2 },
  { dir: 'docker/remote-add', rule: 'mlops/dockerfile-remote-add', line: 2 },
  { dir: 'docker/image-latest', rule: 'mlops/image-not-pinned', line: 1 },
  { dir: 'docker/compose-privileged', rule: 'mlops/privileged-container', line: 4 },
];

/** Every MLOps detector over one file, identified by content as the engine does. */
async function scanFile(path: string): Promise<CapturedReport[]> {
  const bytes = new Uint8Array(readFileSync(path));
  const format = identify(bytes.subarray(0, 4096), bytes.subarray(-4096), bytes.length);
  const reports: CapturedReport[] = [];
  for (const detector of MLOPS_DETECTORS) {
    if (!detector.formats.includes(format)) continue;
    reports.push(...(await runDetector(detector, bytes, { format, path })).reports);
  }
  return reports;
}

const variant = (dir: string, name: 'bad' | 'hardened'): string => {
  const file = readdirSync(join(root, dir)).find((f) => f.startsWith(`${name}.`));
  assert.ok(file, `${dir} has no ${name} variant`);
  return join(root, dir, file);
};

describe('MLOps fixtures', () => {
  it('cover every rule of MLOPS_RULES', () => {
    const covered = new Set(CASES.map((c) => c.rule));
    for (const rule of MLOPS_RULES) assert.ok(covered.has(rule.id), `no fixture for ${rule.id}`);
  });

  for (const { dir, rule, line } of CASES) {
    describe(dir, () => {
      it(`bad variant yields exactly ${rule} at line ${line}`, async () => {
        const reports = await scanFile(variant(dir, 'bad'));
        assert.deepEqual(
          reports.map((r) => [r.ruleId, r.line]),
          [[rule, line]],
          JSON.stringify(reports.map((r) => r.message)),
        );
      });
      it('hardened variant yields no mlops finding', async () => {
        const reports = await scanFile(variant(dir, 'hardened'));
        assert.deepEqual(
          reports.map((r) => `${r.ruleId}@${r.line}: ${r.message}`),
          [],
        );
      });
    });
  }

  it('scanPaths with only the mlops group finds each bad fixture and no hardened one', async () => {
    const report = await scanPaths(['fixtures/mlops'], { cwd: repo, jobs: 1, only: ['mlops'] });
    for (const { dir, rule } of CASES) {
      const found = report.findings.filter((f) =>
        f.location.path.startsWith(`fixtures/mlops/${dir}/`),
      );
      assert.deepEqual(
        found.map(
          (f) =>
            `${f.location.path.slice(`fixtures/mlops/${dir}/`.length).split('.')[0]}:${f.ruleId}`,
        ),
        [`bad:${rule}`],
        dir,
      );
    }
    assert.ok(report.findings.every((f) => f.ruleId.startsWith('mlops/')));
  });
});
