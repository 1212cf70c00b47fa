import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { MlsecError } from '@mlsec/core';
import { scanPaths } from '../engine/scan.ts';
import { readSafetensorsFile } from '../testing/read-safetensors.ts';
import { ConvertRefusedError } from './checkpoint-source.ts';
import { convertFile } from './convert-file.ts';

// The scanner's own sample set (fixtures/samples, made by the real producers): convert must refuse
// every malicious one with the scanner's findings and leave nothing behind, and convert the benign
// weights it reads.
const SAMPLES = fileURLToPath(new URL('../../../../fixtures/samples/', import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}

const temp = mkdtempSync(join(tmpdir(), 'mlsec-convert-samples-'));
after(() => rmSync(temp, { recursive: true, force: true }));

describe('convertFile over the scanner samples', () => {
  const malicious = filesUnder(join(SAMPLES, 'malicious'));
  it('has the malicious samples to try', () => {
    assert.ok(malicious.length >= 60, `only ${malicious.length} samples`);
  });
  for (const path of malicious) {
    const name = relative(SAMPLES, path);
    it(`does not convert ${name}, and a payload is refused with the scanner's findings`, async () => {
      const dir = mkdtempSync(join(temp, 'case-'));
      let caught: unknown;
      await assert.rejects(convertFile(path, join(dir, 'out.safetensors')), (error: unknown) => {
        caught = error;
        return error instanceof MlsecError;
      });
      assert.deepEqual(readdirSync(dir), [], 'nothing written');
      const report = await scanPaths([path], { cwd: dirname(path), jobs: 1, only: ['artifacts'] });
      const rules = report.findings.map((f) => f.ruleId).sort();
      if (caught instanceof ConvertRefusedError) {
        assert.deepEqual(caught.findings.map((f) => f.ruleId).sort(), rules);
      } else {
        // Not a format convert reads (GGUF, ONNX, Keras, archives, source files) and not flagged
        // high or critical: a plain error, no output.
        assert.ok(caught instanceof MlsecError);
        assert.equal(
          caught.code,
          'SCAN_CONVERT_NOT_CHECKPOINT',
          `${caught.code}: ${caught.message}`,
        );
      }
      // Every sample whose scanner findings reach high is a refusal carrying them.
      if (report.findings.some((f) => f.severity === 'critical' || f.severity === 'high')) {
        assert.ok(caught instanceof ConvertRefusedError, `${name} flagged but not refused`);
      }
    });
  }

  it('finds the scanner findings for a path relative to the working directory too', async () => {
    const path = relative(process.cwd(), join(SAMPLES, 'malicious/joblib/os-system.joblib'));
    assert.ok(!path.startsWith('/'));
    const out = join(mkdtempSync(join(temp, 'rel-')), 'out.safetensors');
    await assert.rejects(convertFile(path, out), (error: unknown) => {
      assert.ok(error instanceof ConvertRefusedError, String(error));
      assert.ok(error.findings.some((f) => f.severity === 'critical'));
      return true;
    });
  });

  // Benign weights of the formats convert reads convert and verify.
  const benign = [
    'pytorch/state-dict.pt',
    'pytorch/legacy-state-dict.pt',
    'numpy/float32-array.npy',
    'numpy/weights.npz',
  ];
  for (const name of benign) {
    it(`converts the benign sample ${name} and verifies it`, async () => {
      const out = join(mkdtempSync(join(temp, 'ok-')), 'out.safetensors');
      const result = await convertFile(join(SAMPLES, 'benign', name), out, { verify: true });
      assert.ok(result.written.length > 0);
      assert.equal(result.verified, result.written.length);
      const { tensors } = await readSafetensorsFile(out);
      assert.deepEqual([...tensors.keys()].sort(), [...result.written].sort());
    });
  }
});
