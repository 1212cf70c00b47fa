import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_PARAMS_BYTES, parseParams } from './read-params.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const issueOf = (s: string, name = '') => {
  const r = parseParams(enc(s), name);
  assert.equal(r.ok, false, `accepted ${s}`);
  assert.equal(r.issues[0]?.code, 'PROVENANCE_PARAMS_INVALID');
  return r.issues[0]?.message ?? '';
};

describe('parseParams', () => {
  it('reads a JSON object', () => {
    const r = parseParams(enc('{"lr": 0.1, "layers": [1, 2]}'), 'params.json');
    assert.ok(r.ok);
    assert.deepEqual(r.value, { lr: 0.1, layers: [1, 2] });
  });

  it('reads a YAML mapping with nested values', () => {
    const r = parseParams(
      enc('lr: 0.001\nopt:\n  name: adam\n  betas: [0.9, 0.999]\nseed: null\n'),
    );
    assert.ok(r.ok);
    assert.deepEqual(r.value, {
      lr: 0.001,
      opt: { name: 'adam', betas: [0.9, 0.999] },
      seed: null,
    });
  });

  it('refuses __proto__ keys in JSON and YAML without touching Object.prototype', () => {
    assert.match(issueOf('{"__proto__": {"polluted": true}}'), /__proto__/);
    assert.match(issueOf('a:\n  __proto__:\n    polluted: true\n'), /forbidden key "__proto__"/);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });

  it('refuses YAML aliases, tags, duplicate keys and several documents', () => {
    assert.match(issueOf('a: &x 1\nb: *x\n'), /alias/);
    assert.match(issueOf('a: !!binary aGVsbG8=\n'), /tag/);
    assert.match(issueOf('a: 1\na: 2\n'), /YAML|duplicate/);
    assert.match(issueOf('a: 1\n---\nb: 2\n'), /one YAML document/);
  });

  it('refuses a top level that is not an object', () => {
    assert.match(issueOf('[1, 2]'), /top level/);
    assert.match(issueOf('just text'), /top level/);
    assert.match(issueOf('{"a":'), /JSON/);
  });

  it('refuses a file over the size limit, and bytes that are not UTF-8', () => {
    assert.match(issueOf(`a: "${'x'.repeat(MAX_PARAMS_BYTES)}"`), /limit/);
    const r = parseParams(Uint8Array.of(0x61, 0x3a, 0x20, 0xff));
    assert.equal(r.ok, false);
  });

  it('refuses nesting deeper than 32 levels in JSON and YAML', () => {
    const deep = `${'['.repeat(40)}${']'.repeat(40)}`;
    assert.match(issueOf(`{"a": ${deep}}`), /deeper/);
    assert.match(issueOf(`a: ${deep}\n`), /deeper/);
  });
});
