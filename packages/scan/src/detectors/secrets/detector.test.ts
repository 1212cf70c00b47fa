import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { makeLimits } from '@mlsec/core';
import { loadScanSettings } from '../../engine/settings.ts';
import type { ScanSettings } from '../../engine/settings.ts';
import { ALNUM, fake, join } from '../../testing/fake-tokens.ts';
import { runDetector } from '../../testing/run-detector.ts';
import { secretsDetector } from './index.ts';

const github = join('gh', 'p_', fake(ALNUM, 36, 71));
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
let settings: ScanSettings;
before(async () => {
  settings = await loadScanSettings({}, { secrets: true, advisories: false });
});

async function run(
  text: string,
  path: string,
  format: 'text' | 'json' | 'unknown',
  maxBytes?: number,
) {
  const { reports } = await runDetector(secretsDetector, bytes(text), {
    format,
    path,
    settings,
    ...(maxBytes !== undefined ? { limits: makeLimits({ maxBytes }) } : {}),
  });
  return reports.map((r) => `${r.ruleId}${r.line !== undefined ? `:${r.line}` : ''}`).sort();
}

const notebook = (source: string): string =>
  JSON.stringify({
    cells: [{ cell_type: 'code', id: 'a', metadata: {}, source, outputs: [], execution_count: 1 }],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  });

describe('secretsDetector', () => {
  it('scans a notebook that is not valid JSON as text, and says so', async () => {
    const broken = `${notebook(`token = "${github}"`).slice(0, -1)},`;
    assert.deepEqual(await run(broken, 'nb.ipynb', 'json'), [
      'secrets/github-pat:1',
      'secrets/notebook-unreadable',
    ]);
  });

  it('scans a notebook over the size it decodes as text, and reports the rest it did not read', async () => {
    const big = notebook(`token = "${github}"\n${'x = 1\n'.repeat(400)}`);
    assert.ok(big.length > 2048);
    assert.deepEqual(await run(big, 'nb.ipynb', 'json', 2048), [
      'secrets/github-pat:1',
      'secrets/notebook-unreadable',
      'secrets/text-truncated',
    ]);
  });

  it('names a committed credential store that no rule matched, and judges binary files by path only', async () => {
    assert.deepEqual(
      await run('DEBUG=1\nDB_PASSWORD="s3cr3t-value"\n', '.env.production', 'text'),
      ['secrets/credential-file:2'],
    );
    assert.deepEqual(await run('\u0000\u0001binary', 'certs/client.p12', 'unknown'), [
      'secrets/pkcs12-file:1',
    ]);
    assert.deepEqual(await run('\u0000\u0001binary', 'certs/client.bin', 'unknown'), []);
  });
});
