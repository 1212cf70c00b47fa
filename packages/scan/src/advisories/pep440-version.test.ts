import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compareVersions,
  formatVersion,
  isPrerelease,
  MAX_VERSION_LENGTH,
  parseVersion,
} from './pep440-version.ts';

function v(text: string) {
  const parsed = parseVersion(text);
  assert.ok(parsed, `${text} parses`);
  return parsed;
}

describe('parseVersion', () => {
  it('normalises the spellings PEP 440 lists', () => {
    const cases: [string, string][] = [
      ['1.0RC1', '1.0rc1'],
      ['v1.0', '1.0'],
      ['V2.1', '2.1'],
      ['1.1.a1', '1.1a1'],
      ['1.0-a1', '1.0a1'],
      ['1.0_a1', '1.0a1'],
      ['1.0alpha1', '1.0a1'],
      ['1.0beta2', '1.0b2'],
      ['1.0c1', '1.0rc1'],
      ['1.0pre1', '1.0rc1'],
      ['1.0preview1', '1.0rc1'],
      ['1.0a', '1.0a0'],
      ['1.0.a.1', '1.0a1'],
      ['1.0-1', '1.0.post1'],
      ['1.0post', '1.0.post0'],
      ['1.0-post-2', '1.0.post2'],
      ['1.0rev4', '1.0.post4'],
      ['1.0r4', '1.0.post4'],
      ['1.0.dev', '1.0.dev0'],
      ['1.0-dev3', '1.0.dev3'],
      ['1.0+ubuntu-1', '1.0+ubuntu.1'],
      ['1.0+UBUNTU_1', '1.0+ubuntu.1'],
      ['1!2.0', '1!2.0'],
      ['  2.9.2\n', '2.9.2'],
      ['1.0a1.post2.dev3+local.7', '1.0a1.post2.dev3+local.7'],
    ];
    for (const [input, normal] of cases) assert.equal(formatVersion(v(input)), normal, input);
  });

  it('refuses what is not a version', () => {
    for (const bad of [
      '',
      'abc',
      '1.',
      '.1',
      '1..2',
      '1.0+',
      '1.0+a..b',
      '1.0 beta',
      '==1.0',
      '1.0ab',
      '1!',
      '1.0-',
      `1${'0'.repeat(20)}`,
    ]) {
      assert.equal(parseVersion(bad), undefined, JSON.stringify(bad));
    }
  });

  it('refuses versions longer than the limit and stays linear on hostile strings', () => {
    assert.equal(parseVersion(`1.${'0.'.repeat(MAX_VERSION_LENGTH)}0`), undefined);
    const hostile = `${'1.'.repeat(120)}a-a-a`;
    assert.equal(parseVersion(hostile), undefined);
  });

  it('tells pre-releases and dev releases from final and post releases', () => {
    assert.equal(isPrerelease(v('1.0rc1')), true);
    assert.equal(isPrerelease(v('1.0.dev1')), true);
    assert.equal(isPrerelease(v('1.0.post1')), false);
    assert.equal(isPrerelease(v('1.0')), false);
  });
});

describe('compareVersions', () => {
  it('orders the PEP 440 example list', () => {
    const ordered = [
      '1.dev0',
      '1.0.dev456',
      '1.0a1',
      '1.0a2.dev456',
      '1.0a12.dev456',
      '1.0a12',
      '1.0b1.dev456',
      '1.0b2',
      '1.0b2.post345.dev456',
      '1.0b2.post345',
      '1.0rc1.dev456',
      '1.0rc1',
      '1.0',
      '1.0+abc.5',
      '1.0+abc.7',
      '1.0+5',
      '1.0.post456.dev34',
      '1.0.post456',
      '1.0.15',
      '1.1.dev1',
      '1!0.1',
    ];
    for (let i = 0; i < ordered.length; i++) {
      for (let j = 0; j < ordered.length; j++) {
        const got = Math.sign(compareVersions(v(ordered[i]!), v(ordered[j]!)));
        assert.equal(got, Math.sign(i - j), `${ordered[i]} vs ${ordered[j]}`);
      }
    }
  });

  it('ignores trailing zeros of the release', () => {
    assert.equal(compareVersions(v('1.0'), v('1.0.0.0')), 0);
    assert.ok(compareVersions(v('2.10'), v('2.9.9')) > 0);
  });
});

describe('parseVersion on generated strings', () => {
  it('never throws, and the normal form of anything it accepts parses back to itself', () => {
    const alphabet = [
      '1',
      '0',
      '9',
      '.',
      '-',
      '_',
      '+',
      '!',
      'a',
      'b',
      'rc',
      'c',
      'post',
      'dev',
      'r',
      'v',
      'x',
      ' ',
    ];
    let seed = 0x2f6e2b1;
    const next = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    let accepted = 0;
    for (let round = 0; round < 5000; round++) {
      let text = '';
      const length = 1 + next(12);
      for (let i = 0; i < length; i++) text += alphabet[next(alphabet.length)];
      const parsed = parseVersion(text);
      if (parsed === undefined) continue;
      accepted++;
      const normal = formatVersion(parsed);
      const again = parseVersion(normal);
      assert.ok(again, `${JSON.stringify(text)} -> ${normal}`);
      assert.equal(formatVersion(again), normal);
      assert.equal(compareVersions(again, parsed), 0, normal);
    }
    assert.ok(accepted > 100, `${accepted} accepted`);
  });
});
