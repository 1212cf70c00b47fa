import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { initDataDir } from './init.ts';
import { startRegistry } from './start.ts';
import type { RunningRegistry } from './start.ts';

// The OpenSSF reference's key-signed model (fixtures/registry/generate.sh) with our signed provenance.
const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const FIXTURES = join(ROOT, 'fixtures', 'registry');
const PUBLIC_KEY = readFileSync(
  join(
    ROOT,
    'packages/attest/testdata/model-signing/scripts/tests/keys/certificate/signing-key-pub.pem',
  ),
  'utf8',
);
const SIGNATURE = readFileSync(join(FIXTURES, 'model.sig'), 'utf8');
const PROVENANCE = readFileSync(join(FIXTURES, 'provenance.sigstore.json'), 'utf8');
const FILES: Record<string, Buffer> = {
  'signme-1': readFileSync(join(FIXTURES, 'model', 'signme-1')),
  'signme-2': readFileSync(join(FIXTURES, 'model', 'signme-2')),
};
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** production needs a signature by the trusted key and verified provenance; nothing else. */
const POLICY = JSON.stringify({
  version: 1,
  trust: { keys: { release: PUBLIC_KEY } },
  default: {},
  aliases: {
    production: {
      signature: { keys: ['release'] },
      provenance: {
        verified: true,
        builders: ['https://github.com/mlsec/mlsec/cli@0.1.0'],
      },
    },
  },
});

interface Version {
  status: string;
  statusMessage: string;
  checks: {
    signature?: { verified: boolean; trustedAs?: string; keyId?: string; detail?: string };
    provenance?: { verified: boolean; builder?: string; detail?: string };
  };
}

describe('upload checks verify signatures and provenance against the namespace trust', () => {
  let dir: string;
  let registry: RunningRegistry;
  let admin: string;

  async function call(method: string, path: string, body?: unknown, type = 'application/json') {
    const headers: Record<string, string> = { authorization: `Bearer ${admin}` };
    let payload: string | Uint8Array | undefined;
    if (body instanceof Uint8Array) {
      headers['content-type'] = 'application/octet-stream';
      payload = body;
    } else if (body !== undefined) {
      headers['content-type'] = type;
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    return fetch(`${registry.url}${path}`, {
      method,
      headers,
      ...(payload === undefined ? {} : { body: payload }),
    });
  }

  async function push(version: string, files: Record<string, Buffer>, extra: object) {
    for (const bytes of Object.values(files)) {
      const res = await call('PUT', `/v1/team/blobs/${sha(bytes)}`, bytes);
      assert.ok(res.status === 201 || res.status === 200, String(res.status));
    }
    const res = await call('POST', '/v1/team/models/m/versions', {
      version,
      files: Object.entries(files).map(([path, b]) => ({ path, sha256: sha(b), size: b.length })),
      ...extra,
    });
    assert.equal(res.status, 201, await res.text());
    for (let i = 0; i < 200; i++) {
      const got = (await (
        await call('GET', `/v1/team/models/m/versions/${version}`)
      ).json()) as Version;
      if (got.status !== 'pending') return got;
      await new Promise((r) => setTimeout(r, 50));
    }
    return assert.fail(`version ${version} stayed pending`);
  }

  const promote = (version: string) =>
    call('POST', '/v1/team/models/m/aliases/production', { version, reason: 'test' });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mlsec-registry-verify-'));
    admin = (await initDataDir(join(dir, 'data'), { adminName: 'ada' })).adminToken;
    registry = await startRegistry(join(dir, 'data'), { port: 0 });
    assert.equal((await call('PUT', '/v1/team', {})).status, 201);
    assert.equal((await call('PUT', '/v1/team/policy', POLICY, 'text/yaml')).status, 200);
  });
  after(async () => {
    await registry?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records a verified signature and provenance, and the gates accept them', async () => {
    const v = await push('1', FILES, { signatureBundle: SIGNATURE, provenance: PROVENANCE });
    assert.equal(v.status, 'ready', v.statusMessage);
    assert.match(v.statusMessage, /signature verified; provenance verified/);
    assert.equal(v.checks.signature?.verified, true);
    assert.equal(v.checks.signature?.trustedAs, 'release');
    assert.match(v.checks.signature?.keyId ?? '', /^sha256:[0-9a-f]{64}$/);
    assert.equal(v.checks.provenance?.verified, true, v.checks.provenance?.detail);
    const res = await promote('1');
    assert.equal(res.status, 200, await res.text());
  });

  it('fails a version whose files are not what the trusted key signed', async () => {
    const v = await push(
      '2',
      { ...FILES, 'signme-2': Buffer.from('altered\n') },
      { signatureBundle: SIGNATURE },
    );
    assert.equal(v.status, 'failed');
    assert.match(
      v.statusMessage,
      /not what the trusted signer signed.*VERIFY_MODEL_MISMATCH.*signme-2/,
    );
    assert.equal((await promote('2')).status, 409);
  });

  it('keeps an untrusted or missing signature ready but unpromotable, naming each failed gate', async () => {
    const other = readFileSync(join(ROOT, 'packages/attest/testdata/pki/leaf-pub.pem'), 'utf8');
    const policy = JSON.parse(POLICY) as { trust: { keys: Record<string, string> } };
    policy.trust.keys = { release: other };
    assert.equal(
      (await call('PUT', '/v1/team/policy', JSON.stringify(policy), 'text/yaml')).status,
      200,
    );
    const v = await push('3', FILES, { signatureBundle: SIGNATURE, provenance: PROVENANCE });
    assert.equal(v.status, 'ready', v.statusMessage);
    assert.equal(v.checks.signature?.verified, false);
    assert.match(v.checks.signature?.detail ?? '', /no trusted key/);
    const refused = await promote('3');
    assert.equal(refused.status, 422);
    const message = ((await refused.json()) as { error: { message: string } }).error.message;
    assert.match(message, /signature: the signature did not verify/);
    assert.match(message, /provenance: the provenance is present but did not verify/);
    // Version 1 was verified under the old key; the name now holds another key, so it no longer passes.
    const again = await promote('1');
    assert.equal(again.status, 422);
    assert.match(
      ((await again.json()) as { error: { message: string } }).error.message,
      /which this alias does not trust/,
    );
    const unsigned = await push('4', FILES, {});
    assert.equal(unsigned.status, 'ready');
    assert.equal(unsigned.checks.signature, undefined);
  });
});
