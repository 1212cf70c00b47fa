import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MlsecError } from '@mlsec/core';
import { scannerNames, selectDetectors } from './select.ts';

describe('selectDetectors', () => {
  it('runs everything by default', () => {
    const { detectors, repoDetectors } = selectDetectors();
    assert.ok(detectors.length >= 10);
    assert.deepEqual(
      repoDetectors.map((d) => d.id),
      ['hf-repo'],
    );
  });

  it('expands groups for --only', () => {
    const { detectors, repoDetectors } = selectDetectors(['pickle']);
    assert.deepEqual(detectors.map((d) => d.id).sort(), ['pickle', 'pickle-probe']);
    assert.equal(repoDetectors.length, 0);
  });

  it('drops what --skip names, after --only', () => {
    const { detectors, repoDetectors } = selectDetectors(['artifacts', 'hf'], ['archives']);
    const ids = detectors.map((d) => d.id);
    assert.ok(!ids.includes('zip') && !ids.includes('tar') && ids.includes('pickle'));
    assert.equal(repoDetectors.length, 1);
  });

  it('rejects unknown names with a stable code', () => {
    assert.throws(
      () => selectDetectors(['pickel']),
      (error: unknown) => error instanceof MlsecError && error.code === 'SCAN_UNKNOWN_SCANNER',
    );
    assert.ok(scannerNames().includes('safetensors'));
  });
});
