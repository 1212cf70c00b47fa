import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadPolicy, MAX_POLICY_BYTES, MAX_POLICY_ENTRIES } from './load-policy.ts';

const YAML_POLICY = `
# Our lab's additions to the default policy.
version: 1
allow:
  - mylab.models.*:class
  - mylab.data.transforms.normalize
deny:
  - mylab.admin.*
  - pattern: mylab.jobs.run_remote
    category: network
    reason: calls our job server
configModules:
  - mylab_layers
`;

const JSON_POLICY = JSON.stringify({
  version: 1,
  allow: ['mylab.models.*:class'],
  deny: [{ pattern: 'mylab.jobs.run_remote', category: 'network' }],
  configModules: ['mylab_layers.*'],
});

function errorOf(content: string): string {
  const result = loadPolicy(content);
  assert.equal(result.ok, false, `expected an error for ${JSON.stringify(content).slice(0, 80)}`);
  return result.ok ? '' : result.error;
}

describe('loadPolicy', () => {
  describe('when the file is a valid YAML or JSON policy', () => {
    it('builds a policy with the YAML additions on top of the defaults', () => {
      const result = loadPolicy(YAML_POLICY);
      assert.ok(result.ok, result.ok ? '' : result.error);
      const { policy } = result;
      assert.equal(policy.classifyGlobal('mylab.models.unet', 'UNet').kind, 'allowed');
      assert.equal(policy.classifyGlobal('mylab.data.transforms', 'normalize').kind, 'allowed');
      assert.deepEqual(policy.classifyGlobal('mylab.admin', 'wipe'), {
        kind: 'dangerous',
        category: 'user-policy',
        reason: 'denied by the policy file',
        pattern: 'mylab.admin.*',
      });
      const remote = policy.classifyGlobal('mylab.jobs', 'run_remote');
      assert.equal(remote.kind === 'dangerous' && remote.reason, 'calls our job server');
      assert.ok(policy.isAllowedConfigModule('mylab_layers'));
      assert.equal(policy.classifyGlobal('posix', 'system').kind, 'dangerous');
    });

    it('builds the same policy from JSON and returns the parsed options', () => {
      const result = loadPolicy(JSON_POLICY);
      assert.ok(result.ok, result.ok ? '' : result.error);
      assert.equal(result.policy.classifyGlobal('mylab.models', 'Net').kind, 'allowed');
      assert.deepEqual(result.options.deny, [
        { pattern: 'mylab.jobs.run_remote', category: 'network' },
      ]);
    });

    it('accepts a policy with only the version', () => {
      const result = loadPolicy('version: 1\n');
      assert.ok(result.ok);
      assert.equal(result.policy.classifyGlobal('torch', 'FloatStorage').kind, 'allowed');
    });
  });

  describe('when the file does not match the schema', () => {
    it('rejects a missing or wrong version', () => {
      assert.equal(errorOf('allow: []'), 'version: must be 1');
      assert.equal(errorOf('version: 2'), 'version: must be 1');
      assert.equal(errorOf('version: "1"'), 'version: must be 1');
    });

    it('rejects unknown keys at the top level and in deny entries', () => {
      assert.equal(errorOf('version: 1\nalow: [a.b]'), 'unknown key "alow"');
      assert.equal(
        errorOf('version: 1\ndeny: [{pattern: a.b, severity: high}]'),
        'deny[0]: unknown key "severity"',
      );
    });

    it('rejects values of the wrong type', () => {
      assert.equal(errorOf('[1, 2]'), 'the policy must be a mapping with a version key');
      assert.equal(errorOf(''), 'the policy must be a mapping with a version key');
      assert.equal(errorOf('version: 1\nallow: a.b'), 'allow: must be a list');
      assert.equal(errorOf('version: 1\nallow: [1]'), 'allow[0]: must be a string');
      assert.equal(
        errorOf('version: 1\ndeny: [[a.b]]'),
        'deny[0]: must be a pattern or { pattern, category, reason }',
      );
      assert.equal(
        errorOf('version: 1\ndeny: [{category: network}]'),
        'deny[0].pattern: must be a string',
      );
      assert.equal(
        errorOf('version: 1\ndeny: [{pattern: a.b, reason: 3}]'),
        'deny[0].reason: must be a string',
      );
    });

    it('rejects malformed patterns, naming the entry', () => {
      assert.match(
        errorOf('version: 1\nallow: [ok.name, "os.*.system"]'),
        /^allow\[1\]: the pattern has a wildcard/,
      );
      assert.match(
        errorOf('version: 1\ndeny: [os]'),
        /^deny\[0\]\.pattern: the pattern names a module alone/,
      );
      assert.match(
        errorOf('version: 1\nconfigModules: ["*"]'),
        /^configModules\[0\]: the pattern is a bare wildcard/,
      );
      assert.match(
        errorOf('version: 1\ndeny: [{pattern: a.b, category: "Bad Category"}]'),
        /^deny\[0\]\.category/,
      );
    });

    it('rejects lists longer than the limit', () => {
      const allow = Array.from({ length: 11 }, (_, i) => `m.n${i}`);
      const result = loadPolicy(JSON.stringify({ version: 1, allow }), { maxEntries: 10 });
      assert.equal(result.ok ? '' : result.error, 'allow: has more than 10 entries');
      assert.ok(MAX_POLICY_ENTRIES >= 10_000);
    });
  });

  describe('when the file tries prototype pollution', () => {
    it('rejects __proto__, constructor and prototype keys anywhere', () => {
      for (const content of [
        '{"version": 1, "__proto__": {"polluted": true}}',
        'version: 1\nconstructor: {prototype: {polluted: true}}',
        'version: 1\ndeny: [{pattern: a.b, __proto__: {polluted: true}}]',
        'version: 1\ndeny: [{pattern: a.b, prototype: x}]',
      ]) {
        assert.match(
          errorOf(content),
          /the key "(__proto__|constructor|prototype)" is not allowed/,
        );
      }
      assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    });
  });

  describe('when the YAML uses features a policy does not need', () => {
    it('rejects aliases, tags, duplicate keys and several documents', () => {
      assert.match(errorOf('version: 1\nallow: &a [x.y]\nconfigModules: *a'), /aliases/);
      assert.match(errorOf('version: 1\nallow: [!!str x.y]'), /explicit tags/);
      assert.match(errorOf('version: 1\nallow: [!custom x.y]'), /^line 2, column \d+: /);
      assert.match(errorOf('version: 1\nversion: 1'), /^line 2, column 1: .*unique/);
      assert.match(
        errorOf('version: 1\n---\nversion: 1'),
        /^line 2, column 1: a policy file holds one/,
      );
      assert.match(errorOf('version: 1\n? [a, b]\n: c'), /keys must be plain strings/);
    });

    it('rejects syntax errors with their position', () => {
      assert.match(errorOf('version: 1\nallow: [a.b\n'), /^line \d+, column \d+: /);
      assert.match(errorOf('{"version": 1,'), /^line 1, column \d+: /);
    });

    it('rejects files larger than the limit before parsing them', () => {
      assert.match(errorOf(`version: 1\n#${'x'.repeat(MAX_POLICY_BYTES)}`), /larger than/);
    });

    it('rejects nesting far deeper than the schema', () => {
      assert.match(
        errorOf(`version: 1\nallow: ${'['.repeat(20)}${']'.repeat(20)}`),
        /nested too deeply/,
      );
    });
  });
});
