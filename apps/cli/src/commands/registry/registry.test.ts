import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCapture } from '../../testing/run-cli.ts';
import { cliAs, startTestRegistry, USERS } from './testing/test-registry.ts';
import type { TestRegistry } from './testing/test-registry.ts';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

// A model folder: a weights file over several upload chunks, a config, a nested file, and a copy
// of the config under another name (one blob, two paths).
const FILES: Readonly<Record<string, Buffer>> = {
  'model.safetensors': randomBytes(3 * 1024 * 1024 + 17),
  'config.json': Buffer.from('{"architectures":["Bert"]}\n'),
  'tokenizer/vocab.txt': Buffer.from('[PAD]\n[UNK]\nhello\nworld\n'),
  'config.copy.json': Buffer.from('{"architectures":["Bert"]}\n'),
};

describe('mlsec registry client against a real registry on 127.0.0.1', () => {
  let registry: TestRegistry;
  let work: string;
  let model: string;

  before(async () => {
    registry = await startTestRegistry();
    work = mkdtempSync(join(tmpdir(), 'mlsec-cli-registry-'));
    model = join(work, 'bert');
    for (const [path, bytes] of Object.entries(FILES)) {
      mkdirSync(join(model, path, '..'), { recursive: true });
      writeFileSync(join(model, path), bytes);
    }
    writeFileSync(join(work, 'metrics.json'), '{"accuracy": 0.95}');
  });
  after(async () => {
    await registry.close();
    rmSync(work, { recursive: true, force: true });
  });

  const as = (user: string, ...argv: string[]) => cliAs(registry, work)(user, ...argv);

  /** Every file under dir, by '/' path. */
  const tree = (dir: string, prefix = ''): Record<string, Buffer> => {
    const out: Record<string, Buffer> = {};
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory()) Object.assign(out, tree(join(dir, entry.name), path));
      else out[path] = readFileSync(join(dir, entry.name));
    }
    return out;
  };

  it('pushes, is refused by a gate, approves, promotes, pulls the same bytes, rolls back and tells the history', async () => {
    const pushed = await as(
      USERS.publisher,
      'push',
      'team/bert@1',
      'bert',
      '--json',
      '--metrics',
      'metrics.json',
    );
    assert.equal(pushed.code, 0, pushed.err);
    const body = JSON.parse(pushed.out) as {
      status: string;
      files: { path: string; sha256: string; size: number }[];
      blobsUploaded: number;
      blobsPresent: number;
    };
    assert.deepEqual(
      body.files,
      Object.keys(FILES)
        .sort()
        .map((path) => ({
          path,
          sha256: sha(FILES[path] ?? Buffer.alloc(0)),
          size: FILES[path]?.length,
        })),
    );
    assert.equal(body.blobsUploaded, 3, 'the two identical configs are one blob');
    assert.equal(body.blobsPresent, 0);

    const again = await as(USERS.publisher, 'push', 'team/bert@2', 'bert', '--json');
    assert.equal(again.code, 0, again.err);
    const second = JSON.parse(again.out) as { blobsUploaded: number; blobsPresent: number };
    assert.deepEqual([second.blobsUploaded, second.blobsPresent], [0, 3]);

    const refused = await as(
      USERS.publisher,
      'promote',
      'team/bert',
      'production',
      '1',
      '--reason',
      'ship 1',
    );
    assert.equal(refused.code, 1, refused.err);
    assert.match(refused.err, /refused \(REGISTRY_GATE_REFUSED\)/);
    assert.match(refused.err, /^ {2}FAILED approvals: /m);

    for (const version of ['1', '2']) {
      const approved = await as(USERS.approver, 'approve', `team/bert@${version}`, 'production');
      assert.equal(approved.code, 0, approved.err);
    }
    const promoted = await as(
      USERS.publisher,
      'promote',
      'team/bert',
      'production',
      '1',
      '--reason',
      'ship 1',
      '--json',
    );
    assert.equal(promoted.code, 0, promoted.err);
    assert.deepEqual(
      JSON.parse(promoted.out) as { from: unknown; to: unknown; promoted: unknown },
      { ...(JSON.parse(promoted.out) as object), promoted: true, from: null, to: '1' },
    );
    assert.match(promoted.err, /^ {2}passed approvals/m);

    const pulled = await as(USERS.reader, 'pull', 'team/bert@production', 'out', '--json');
    assert.equal(pulled.code, 0, pulled.err);
    assert.deepEqual((JSON.parse(pulled.out) as { version: string; alias: string }).version, '1');
    const got = tree(join(work, 'out'));
    assert.deepEqual(Object.keys(got).sort(), Object.keys(FILES).sort(), 'no temporaries left');
    for (const [path, bytes] of Object.entries(FILES)) {
      assert.ok(got[path]?.equals(bytes), `${path} has the pushed bytes`);
    }
    const twice = await as(USERS.reader, 'pull', 'team/bert@1', 'out');
    assert.equal(twice.code, 2);
    assert.match(twice.err, /error CLI_REGISTRY_TARGET_EXISTS: /);
    assert.equal((await as(USERS.reader, 'pull', 'team/bert@1', 'out', '--force')).code, 0);

    assert.equal(
      (await as(USERS.publisher, 'promote', 'team/bert', 'production', '2', '--reason', 'ship 2'))
        .code,
      0,
    );
    const back = await as(
      USERS.publisher,
      'rollback',
      'team/bert',
      'production',
      '--reason',
      'incident',
      '--json',
    );
    assert.equal(back.code, 0, back.err);
    assert.deepEqual(JSON.parse(back.out), { alias: 'production', from: '2', to: '1' });

    const history = await as(USERS.reader, 'history', 'team/bert', 'production', '--json');
    assert.equal(history.code, 0, history.err);
    const moves = JSON.parse(history.out) as {
      target: string;
      moves: { from: string | null; to: string; by: string; reason: string }[];
    };
    assert.equal(moves.target, '1');
    assert.deepEqual(
      moves.moves.map((m) => [m.from, m.to, m.by, m.reason]),
      [
        [null, '1', USERS.publisher, 'ship 1'],
        ['1', '2', USERS.publisher, 'ship 2'],
        ['2', '1', USERS.publisher, 'incident'],
      ],
    );
    const text = await as(USERS.reader, 'history', 'team/bert', 'production');
    assert.match(text.out, /^team\/bert production now: 1\n/);
    assert.match(text.out, /\(none\) -> 1 {2}by pat: ship 1\n/);
    assert.match(text.out, /2 -> 1 {2}by pat: incident\n/);
  });

  it('refuses a pull whose blob was tampered with on disk, and leaves nothing behind', async () => {
    const weights = FILES['model.safetensors'] ?? Buffer.alloc(0);
    const digest = sha(weights);
    const blob = join(registry.blobRoot, 'sha256', digest.slice(0, 2), digest.slice(2, 4), digest);
    const bytes = readFileSync(blob);
    bytes[1000] = (bytes[1000] ?? 0) ^ 0x01;
    chmodSync(blob, 0o644);
    writeFileSync(blob, bytes);
    try {
      const fresh = await as(USERS.reader, 'pull', 'team/bert@2', 'tampered');
      assert.notEqual(fresh.code, 0);
      assert.match(fresh.err, /mlsec: error CLI_REGISTRY_VERIFY_FAILED: model\.safetensors: /);
      assert.equal(existsSync(join(work, 'tampered')), false, 'the folder the pull made is gone');
      mkdirSync(join(work, 'kept'));
      const into = await as(USERS.reader, 'pull', 'team/bert@2', 'kept');
      assert.equal(into.code, 1, into.err);
      assert.deepEqual(readdirSync(join(work, 'kept')), []);
    } finally {
      bytes[1000] = (bytes[1000] ?? 0) ^ 0x01;
      writeFileSync(blob, bytes);
    }
  });

  it('checks every byte itself: a server that serves other bytes under the right headers is refused', async () => {
    // A proxy standing in for a compromised registry: it flips one byte of each file it serves.
    const proxy = createServer((request, response) => {
      void (async () => {
        const upstream = await fetch(`${registry.url}${request.url ?? '/'}`, {
          headers: { authorization: request.headers.authorization ?? '' },
        });
        const body = Buffer.from(await upstream.arrayBuffer());
        if ((request.url ?? '').includes('/files/') && body.length > 0)
          body[0] = (body[0] ?? 0) ^ 0xff;
        response.writeHead(upstream.status, {
          'content-type': upstream.headers.get('content-type') ?? '',
        });
        response.end(body);
      })();
    });
    await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
    try {
      const { port } = proxy.address() as AddressInfo;
      const pulled = await runCapture(
        ['registry', 'pull', 'team/bert@1', 'lied', '--registry', `http://127.0.0.1:${port}`],
        { cwd: work, env: { MLSEC_REGISTRY_TOKEN: `token-${USERS.reader}` } },
      );
      assert.equal(pulled.code, 1, pulled.err);
      assert.match(
        pulled.err,
        /^mlsec: error CLI_REGISTRY_VERIFY_FAILED: \S+: SHA-256 [0-9a-f]{64} differs/,
      );
      assert.equal(existsSync(join(work, 'lied')), false);
    } finally {
      await new Promise((done) => proxy.close(done));
    }
  });

  it('pulls a ready version of a public namespace without a login, and nothing from a private one', async () => {
    const pushed = await as(USERS.publisher, 'push', 'open/bert@1', 'bert');
    assert.equal(pushed.code, 0, pushed.err);
    const nobody = (...argv: string[]) =>
      runCapture(['registry', ...argv, '--registry', registry.url], {
        cwd: work,
        env: { MLSEC_CONFIG_DIR: join(work, 'nobody') },
      });
    const pulled = await nobody('pull', 'open/bert@1', 'public-out', '--json');
    assert.equal(pulled.code, 0, pulled.err);
    assert.equal((JSON.parse(pulled.out) as { version: string }).version, '1');
    const got = tree(join(work, 'public-out'));
    assert.deepEqual(Object.keys(got).sort(), Object.keys(FILES).sort());
    for (const [path, bytes] of Object.entries(FILES)) {
      assert.ok(got[path]?.equals(bytes), `${path} has the pushed bytes`);
    }
    const closed = await nobody('pull', 'team/bert@1', 'private-out');
    assert.equal(closed.code, 2);
    assert.match(closed.err, /^mlsec: error REGISTRY_AUTH_REQUIRED: /m);
    assert.equal(existsSync(join(work, 'private-out')), false);
    const pushing = await nobody('push', 'open/bert@2', 'bert');
    assert.equal(pushing.code, 2);
    assert.match(pushing.err, /^mlsec: error REGISTRY_AUTH_REQUIRED: /m);
  });

  it("prints the registry's error code and exits 2", async () => {
    const missing = await as(USERS.reader, 'pull', 'team/bert@9', 'nine');
    assert.equal(missing.code, 2);
    assert.match(missing.err, /^mlsec: error REGISTRY_NOT_FOUND: /);
    const denied = await as(USERS.reader, 'push', 'team/bert@3', 'bert');
    assert.equal(denied.code, 2);
    assert.match(denied.err, /^mlsec: error REGISTRY_ACCESS_DENIED: /m);
    const anonymous = await runCapture(
      ['registry', 'history', 'team/bert', 'production', '--registry', registry.url],
      {
        env: { MLSEC_CONFIG_DIR: join(work, 'nobody') },
      },
    );
    assert.equal(anonymous.code, 2);
    assert.match(anonymous.err, /^mlsec: error REGISTRY_AUTH_REQUIRED: /);
  });

  it('stores a login readable by its owner only, never prints the token, and uses it for that URL only', async () => {
    const config = join(work, 'login');
    writeFileSync(join(work, 'token.txt'), `token-${USERS.reader}\n`);
    const env = { MLSEC_CONFIG_DIR: config };
    const login = await runCapture(
      ['registry', 'login', registry.url, '--token-file', 'token.txt'],
      { cwd: work, env },
    );
    assert.equal(login.code, 0, login.err);
    assert.doesNotMatch(login.out + login.err, /token-rita/);
    const file = join(config, 'registry.json');
    assert.equal((await import('node:fs')).statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), {
      url: registry.url,
      token: 'token-rita',
    });
    const history = await runCapture(['registry', 'history', 'team/bert', 'production'], {
      cwd: work,
      env,
    });
    assert.equal(history.code, 0, history.err);
    // Another URL of the same server gets no stored token.
    const other = registry.url.replace('127.0.0.1', 'localhost');
    const elsewhere = await runCapture(
      ['registry', 'history', 'team/bert', 'production', '--registry', other],
      { cwd: work, env },
    );
    assert.match(elsewhere.err, /REGISTRY_AUTH_REQUIRED/);
    const insecure = await runCapture(
      ['registry', 'login', 'http://registry.example.com', '--token-file', 'token.txt'],
      { cwd: work, env },
    );
    assert.equal(insecure.code, 2);
    assert.match(insecure.err, /^mlsec: error CLI_REGISTRY_INSECURE_URL: /);
    const noToken = await runCapture(
      ['registry', 'login', registry.url, '--token-env', 'UNSET_VAR'],
      { cwd: work, env },
    );
    assert.equal(noToken.code, 2);
    assert.match(noToken.err, /CLI_USAGE/);
  });

  it('refuses to push a folder holding a symlink', async () => {
    const linked = join(work, 'linked');
    mkdirSync(linked);
    writeFileSync(join(linked, 'a.bin'), 'a');
    (await import('node:fs')).symlinkSync('/etc/passwd', join(linked, 'passwd'));
    const pushed = await as(USERS.publisher, 'push', 'team/bert@9', 'linked');
    assert.equal(pushed.code, 2);
    assert.match(pushed.err, /^mlsec: error CLI_REGISTRY_FILE_REFUSED: passwd is a symlink/);
  });
});
