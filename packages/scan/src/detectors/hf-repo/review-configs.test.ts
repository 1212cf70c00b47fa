import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findCodeRefs, parseClassRef } from './code-refs.ts';
import { hfRepoDetector } from './detector.ts';
import { json, modelRepo } from './testing/builders.ts';
import { ofRule, runRepoDetector } from './testing/fake-repo.ts';

describe('parseClassRef', () => {
  it('splits module.Class into the module file of the config folder', () => {
    assert.deepEqual(parseClassRef('modeling_x.XModel', 'sub'), {
      reference: 'modeling_x.XModel',
      module: 'modeling_x',
      className: 'XModel',
      moduleFile: 'sub/modeling_x.py',
    });
  });

  it('recognizes references into another repository', () => {
    assert.deepEqual(parseClassRef('org/repo--modeling_x.XModel', ''), {
      reference: 'org/repo--modeling_x.XModel',
      repo: 'org/repo',
      module: 'modeling_x',
      className: 'XModel',
    });
  });
});

describe('findCodeRefs', () => {
  const none = (): boolean => false;

  it('reads auto_map strings and tokenizer [slow, fast] pairs with their JSON pointers', () => {
    const refs = findCodeRefs(
      'tokenizer_config.json',
      { auto_map: { AutoTokenizer: ['tok.Slow', null], 'a/b~c': 'm.C' } },
      none,
    );
    assert.deepEqual(
      refs.map((r) => [r.key, r.pointer, r.moduleFile]),
      [
        ['AutoTokenizer', '/auto_map/AutoTokenizer/0', 'tok.py'],
        ['a/b~c', '/auto_map/a~1b~0c', 'm.py'],
      ],
    );
  });

  it('ignores auto_map in files transformers does not read it from', () => {
    assert.deepEqual(findCodeRefs('special_tokens_map.json', { auto_map: { A: 'm.C' } }, none), []);
  });

  it('reads sentence-transformers custom module types but not built-in or installed ones', () => {
    const modules = [
      { idx: 0, type: 'sentence_transformers.models.Transformer' },
      { idx: 1, type: 'custom_st.MyModule' },
      { idx: 2, type: 'otherpkg.layers.Dense' },
    ];
    assert.deepEqual(
      findCodeRefs('modules.json', modules, none).map((r) => r.pointer),
      ['/1/type'],
    );
  });

  it('reads diffusers custom pipelines and components whose module file exists', () => {
    const index = {
      _class_name: ['pipeline_mine', 'MyPipeline'],
      unet: ['my_unet', 'MyUNet'],
      vae: ['diffusers', 'AutoencoderKL'],
    };
    const refs = findCodeRefs('model_index.json', index, (f) => f === 'unet/my_unet.py');
    assert.deepEqual(
      refs.map((r) => [r.key, r.moduleFile]),
      [
        ['_class_name', 'pipeline_mine.py'],
        ['unet', 'unet/my_unet.py'],
      ],
    );
  });
});

describe('hfRepoDetector configuration review', () => {
  describe('when configs map classes to code in the repository', () => {
    it('reports hf/remote-code-required for auto_map and custom_pipelines, noting missing files', async () => {
      const run = await runRepoDetector(
        hfRepoDetector,
        modelRepo({
          'config.json': json({
            model_type: 'x',
            auto_map: { AutoModel: 'modeling_x.XModel' },
            custom_pipelines: {
              'pair-classification': { impl: 'pair_pipe.PairPipeline', pt: ['AutoModel'] },
            },
          }),
          'modeling_x.py': 'class XModel: pass\n',
        }),
      );
      const found = ofRule(run, 'hf/remote-code-required');
      assert.deepEqual(
        found.map((r) => [r.file, r.pointer, r.evidence?.['moduleFile'], r.evidence?.['present']]),
        [
          ['config.json', '/auto_map/AutoModel', 'modeling_x.py', true],
          ['config.json', '/custom_pipelines/pair-classification/impl', 'pair_pipe.py', false],
        ],
      );
      assert.match(found[1]?.message ?? '', /not in the repository/);
    });
  });

  describe('when a reference points into another repository', () => {
    it('reports hf/remote-code-other-repo naming that repository', async () => {
      const run = await runRepoDetector(
        hfRepoDetector,
        modelRepo({
          'config.json': json({
            model_type: 'x',
            auto_map: { AutoConfig: 'evil/code--configuration_x.XConfig' },
          }),
        }),
      );
      const [finding] = ofRule(run, 'hf/remote-code-other-repo');
      assert.equal(finding?.evidence?.['repo'], 'evil/code');
      assert.equal(finding?.pointer, '/auto_map/AutoConfig');
      assert.deepEqual(ofRule(run, 'hf/remote-code-required'), []);
    });
  });

  describe('when a config is not valid JSON', () => {
    it('reports hf/unparseable-config with the issue code', async () => {
      const run = await runRepoDetector(
        hfRepoDetector,
        modelRepo({ 'tokenizer_config.json': '{"auto_map": ' }),
      );
      const [finding] = ofRule(run, 'hf/unparseable-config');
      assert.equal(finding?.file, 'tokenizer_config.json');
      assert.equal(finding?.evidence?.['code'], 'HF_JSON_SYNTAX');
    });
  });

  describe('when a config carries prototype-pollution keys', () => {
    it('rejects __proto__ and constructor keys', async () => {
      const run = await runRepoDetector(
        hfRepoDetector,
        modelRepo({
          'tokenizer_config.json': '{"__proto__": {"polluted": true}}',
          'processor_config.json': json({ a: { constructor: { prototype: {} } } }),
        }),
      );
      assert.deepEqual(
        ofRule(run, 'hf/unparseable-config').map((r) => [r.file, r.evidence?.['code']]),
        [
          ['processor_config.json', 'HF_JSON_FORBIDDEN_KEY'],
          ['tokenizer_config.json', 'HF_JSON_FORBIDDEN_KEY'],
        ],
      );
      assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    });
  });

  describe('when a config uses the NaN and Infinity Python writes', () => {
    it('still reads it', async () => {
      const run = await runRepoDetector(
        hfRepoDetector,
        modelRepo({
          'config.json':
            '{"model_type": "x", "eps": NaN, "m": -Infinity, "auto_map": {"AutoModel": "m.M"}}',
        }),
      );
      assert.deepEqual(ofRule(run, 'hf/unparseable-config'), []);
      assert.equal(ofRule(run, 'hf/remote-code-required').length, 1);
    });
  });
});
