import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizePackageName } from './package-name.ts';
import { parsePep508, pinnedVersion } from './pep508.ts';
import { poetryConstraint } from './poetry-constraint.ts';

describe('parsePep508', () => {
  it('splits names, extras, specifiers, URLs and markers', () => {
    assert.deepEqual(parsePep508('Foo.Bar[a, b] (>= 1.0 , <2) ; python_version < "3.9"'), {
      name: 'Foo.Bar',
      extras: ['a', 'b'],
      specifier: '>=1.0,<2',
      markers: 'python_version < "3.9"',
    });
    assert.deepEqual(
      parsePep508('pip @ https://example.invalid/pip.zip#sha1=da9234 ; os_name=="a"'),
      {
        name: 'pip',
        extras: [],
        specifier: '',
        url: 'https://example.invalid/pip.zip#sha1=da9234',
        markers: 'os_name=="a"',
      },
    );
    assert.equal(parsePep508('name==1.0.*')?.specifier, '==1.0.*');
  });

  it('refuses what is not a requirement', () => {
    for (const bad of [
      '',
      '-x',
      'a b',
      'name[',
      'name ==',
      'name ~ 1',
      'name;',
      'n @ ',
      'n @ u v',
      'n>=1 @ u',
      '(>=1)',
    ]) {
      assert.equal(parsePep508(bad), undefined, bad);
    }
  });

  it('finds the pinned version of == and === only', () => {
    assert.equal(pinnedVersion('==2.9.2'), '2.9.2');
    assert.equal(pinnedVersion('===2.9.2'), '2.9.2');
    for (const other of ['==2.*', '>=2', '==1,!=2', '', '~=2.1'])
      assert.equal(pinnedVersion(other), undefined);
  });

  it('normalises names as PEP 503 does', () => {
    assert.equal(normalizePackageName('Foo__Bar.-baz'), 'foo-bar-baz');
  });
});

describe('poetryConstraint', () => {
  it('converts caret, tilde, wildcard and exact constraints to PEP 440', () => {
    const cases: [string, string][] = [
      ['^1.2.3', '>=1.2.3,<2.0.0'],
      ['^0.2.3', '>=0.2.3,<0.3.0'],
      ['^0.0.3', '>=0.0.3,<0.0.4'],
      ['^0', '>=0,<1'],
      ['^0.0', '>=0.0,<0.1'],
      ['~1.2.3', '>=1.2.3,<1.3'],
      ['~1', '>=1,<2'],
      ['1.2.3', '==1.2.3'],
      ['1.2.*', '==1.2.*'],
      ['*', ''],
      ['>=1.2, <2', '>=1.2,<2'],
      ['>=1.2 <2', '>=1.2,<2'],
      ['~=2.2', '~=2.2'],
      ['!=1.5', '!=1.5'],
    ];
    for (const [input, expected] of cases) assert.equal(poetryConstraint(input), expected, input);
  });

  it('refuses unions and what is not a constraint', () => {
    for (const bad of ['^1.0 || ^2.0', 'latest', '>=', '^x', `${'1.'.repeat(200)}0`]) {
      assert.equal(poetryConstraint(bad), undefined, bad);
    }
  });
});
