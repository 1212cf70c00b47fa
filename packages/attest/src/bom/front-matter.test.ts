import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { frontMatterText, parseFrontMatter } from './front-matter.ts';
import { BOM_INPUT_IGNORED } from './issues.ts';

const LIMITS = { depth: 12, items: 1000 };

function parse(yaml: string): ReturnType<typeof parseFrontMatter> {
  return parseFrontMatter(yaml, LIMITS);
}

describe('frontMatterText', () => {
  it('returns the lines between the opening and closing --- lines', () => {
    const front = frontMatterText('\uFEFF---\r\nlicense: mit\r\n---\r\n# Title\n', 1000);
    assert.ok(front?.ok);
    assert.equal(front.value, 'license: mit\r\n');
  });

  it('is undefined for a README without front matter', () => {
    assert.equal(frontMatterText('# Title\n---\n', 1000), undefined);
  });

  it('reports front matter that never closes', () => {
    const front = frontMatterText('---\nlicense: mit\n', 1000);
    assert.equal(front?.ok, false);
    assert.match(front.issues[0]?.message ?? '', /no closing/);
  });

  it('stops reading at the size limit instead of scanning a huge README', () => {
    const huge = `---\n${'tags: x\n'.repeat(200_000)}---\n`;
    const front = frontMatterText(huge, 64 * 1024);
    assert.equal(front?.ok, false);
    assert.equal(front.issues[0]?.code, BOM_INPUT_IGNORED);
    assert.match(front.issues[0]?.message ?? '', /over 65536/);
  });
});

describe('parseFrontMatter', () => {
  it('reads nested mappings and lists into plain data', () => {
    const parsed = parse(
      'license: apache-2.0\ntags: [a, b]\nmodel-index:\n- name: m\n  results: []\n',
    );
    assert.ok(parsed.ok);
    assert.equal(parsed.value['license'], 'apache-2.0');
    assert.deepEqual(parsed.value['tags'], ['a', 'b']);
    assert.equal(Object.getPrototypeOf(parsed.value), null);
  });

  it('drops __proto__, constructor and prototype keys without polluting Object.prototype', () => {
    const parsed = parse(
      '__proto__:\n  polluted: yes\nconstructor: {prototype: {polluted: yes}}\nlicense: mit\n',
    );
    assert.ok(parsed.ok);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    assert.deepEqual(Object.keys(parsed.value), ['license']);
    assert.match(parsed.issues[0]?.message ?? '', /2 __proto__\/constructor\/prototype key/);
  });

  it('drops aliases instead of expanding an alias bomb', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    const parsed = parse(`${levels.join('\n')}\nlicense: mit\n`);
    assert.ok(parsed.ok);
    assert.equal(parsed.value['license'], 'mit');
    assert.deepEqual(parsed.value['l'], []);
    assert.match(parsed.issues[0]?.message ?? '', /110 alias/);
  });

  it('cuts nesting deeper than the limit', () => {
    const parsed = parse(`deep: ${'['.repeat(40)}1${']'.repeat(40)}\nlicense: mit\n`);
    assert.ok(parsed.ok);
    assert.equal(parsed.value['license'], 'mit');
    assert.match(parsed.issues[0]?.message ?? '', /nested too deeply/);
  });

  it('does not construct anything for Python tags: the core schema keeps the plain value', () => {
    const parsed = parse('license: !!python/object/apply:os.system ["id"]\n');
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.value['license'], ['id']);
  });

  it('reports YAML syntax errors as an issue, not an exception', () => {
    const parsed = parse('license: [unclosed\n');
    assert.equal(parsed.ok, false);
    assert.equal(parsed.issues[0]?.code, BOM_INPUT_IGNORED);
  });

  it('reports a document that is not a mapping', () => {
    assert.equal(parse('- just\n- a list\n').ok, false);
  });
});
