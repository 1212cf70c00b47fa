import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMlsecError } from '@mlsec/core';
import { compilePolicy, createPolicy } from './create-policy.ts';

describe('createPolicy', () => {
  describe('when the caller adds allow patterns', () => {
    const policy = createPolicy({
      allow: ['mylab.models.*:class', 'mylab.ops.*', 'mylab.util.load_config'],
    });

    it('allows the exact name, the module wildcard and the classes of the class wildcard', () => {
      assert.equal(policy.classifyGlobal('mylab.util', 'load_config').kind, 'allowed');
      assert.equal(policy.classifyGlobal('mylab.ops.fused', 'fused_gelu').kind, 'allowed');
      assert.equal(policy.classifyGlobal('mylab.models.resnet', 'ResNet50').kind, 'allowed');
    });

    it('keeps functions out of a class wildcard', () => {
      assert.equal(policy.classifyGlobal('mylab.models.resnet', 'build_model').kind, 'unknown');
    });

    it('keeps attribute paths out of every wildcard', () => {
      assert.equal(policy.classifyGlobal('mylab.ops', 'fused.helpers').kind, 'unknown');
      assert.equal(policy.classifyGlobal('mylab.ops', 'fused.os.system').kind, 'dangerous');
    });

    it('cannot allow what the denylist denies', () => {
      const permissive = createPolicy({ allow: ['os.system', 'builtins.getattr', 'subprocess.*'] });
      for (const [module, name] of [
        ['posix', 'system'],
        ['builtins', 'getattr'],
        ['subprocess', 'run'],
      ] as const) {
        assert.equal(
          permissive.classifyGlobal(module, name).kind,
          'dangerous',
          `${module}.${name}`,
        );
      }
    });
  });

  describe('when the caller adds deny patterns', () => {
    const policy = createPolicy({
      deny: [
        {
          pattern: 'mylab.admin.*',
          category: 'process-execution',
          reason: 'runs maintenance jobs',
        },
        { pattern: 'sklearn.pipeline.Pipeline' },
        { pattern: 'os.system', category: 'site-critical', reason: 'our own wording' },
      ],
    });

    it('denies them with the given or default category and reason', () => {
      assert.deepEqual(policy.classifyGlobal('mylab.admin.jobs', 'reset'), {
        kind: 'dangerous',
        category: 'process-execution',
        reason: 'runs maintenance jobs',
        pattern: 'mylab.admin.*',
      });
      const pipeline = policy.classifyGlobal('sklearn.pipeline', 'Pipeline');
      assert.equal(pipeline.kind === 'dangerous' && pipeline.category, 'user-policy');
    });

    it('lets a deny entry win over a default allow entry', () => {
      assert.equal(policy.classifyGlobal('sklearn.pipeline', 'Pipeline').kind, 'dangerous');
      assert.equal(createPolicy().classifyGlobal('sklearn.pipeline', 'Pipeline').kind, 'allowed');
    });

    it("uses the caller's category and reason for a pattern the defaults also deny", () => {
      const result = policy.classifyGlobal('nt', 'system');
      assert.equal(result.kind === 'dangerous' && result.category, 'site-critical');
    });
  });

  describe('when the options are malformed', () => {
    it('throws SCAN_POLICY_INVALID naming the entry', () => {
      for (const [options, where] of [
        [{ allow: ['ok.name', 'bad..name'] }, 'allow[1]'],
        [{ deny: [{ pattern: 'os' }] }, 'deny[0].pattern'],
        [{ deny: [{ pattern: 'a.b', category: 'Not Kebab' }] }, 'deny[0].category'],
        [{ deny: [{ pattern: 'a.b', reason: 'line\nbreak' }] }, 'deny[0].reason'],
        [{ deny: [{ pattern: 'a.b', reason: 'x'.repeat(201) }] }, 'deny[0].reason'],
        [{ configModules: ['keras.*:class'] }, 'configModules[0]'],
      ] as const) {
        assert.throws(
          () => createPolicy(options),
          (error: unknown) =>
            isMlsecError(error) &&
            error.code === 'SCAN_POLICY_INVALID' &&
            error.message.startsWith(where),
          where,
        );
      }
    });

    it('returns the same error without throwing from compilePolicy', () => {
      const result = compilePolicy({ allow: ['*'] });
      assert.equal(result.ok, false);
      assert.match(result.ok ? '' : result.error, /^allow\[0\]: the pattern is a bare wildcard/);
    });
  });
});

describe('isAllowedConfigModule', () => {
  const policy = createPolicy({ configModules: ['mylab_layers', 'mylab.keras.*'] });

  it('allows the Keras packages and their layer modules', () => {
    for (const module of [
      'keras',
      'keras.layers',
      'keras.src.layers.core.dense',
      'keras.src.models.functional',
      'tf_keras.src.layers',
      'tensorflow.keras.layers',
      'keras_hub.src.models',
    ]) {
      assert.ok(policy.isAllowedConfigModule(module), module);
    }
  });

  it('refuses download and loading helpers inside Keras', () => {
    for (const module of [
      'keras.utils',
      'keras.src.utils.file_utils',
      'keras.saving',
      'tf_keras.utils',
      'tensorflow.keras.utils',
    ]) {
      assert.ok(!policy.isAllowedConfigModule(module), module);
    }
  });

  it('refuses modules outside the list and denied modules', () => {
    for (const module of [
      'os',
      'posix',
      'builtins',
      'subprocess',
      'tensorflow',
      'tensorflow.io',
      'mylab',
      'keras.__init__',
      'keras..layers',
      '',
    ]) {
      assert.ok(!policy.isAllowedConfigModule(module), module);
    }
  });

  it('allows the modules the caller adds', () => {
    assert.ok(policy.isAllowedConfigModule('mylab_layers'));
    assert.ok(policy.isAllowedConfigModule('mylab.keras.blocks'));
    assert.ok(!createPolicy().isAllowedConfigModule('mylab_layers'));
  });
});

describe('classifyGlobal on hostile strings', () => {
  it('never throws and stays fast on random and huge input', () => {
    const policy = createPolicy();
    let seed = 0x9e3779b9;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed;
    };
    const alphabet = 'os.system_._builtins__\u0000\n .*:é';
    const random = (): string =>
      Array.from({ length: next() % 40 }, () => alphabet[next() % alphabet.length]).join('');
    for (let i = 0; i < 3000; i++) {
      const verdict = policy.classifyGlobal(random(), random());
      assert.ok(['allowed', 'dangerous', 'unknown'].includes(verdict.kind));
    }
    const huge = `${'a.'.repeat(100_000)}x`;
    const started = performance.now();
    assert.equal(policy.classifyGlobal('os', huge).kind, 'dangerous');
    assert.equal(policy.classifyGlobal('mylab', huge).kind, 'dangerous');
    assert.equal(policy.classifyGlobal(huge, 'Model').kind, 'unknown');
    assert.ok(performance.now() - started < 2000);
  });
});
