import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hfRepoDetector } from './detector.ts';
import { frontMatterOf, parseCardMetadata } from './model-card.ts';
import { card, modelRepo } from './testing/builders.ts';
import { ofRule, runRepoDetector } from './testing/fake-repo.ts';

describe('frontMatterOf', () => {
  it('returns the YAML between the first two --- lines', () => {
    const result = frontMatterOf('---\nlicense: mit\n---  \n# Title\n', 1000);
    assert.deepEqual(result?.ok ? result.value : undefined, 'license: mit');
  });

  it('returns undefined without front matter and an issue when it never closes or is too large', () => {
    assert.equal(frontMatterOf('# Title\n---\n', 100), undefined);
    assert.equal(
      frontMatterOf('---\nlicense: mit\n', 100)?.issues[0]?.code,
      'HF_FRONT_MATTER_UNTERMINATED',
    );
    assert.equal(
      frontMatterOf(`---\n${'a: b\n'.repeat(100)}---\n`, 100)?.issues[0]?.code,
      'HF_FRONT_MATTER_TOO_LARGE',
    );
  });
});

describe('parseCardMetadata', () => {
  it('reads license, license_name and license_link, and lists of licences', () => {
    const one = parseCardMetadata('license: other\nlicense_name: llama3\nlicense_link: LICENSE');
    assert.deepEqual(one.ok ? one.value : undefined, {
      isModelCard: true,
      license: 'other',
      licenseName: 'llama3',
      licenseLink: 'LICENSE',
    });
    const many = parseCardMetadata('license:\n  - mit\n  - apache-2.0\n');
    assert.equal(many.ok ? many.value.license : undefined, 'mit, apache-2.0');
  });

  it('does not expand aliases or run tags, and rejects duplicate keys', () => {
    // An unknown tag stays inert text: the core schema has no constructors.
    const tags = parseCardMetadata('license: !!js/function "function(){}"\n');
    assert.equal(tags.ok ? typeof tags.value.license : 'failed', 'string');
    const alias = parseCardMetadata('a: &x [1, 2]\nlicense: *x\n');
    assert.equal(alias.ok ? alias.value.license : 'failed', undefined);
    assert.equal(
      parseCardMetadata('license: mit\nlicense: gpl\n').issues[0]?.code,
      'HF_YAML_SYNTAX',
    );
  });
});

describe('hfRepoDetector licence review', () => {
  describe('when the card declares a licence', () => {
    it('reports hf/license with the id and custom licence name', async () => {
      const run = await runRepoDetector(
        hfRepoDetector,
        modelRepo({
          'README.md': card(
            'license: other',
            'license_name: acme-model-license',
            'license_link: https://x/l',
          ),
        }),
      );
      const [finding] = ofRule(run, 'hf/license');
      assert.equal(finding?.file, 'README.md');
      assert.deepEqual(finding?.evidence, {
        license: 'other',
        licenseName: 'acme-model-license',
        licenseLink: 'https://x/l',
      });
    });
  });

  describe('when no licence is declared', () => {
    const missing = async (
      files: Record<string, string>,
      relativeRoot = '',
    ): Promise<unknown[]> => {
      const run = await runRepoDetector(hfRepoDetector, modelRepo(files), { relativeRoot });
      return ofRule(run, 'hf/license-missing').map((r) => [r.file, r.evidence?.['code']]);
    };

    it('reports hf/license-missing with the reason', async () => {
      assert.deepEqual(await missing({ 'README.md': card('library_name: transformers') }), [
        ['README.md', 'HF_NO_LICENSE_KEY'],
      ]);
      assert.deepEqual(await missing({ 'README.md': card() }), [
        ['README.md', 'HF_NO_FRONT_MATTER'],
      ]);
      assert.deepEqual(await missing({ 'README.md': card('license: [mit') }), [
        ['README.md', 'HF_YAML_SYNTAX'],
      ]);
    });

    it('reports a missing card only for the folder the scan was pointed at', async () => {
      const withoutCard = modelRepo();
      delete withoutCard['README.md'];
      const top = await runRepoDetector(hfRepoDetector, { ...withoutCard, LICENSE: 'MIT' });
      assert.deepEqual(
        ofRule(top, 'hf/license-missing').map((r) => [r.file, r.evidence?.['licenseFile']]),
        [['', 'LICENSE']],
      );
      const nested = await runRepoDetector(hfRepoDetector, withoutCard, {
        relativeRoot: 'models/bert',
      });
      assert.deepEqual(ofRule(nested, 'hf/license-missing'), []);
    });
  });
});
