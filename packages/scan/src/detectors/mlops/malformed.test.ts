// Hostile and malformed inputs: the MLOps detectors return (with findings or none), never throw.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { memorySource } from '@mlsec/core';
import type { FormatId } from '@mlsec/formats';
import { flipChars, prng } from '@mlsec/formats/testing';
import { runDetector } from '../../testing/run-detector.ts';
import type { CapturedReport } from '../../testing/run-detector.ts';
import { MLOPS_DETECTORS } from './index.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../../../fixtures/mlops');
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

async function runAll(text: string, format: FormatId = 'text'): Promise<CapturedReport[]> {
  const source = memorySource(encode(text)); // one source: the detectors share one parse of it
  const out: CapturedReport[] = [];
  for (const detector of MLOPS_DETECTORS) {
    out.push(...(await runDetector(detector, source, { format })).reports);
  }
  return out;
}

const fixtures = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((f) => /\/bad\./.test(f))
  .map((f) => readFileSync(join(root, f), 'utf8'));

describe('MLOps detectors on malformed input', () => {
  it('survive random character flips of every bad fixture', async () => {
    const random = prng(4);
    for (const text of fixtures) {
      for (let round = 0; round < 40; round++) {
        const mutated = flipChars(text, random, 1 + (round % 6));
        const reports = await runAll(mutated);
        for (const r of reports) assert.match(r.ruleId, /^mlops\//);
      }
    }
  });

  it('survive every truncation of a Kubernetes manifest', async () => {
    const text = fixtures.find((t) => t.includes('kind: PyTorchJob')) ?? '';
    assert.ok(text.length > 100);
    for (let cut = 0; cut < text.length; cut += 7) await runAll(text.slice(0, cut));
  });

  it('report deeply nested manifests as unparseable or ignore them, without overflowing', async () => {
    const depth = 20_000;
    const flow = `apiVersion: v1\nkind: Pod\nspec: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
    const block = `apiVersion: v1\nkind: Pod\n${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} 1\n`;
    for (const text of [flow, block]) {
      const reports = await runAll(text);
      assert.ok(
        reports.every((r) => r.ruleId === 'mlops/unparseable'),
        JSON.stringify(reports),
      );
    }
  });

  it('never expand aliases (a billion-laughs manifest costs nothing)', async () => {
    const lines = ['apiVersion: v1', 'kind: ConfigMap', 'a: &a ["lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const next = String.fromCharCode(97 + i);
      lines.push(`${next}: &${next} [${Array(8).fill(`*${prev}`).join(',')}]`);
    }
    lines.push('spec:', '  containers: *l');
    const reports = await runAll(`${lines.join('\n')}\n`);
    assert.deepEqual(reports, []);
  });

  it('read long lines and endless continuations', async () => {
    const long = `#!/bin/sh\nmlflow server --host 0.0.0.0 ${'--x '.repeat(200_000)}\n`;
    const continued = `#!/bin/sh\n${'mlflow server \\\n'.repeat(50_000)}`;
    const reports = await runAll(long);
    assert.deepEqual(
      reports.map((r) => r.ruleId),
      ['mlops/mlflow-no-auth'],
    );
    await runAll(continued);
  });

  it('ignore binary-looking and oversized inputs', async () => {
    assert.deepEqual(await runAll('apiVersion: v1\nkind: Pod\n\u0000'), []);
    const big = `apiVersion: v1\nkind: Pod\n#${'x'.repeat(5 * 1024 * 1024)}\n`;
    assert.deepEqual(await runAll(big), []);
  });

  it('keep __proto__ keys as plain strings', async () => {
    const text =
      'apiVersion: v1\nkind: Pod\nspec:\n  __proto__: {polluted: true}\n  containers:\n' +
      '    - name: c\n      image: busybox:1.36\n      securityContext: {runAsNonRoot: true}\n';
    assert.deepEqual(await runAll(text), []);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    const json = '{"__proto__": {"token": ""}, "ServerApp": {"constructor": {}, "token": 1}}';
    assert.deepEqual(await runAll(json, 'json'), []);
  });
});
