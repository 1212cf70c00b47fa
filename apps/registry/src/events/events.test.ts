import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { MlsecError } from '@mlsec/core';
import { checkEntry, decodeEntry, encodeEntry } from './codec.ts';
import type { LogEntry } from './entries.ts';
import { aliasAt, keyOf, previousTarget, replay } from './replay.ts';

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
let clock = Date.parse('2026-11-01T00:00:00.000Z');
const at = (): string => new Date((clock += 60_000)).toISOString();

const ns = (): LogEntry => ({
  kind: 'namespace_created',
  namespace: 'team',
  public: false,
  by: 'admin',
  at: at(),
});
const registered = (version: string, by = 'pub'): LogEntry => ({
  kind: 'version_registered',
  namespace: 'team',
  model: 'bert',
  version,
  manifestSha256: sha(`manifest ${version}`),
  files: [{ path: 'model.safetensors', sha256: sha(version), size: 1024 }],
  signatureSha256: sha(`sig ${version}`),
  provenanceSha256: null,
  by,
  at: at(),
});
const ready = (version: string): LogEntry => ({
  kind: 'version_ready',
  namespace: 'team',
  model: 'bert',
  version,
  detail: 'scan clean; signed by ci@example.com',
  by: 'registry',
  at: at(),
});
const moved = (from: string | null, to: string, rollback = false): LogEntry => ({
  kind: 'alias_moved',
  namespace: 'team',
  model: 'bert',
  alias: 'production',
  from,
  to,
  reason: rollback ? 'rollback' : `ship ${to}`,
  rollback,
  by: 'rel',
  at: at(),
});

function refused(run: () => unknown, pattern: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof MlsecError);
    assert.equal(error.code, 'REGISTRY_LOG_ENTRY_INVALID');
    assert.match(error.message, pattern);
    return true;
  });
}

describe('log entry encoding', () => {
  it('is canonical JSON (RFC 8785): sorted keys, no spaces, and reads back to the same entry', () => {
    const entry = registered('1');
    const bytes = encodeEntry(entry);
    const text = new TextDecoder().decode(bytes);
    assert.ok(text.startsWith('{"at":"'), text);
    assert.ok(!/\s/.test(text.replaceAll('model.safetensors', '')), 'no whitespace');
    assert.deepEqual(decodeEntry(bytes), entry);
    // Key order in the object does not matter: the bytes are the same.
    const shuffled = Object.fromEntries(Object.entries(entry).reverse()) as unknown as LogEntry;
    assert.deepEqual(encodeEntry(shuffled), bytes);
  });

  it('refuses bytes that are valid but not canonical, so each entry has one leaf', () => {
    const text = new TextDecoder().decode(encodeEntry(ns()));
    const spaced = new TextEncoder().encode(text.replace('{', '{ '));
    refused(() => decodeEntry(spaced), /not in canonical form/);
    refused(() => decodeEntry(Uint8Array.from([0xff, 0xfe])), /not UTF-8 JSON/);
  });

  it('refuses unknown kinds, missing, extra and mistyped fields', () => {
    const good = registered('1') as unknown as Record<string, unknown>;
    refused(() => checkEntry({ ...good, kind: 'version_deleted' }), /unknown log entry kind/);
    const missing = { ...good };
    delete missing['manifestSha256'];
    refused(() => checkEntry(missing), /"manifestSha256" is missing/);
    refused(() => checkEntry({ ...good, admin: true }), /unexpected field "admin"/);
    refused(
      () => checkEntry({ ...good, manifestSha256: 'ABC' }),
      /"manifestSha256" is not a valid sha256/,
    );
    refused(() => checkEntry({ ...good, at: '2026-11-01' }), /"at" is not a valid time/);
    refused(
      () => checkEntry({ ...good, files: [{ path: 'x', sha256: sha('x'), size: -1 }] }),
      /"files"/,
    );
    refused(() => checkEntry({ ...ns(), public: 'yes' }), /"public" is not a valid boolean/);
    refused(() => checkEntry([]), /not a JSON object/);
    const token = {
      kind: 'token_created',
      tokenId: 't',
      principal: 'ci',
      secretSha256: sha('s'),
      scope: [{ namespace: 'team', role: 'owner' }],
      expiresAt: null,
      by: 'admin',
      at: at(),
    };
    refused(() => checkEntry(token), /"scope" is not a valid scope/);
    refused(() => checkEntry({ ...token, scope: [] }), /"scope"/);
  });
});

describe('replay', () => {
  it('rebuilds versions, aliases with their history, approvals, grants and tokens', () => {
    const log: LogEntry[] = [
      ns(),
      {
        kind: 'grant_changed',
        namespace: 'team',
        principal: 'rel',
        role: 'approver',
        granted: true,
        by: 'admin',
        at: at(),
      },
      {
        kind: 'token_created',
        tokenId: 'tok1',
        principal: 'ci',
        secretSha256: sha('secret'),
        scope: [{ namespace: 'team', role: 'publisher' }],
        expiresAt: null,
        by: 'admin',
        at: at(),
      },
      registered('1'),
      ready('1'),
      moved(null, '1'),
      registered('2'),
      ready('2'),
      {
        kind: 'approval_added',
        namespace: 'team',
        model: 'bert',
        version: '2',
        alias: 'production',
        by: 'rel',
        at: at(),
      },
      moved('1', '2'),
      { kind: 'token_revoked', tokenId: 'tok1', by: 'admin', at: at() },
    ];
    const { state, issues } = replay(log);
    assert.deepEqual(issues, []);
    const alias = state.aliases.get(keyOf('team', 'bert', 'production'));
    assert.equal(alias?.target, '2');
    assert.equal(previousTarget(alias), '1');
    assert.equal(state.versions.get(keyOf('team', 'bert', '2'))?.status, 'ready');
    assert.deepEqual(state.approvals.get(keyOf('team', 'bert', '2', 'production')), ['rel']);
    assert.deepEqual([...(state.grants.get(keyOf('team', 'rel')) ?? [])], ['approver']);
    assert.equal(state.tokens.get('tok1')?.revoked, true);
    // What was in production when: before the first move, after it, after the second.
    const first = (log[5] as { at: string }).at;
    const second = (log[9] as { at: string }).at;
    assert.equal(aliasAt(alias, '2026-01-01T00:00:00.000Z'), null);
    assert.equal(aliasAt(alias, first), '1');
    assert.equal(aliasAt(alias, second), '2');
  });

  it('reports entries the registry would never write, by index, and does not apply them', () => {
    const { state, issues } = replay([
      ns(),
      registered('1'),
      moved(null, '1'), // not ready yet
      ready('1'),
      registered('1'), // a second registration of the same id
      moved('9', '1'), // wrong "from"
      {
        kind: 'approval_added',
        namespace: 'team',
        model: 'bert',
        version: '7',
        alias: 'production',
        by: 'x',
        at: at(),
      },
      {
        kind: 'grant_changed',
        namespace: 'other',
        principal: 'x',
        role: 'admin',
        granted: true,
        by: 'x',
        at: at(),
      },
      { kind: 'token_revoked', tokenId: 'nope', by: 'x', at: at() },
    ]);
    assert.deepEqual(
      issues.map((i) => i.index),
      [2, 4, 5, 6, 7, 8],
    );
    assert.match(issues[0]?.message ?? '', /not a ready version/);
    assert.match(issues[1]?.message ?? '', /registered twice/);
    assert.match(issues[2]?.message ?? '', /moved from 9 but pointed at null/);
    assert.equal(state.aliases.size, 0);
    assert.equal(state.versions.get(keyOf('team', 'bert', '1'))?.manifestSha256, sha('manifest 1'));
  });

  it('keys names without separator ambiguity', () => {
    assert.notEqual(keyOf('a/b', 'c'), keyOf('a', 'b/c'));
  });
});
