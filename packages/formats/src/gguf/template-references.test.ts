import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jinjaBlocks } from './jinja-lexer.ts';
import { decodeJinjaString } from './jinja-string.ts';
import { templateReferences } from './template-references.ts';
import type { TemplateReference } from './template-references.ts';

const refs = (text: string, role?: TemplateReference['role']): string[] =>
  templateReferences(text)
    .references.filter((r) => role === undefined || r.role === role)
    .map((r) => r.value);

describe('jinjaBlocks', () => {
  it('finds expression and statement blocks and skips text, comments and raw bodies', () => {
    const text = 'os.system {{ a }} {# {{ b }} #}{%- if c -%}{% raw %}{{ d }}{% endraw %}{{ e|f }}';
    const blocks = [...jinjaBlocks(text, [])].map((b) => [
      b.kind,
      b.tokens.map((t) => t.value).join(' '),
    ]);
    assert.deepEqual(blocks, [
      ['expression', 'a'],
      ['statement', 'if c'],
      ['statement', 'raw'],
      ['expression', 'e | f'],
    ]);
  });
  it('does not end a block inside a string or inside brackets', () => {
    const blocks = [...jinjaBlocks("{{ '}}' ~ {'k': 1}['k'] }}x{{ y }}", [])];
    assert.deepEqual(
      blocks.map((b) => b.tokens.map((t) => t.value).join(' ')),
      ['}} ~ { k : 1 } [ k ]', 'y'],
    );
  });
  it('reports and still lexes an unterminated block', () => {
    const issues: never[] = [];
    const blocks = [...jinjaBlocks('{{ a.__class__', issues)];
    assert.deepEqual(
      blocks[0]?.tokens.map((t) => t.value),
      ['a', '.', '__class__'],
    );
    assert.equal((issues as { code: string }[])[0]?.code, 'JINJA_UNTERMINATED_BLOCK');
  });
});

describe('decodeJinjaString', () => {
  it('decodes Python escapes', () => {
    assert.deepEqual(decodeJinjaString('a\\nb\\t\\\\\\\'"'), {
      value: 'a\nb\t\\\'"',
      obfuscated: false,
    });
    assert.deepEqual(decodeJinjaString('\\u2581x'), { value: '\u2581x', obfuscated: false });
  });
  it('flags escapes that spell identifier characters', () => {
    assert.deepEqual(decodeJinjaString('\\x5f\\x5fclass'), { value: '__class', obfuscated: true });
    assert.deepEqual(decodeJinjaString('\\137'), { value: '_', obfuscated: true });
    assert.deepEqual(decodeJinjaString('\\U0000005f'), { value: '_', obfuscated: true });
    assert.equal(decodeJinjaString('\\N{LOW LINE}').obfuscated, true);
  });
});

describe('templateReferences', () => {
  it('tells names, attributes, filters, tests and statements apart', () => {
    const { references } = templateReferences(
      '{% for m in messages %}{{ m.content|trim }}{% if m is not defined %}{{ f(x) }}{% endif %}{% endfor %}',
    );
    const roles = references
      .filter((r) => r.role !== 'string')
      .map((r) => `${r.role}:${r.value}${r.called ? '()' : ''}`);
    assert.deepEqual(roles, [
      'statement:for',
      'name:m',
      'name:in',
      'name:messages',
      'name:m',
      'attribute:content',
      'filter:trim',
      'statement:if',
      'name:m',
      'name:is',
      'name:not',
      'test:defined',
      'name:f()',
      'name:x',
      'statement:endif',
      'statement:endfor',
    ]);
  });
  it('marks subscript keys and member access', () => {
    const [os, key] = templateReferences("{{ os.popen }}{{ x['__class__'] }}").references.filter(
      (r) => r.value === 'os' || r.role === 'string',
    );
    assert.equal(os?.member, true);
    assert.equal(key?.subscript, true);
  });
  it('folds string concatenation, repetition and constants set earlier', () => {
    assert.deepEqual(refs("{{ x['__cla' ~ 'ss__'] }}", 'concatenation'), ['__class__']);
    assert.deepEqual(refs("{{ x['_' * 2 + 'init' + '_' * 2] }}", 'concatenation'), ['__init__']);
    assert.deepEqual(
      refs("{% set u = '_' ~ '_' %}{{ x[u ~ 'globals' ~ u] }}{{ y[u] }}{{ u }}", 'concatenation'),
      ['__', '__globals__', '__'],
    );
    assert.deepEqual(refs("{{ 'a' ~ b ~ 'c' }}", 'concatenation'), []);
    assert.deepEqual(refs("{{ 'a' * 100000 }}", 'concatenation'), []);
  });
});
