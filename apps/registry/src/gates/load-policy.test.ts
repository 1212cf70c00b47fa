import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isMlsecError } from '@mlsec/core';
import {
  MAX_POLICY_BYTES,
  loadGatePolicy,
  parseGatePolicy,
  requireGatePolicy,
} from './load-policy.ts';

const EXAMPLE = join(dirname(fileURLToPath(import.meta.url)), '../../examples/gate-policy.yaml');
const dir = mkdtempSync(join(tmpdir(), 'mlsec-gates-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function problems(text: string) {
  const parsed = parseGatePolicy(text);
  assert.equal(parsed.ok, false, 'expected the policy to be refused');
  return parsed.ok ? [] : parsed.problems;
}

describe('parseGatePolicy', () => {
  it('reads the example policy with every gate', async () => {
    const policy = await loadGatePolicy(EXAMPLE);
    assert.deepEqual(policy.default, { scan: { max_severity: 'medium' } });
    const production = policy.aliases?.['production'];
    assert.ok(production);
    assert.deepEqual(production.metrics, {
      accuracy: { min: 0.92 },
      toxicity_rate: { max: 0.01 },
      demographic_parity_gap: { max: 0.05 },
    });
    assert.equal(production.approvals?.count, 2);
    assert.equal(production.provenance?.verified, true);
    assert.equal(production.signature?.identities?.length, 1);
    assert.deepEqual(Object.keys(policy.aliases ?? {}), ['production', 'canary']);
  });

  it('defaults provenance.verified to true', () => {
    const parsed = parseGatePolicy('version: 1\ndefault: { provenance: {} }\n');
    assert.ok(parsed.ok);
    assert.equal(parsed.policy.default.provenance?.verified, true);
  });

  it('names the path and the reason of every schema problem', () => {
    const text = [
      'version: 1',
      'default: {}',
      'aliases:',
      '  production:',
      '    approvals: { count: 1.5 }',
      '    scan: { max_severity: severe }',
      '    signature: {}',
      '    metrics:',
      '      accuracy: {}',
      '      "bad name!": { min: 1 }',
      '      f1: { min: 0.9, max: 0.1 }',
      '    extra: true',
      '',
    ].join('\n');
    assert.deepEqual(problems(text), [
      { path: 'aliases.production.signature', reason: 'list at least one trusted key or identity' },
      {
        path: 'aliases.production.scan.max_severity',
        reason: 'must be one of none, info, low, medium, high, critical',
      },
      { path: 'aliases.production.metrics.accuracy', reason: 'give min, max or both' },
      {
        path: 'aliases.production.metrics.bad name!',
        reason: 'is not a valid name: letters, digits, . _ : - (1 to 64)',
      },
      { path: 'aliases.production.metrics.f1', reason: 'min must not exceed max' },
      { path: 'aliases.production.approvals.count', reason: 'must be a whole number' },
      { path: 'aliases.production.extra', reason: 'unknown key' },
    ]);
  });

  it('refuses a wrong version, a missing default, and wrong types', () => {
    assert.deepEqual(problems('version: 2\ndefault: {}\n'), [
      { path: 'version', reason: 'must be 1' },
    ]);
    assert.deepEqual(problems('version: 1\n'), [
      { path: 'default', reason: 'Invalid input: expected object, received undefined' },
    ]);
    assert.deepEqual(problems('version: 1\ndefault: { metrics: { acc: { min: "0.9" } } }\n'), [
      {
        path: 'default.metrics.acc.min',
        reason: 'Invalid input: expected number, received string',
      },
    ]);
    assert.deepEqual(problems('version: 1\ndefault: { signature: { keys: [""] } }\n'), [
      { path: 'default.signature.keys[0]', reason: 'must not be empty' },
    ]);
    assert.deepEqual(problems('version: 1\ndefault: { approvals: { count: 0 } }\n'), [
      { path: 'default.approvals.count', reason: 'Too small: expected number to be >=1' },
    ]);
    assert.deepEqual(problems('[1, 2]'), [
      { path: '', reason: 'Invalid input: expected object, received array' },
    ]);
  });

  it('refuses YAML aliases, __proto__ keys, tags, duplicate keys and several documents', () => {
    const alias =
      'version: 1\ndefault: {}\naliases:\n  prod: &a { scan: { max_severity: low } }\n  canary: *a\n';
    assert.deepEqual(problems(alias), [
      { path: 'aliases.canary', reason: 'aliases (*name) are not supported' },
    ]);
    assert.deepEqual(problems('version: 1\ndefault:\n  __proto__: {}\n'), [
      { path: 'default', reason: 'the key "__proto__" is not allowed' },
    ]);
    assert.deepEqual(problems('version: 1\ndefault: !!map {}\n'), [
      { path: 'default', reason: 'explicit tags (!tag) are not supported' },
    ]);
    assert.deepEqual(problems('version: 1\nversion: 1\ndefault: {}\n'), [
      { path: '', reason: 'line 2, column 1: Map keys must be unique' },
    ]);
    assert.deepEqual(problems('version: 1\ndefault: {}\n---\nversion: 1\n'), [
      { path: '', reason: 'line 3, column 1: a policy file holds one document' },
    ]);
  });

  it('escapes untrusted key names in paths', () => {
    const [problem] = problems('version: 1\ndefault: {}\nextra\u0007key: 1\n');
    assert.equal(problem?.path, 'extra\\u0007key');
  });

  it('requireGatePolicy throws REGISTRY_GATE_POLICY_INVALID with one line per problem', () => {
    assert.throws(
      () =>
        requireGatePolicy(
          'version: 1\ndefault: { approvals: { count: 2.5 }, scan: {} }\n',
          'vision policy',
        ),
      (e: unknown) =>
        isMlsecError(e) &&
        e.code === 'REGISTRY_GATE_POLICY_INVALID' &&
        e.message ===
          'vision policy is invalid:\ndefault.scan.max_severity: must be one of none, info, low, medium, high, critical\ndefault.approvals.count: must be a whole number',
    );
  });
});

describe('loadGatePolicy', () => {
  it('refuses a missing file, a file over the size limit and non-UTF-8 bytes', async () => {
    const isInvalid = (e: unknown) => isMlsecError(e) && e.code === 'REGISTRY_GATE_POLICY_INVALID';
    await assert.rejects(loadGatePolicy(join(dir, 'missing.yaml')), isInvalid);
    const big = join(dir, 'big.yaml');
    writeFileSync(big, `version: 1\ndefault: {}\n#${'x'.repeat(MAX_POLICY_BYTES)}\n`);
    await assert.rejects(loadGatePolicy(big), isInvalid);
    const latin = join(dir, 'latin1.yaml');
    writeFileSync(latin, Buffer.from([0x76, 0x3a, 0x20, 0xe9, 0x0a]));
    await assert.rejects(loadGatePolicy(latin), isInvalid);
  });
});
