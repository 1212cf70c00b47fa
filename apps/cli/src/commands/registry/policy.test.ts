import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCapture } from '../../testing/run-cli.ts';

describe('mlsec registry policy set --trust-key', () => {
  const work = mkdtempSync(join(tmpdir(), 'mlsec-cli-policy-'));
  after(() => rmSync(work, { recursive: true, force: true }));
  writeFileSync(join(work, 'with-trust.yaml'), 'version: 1\ntrust: {}\ndefault: {}\n');
  writeFileSync(join(work, 'plain.yaml'), 'version: 1\ndefault: {}\n');
  writeFileSync(join(work, 'not-a-key.pem'), '-----BEGIN CERTIFICATE-----\nMII\n');
  // Refused before anything is sent: the registry URL below has nobody listening.
  const run = (...argv: string[]) =>
    runCapture(['registry', 'policy', 'set', 'team', ...argv, '--registry', 'http://127.0.0.1:9'], {
      cwd: work,
      env: { MLSEC_CONFIG_DIR: join(work, 'config'), MLSEC_REGISTRY_TOKEN: 'mlsr_x' },
    });

  it('refuses a FILE that already has a trust: section', async () => {
    const r = await run('with-trust.yaml', '--trust-key', 'release=not-a-key.pem');
    assert.equal(r.code, 2);
    assert.match(r.err, /already has a trust: section/);
  });

  it('refuses a spec without NAME= and a file that holds no public key', async () => {
    const bare = await run('plain.yaml', '--trust-key', 'not-a-key.pem');
    assert.equal(bare.code, 2);
    assert.match(bare.err, /--trust-key takes NAME=PEMFILE/);
    const cert = await run('plain.yaml', '--trust-key', 'release=not-a-key.pem');
    assert.equal(cert.code, 2);
    assert.match(cert.err, /holds no PEM public key/);
  });
});
