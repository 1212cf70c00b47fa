import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cliAs, startTestRegistry, USERS } from './testing/test-registry.ts';
import type { TestRegistry } from './testing/test-registry.ts';

// The OpenSSF reference's key-signed model and its bundle (fixtures/registry/generate.sh).
const ROOT = join(import.meta.dirname, '..', '..', '..', '..', '..');
const FIXTURES = join(ROOT, 'fixtures', 'registry');
const KEY = join(
  ROOT,
  'packages/attest/testdata/model-signing/scripts/tests/keys/certificate/signing-key-pub.pem',
);
const OTHER_KEY = join(ROOT, 'packages/attest/testdata/pki/leaf-pub.pem');

describe('mlsec registry push --signature and pull --key', () => {
  let registry: TestRegistry;
  let work: string;

  before(async () => {
    registry = await startTestRegistry();
    work = mkdtempSync(join(tmpdir(), 'mlsec-cli-pull-sig-'));
    // The bundle kept inside the model folder, as model_signing writes it by default.
    cpSync(join(FIXTURES, 'model'), join(work, 'model'), { recursive: true });
    cpSync(join(FIXTURES, 'model.sig'), join(work, 'model', 'model.sig'));
  });
  after(async () => {
    await registry.close();
    rmSync(work, { recursive: true, force: true });
  });

  const as = (user: string, ...argv: string[]) => cliAs(registry, work)(user, ...argv);

  it('pushes the bundle as the version signature, not as a model file', async () => {
    const pushed = await as(
      USERS.publisher,
      'push',
      'team/signed@1',
      'model',
      '--signature',
      'model/model.sig',
      '--json',
    );
    assert.equal(pushed.code, 0, pushed.err);
    const body = JSON.parse(pushed.out) as { files: { path: string }[] };
    assert.deepEqual(
      body.files.map((f) => f.path),
      ['signme-1', 'signme-2'],
    );
    const unsigned = await as(USERS.publisher, 'push', 'team/unsigned@1', join(FIXTURES, 'model'));
    assert.equal(unsigned.code, 0, unsigned.err);
  });

  it('waits for the upload checks with --wait, exiting 1 when the version failed them', async () => {
    const ready = await as(USERS.publisher, 'push', 'team/waited@1', 'model', '--wait');
    assert.equal(ready.code, 0, ready.err);
    assert.match(ready.err, /status ready\nmlsec: upload checks: checked\n/);
    const failed = await as(USERS.publisher, 'push', 'team/waited@failing-1', 'model', '--wait');
    assert.equal(failed.code, 1, failed.err);
    assert.match(failed.err, /status failed\nmlsec: upload checks: critical findings\n/);
  });

  it('verifies the signature over the pulled files under the given key before writing them', async () => {
    const pulled = await as(USERS.reader, 'pull', 'team/signed@1', 'ok', '--key', KEY);
    assert.equal(pulled.code, 0, pulled.err);
    assert.match(pulled.err, /signature verified here: verified 2 signed resources/);
    assert.deepEqual(readdirSync(join(work, 'ok')).sort(), ['signme-1', 'signme-2']);
  });

  it('says the signature was not checked when no trust is given', async () => {
    const pulled = await as(USERS.reader, 'pull', 'team/signed@1', 'unchecked');
    assert.equal(pulled.code, 0, pulled.err);
    assert.match(pulled.err, /signature not checked here \(give --key/);
  });

  it('refuses, writing nothing, under another key or for a version without a signature', async () => {
    const other = await as(USERS.reader, 'pull', 'team/signed@1', 'other', '--key', OTHER_KEY);
    assert.equal(other.code, 1, other.err);
    assert.match(other.err, /CLI_REGISTRY_SIGNATURE_FAILED/);
    assert.equal(existsSync(join(work, 'other')), false);
    const none = await as(USERS.reader, 'pull', 'team/unsigned@1', 'none', '--key', KEY);
    assert.equal(none.code, 1, none.err);
    assert.match(none.err, /has no signature, and trust was given/);
    assert.equal(existsSync(join(work, 'none')), false);
  });

  it('leaves an existing folder as it was when the signature fails', async () => {
    const dir = join(work, 'existing');
    cpSync(join(FIXTURES, 'model'), dir, { recursive: true });
    writeFileSync(join(dir, 'keep.txt'), 'mine\n');
    const refused = await as(
      USERS.reader,
      'pull',
      'team/signed@1',
      'existing',
      '--force',
      '--key',
      OTHER_KEY,
    );
    assert.equal(refused.code, 1, refused.err);
    assert.deepEqual(readdirSync(dir).sort(), ['keep.txt', 'signme-1', 'signme-2']);
  });
});
