import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSpecifier, parseSpecifierSet, specifierSetContains } from './pep440-specifier.ts';
import { parseVersion } from './pep440-version.ts';

function allows(set: string, version: string, prereleases?: boolean): boolean {
  const specs = parseSpecifierSet(set);
  assert.ok(specs, `${set} parses`);
  const parsed = parseVersion(version);
  assert.ok(parsed, `${version} parses`);
  return specifierSetContains(specs, parsed, prereleases);
}

describe('parseSpecifier', () => {
  it('reads every operator', () => {
    for (const op of ['~=', '==', '!=', '<=', '>=', '<', '>', '===']) {
      assert.equal(parseSpecifier(`${op} 1.2`)?.operator, op);
    }
  });

  it('refuses invalid clauses', () => {
    for (const bad of [
      '~=1',
      '>=1.*',
      '<1.0+local',
      '1.0',
      '==',
      '=>1.0',
      '==1.0+a.*',
      '~=1.0+x',
    ]) {
      assert.equal(parseSpecifier(bad), undefined, bad);
    }
    assert.equal(parseSpecifierSet('>=1.0,,<2'), undefined);
    assert.equal(parseSpecifierSet(Array(100).fill('>=1').join(',')), undefined);
  });
});

describe('specifierSetContains', () => {
  it('expands compatible release as the PEP describes', () => {
    assert.equal(allows('~=2.2', '2.3'), true);
    assert.equal(allows('~=2.2', '3.0'), false);
    assert.equal(allows('~=2.2', '2.1'), false);
    assert.equal(allows('~=1.4.5', '1.4.9'), true);
    assert.equal(allows('~=1.4.5', '1.5.0'), false);
    assert.equal(allows('~=2.2.post3', '2.2.post4'), true);
    assert.equal(allows('~=2.2.post3', '2.2'), false);
    assert.equal(allows('~=1.4.5a4', '1.4.5', true), true);
    assert.equal(allows('~=1.4.5a4', '1.4.5a3', true), false);
  });

  it('matches versions and prefixes as the PEP describes', () => {
    assert.equal(allows('==1.1', '1.1.0'), true);
    assert.equal(allows('==1.1.post1', '1.1'), false);
    assert.equal(allows('==1.1.*', '1.1.post1'), true);
    assert.equal(allows('==1.1.*', '1.10'), false);
    assert.equal(allows('==1.1', '1.1+local.3'), true);
    assert.equal(allows('==1.1+local.3', '1.1'), false);
    assert.equal(allows('!=1.1.*', '1.2'), true);
    assert.equal(allows('!=1.1.*', '1.1.3'), false);
    assert.equal(allows('==1.1.0.*', '1.1'), true);
    assert.equal(allows('===1.0', '1.0'), true);
    assert.equal(allows('===1.0', '1.0.0'), false);
  });

  it('keeps pre- and post-releases of V out of <V and >V', () => {
    assert.equal(allows('<3.1', '3.1.dev0', true), false);
    assert.equal(allows('<3.1', '3.0.9', true), true);
    assert.equal(allows('<3.1rc1', '3.1a1', true), true);
    assert.equal(allows('>1.7', '1.7.1'), true);
    assert.equal(allows('>1.7', '1.7.0.post1'), false);
    assert.equal(allows('>1.7.post2', '1.7.0.post3'), true);
    assert.equal(allows('>1.7.post2', '1.7.0'), false);
    assert.equal(allows('>1.7', '1.7+local'), false);
    assert.equal(allows('>=1.7,<=1.7', '1.7+local'), true);
  });

  it('excludes pre-releases unless asked for or named', () => {
    assert.equal(allows('>=1.0', '2.0rc1'), false);
    assert.equal(allows('>=1.0', '2.0rc1', true), true);
    assert.equal(allows('>=1.0rc1', '2.0rc1'), true);
    assert.equal(allows('', '2.0'), true);
  });
});
