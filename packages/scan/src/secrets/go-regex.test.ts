import { prng } from '@mlsec/formats/testing';
import { samplePattern } from '../testing/sample-pattern.ts';
import { shippedPatterns } from '../testing/shipped-patterns.ts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileGoRegex, MAX_PATTERN_LENGTH } from './go-regex.ts';
import type { Node } from './go-regex-ast.ts';
import { parseGoRegex } from './go-regex-ast.ts';

const defaultPatterns = (): { id: string; regex: string }[] => shippedPatterns(['gitleaks']);

const NOISE = 'aZ09_-.=:"\' \n\t/+ſKé€😀kKsS\\';

/** Build a string the pattern should match (roughly; misses are fine, both engines must agree). */
const sample = (node: Node, next: () => number): string =>
  samplePattern(node, next, {
    extraRepeats: 8,
    chars: (chars, pick) => {
      for (let tries = 0; tries < 20; tries++) {
        const cp =
          next() < 0.8 && chars.ranges.length > 0 && !chars.negated
            ? (() => {
                const [lo, hi] = chars.ranges[pick(chars.ranges.length)]!;
                return lo + pick(hi - lo + 1);
              })()
            : [...NOISE][pick([...NOISE].length)]!.codePointAt(0)!;
        const inside = chars.ranges.some(([lo, hi]) => lo <= cp && cp <= hi);
        if (inside !== chars.negated || next() < 0.05) return String.fromCodePoint(cp);
      }
      return 'x';
    },
  });

function flipCase(text: string, next: () => number): string {
  return [...text].map((c) => (next() < 0.5 ? c.toUpperCase() : c)).join('');
}

describe('compileGoRegex', () => {
  it('compiles every pattern of the shipped gitleaks config, a third or more on V8', () => {
    const patterns = defaultPatterns();
    assert.ok(patterns.length > 200);
    const engines = patterns.map((p) => compileGoRegex(p.regex).engine);
    const onV8 = engines.filter((e) => e === 'v8').length;
    assert.ok(onV8 >= patterns.length / 3, `only ${onV8} on V8`);
    assert.ok(onV8 < patterns.length, 'unbounded patterns must stay on re2js');
  });

  it('gives the same matches and groups on V8 as re2js for every translated rule (generated samples)', () => {
    const next = prng(20240611);
    let compared = 0;
    let nonEmpty = 0;
    for (const { id, regex } of defaultPatterns()) {
      const fast = compileGoRegex(regex);
      if (fast.engine !== 'v8') continue;
      const slow = compileGoRegex(regex, { engine: 're2js' });
      const ast = parseGoRegex(regex)!;
      for (let i = 0; i < 6; i++) {
        let text = `${sample(ast, next)}`;
        if (i % 3 === 1) text = flipCase(text, next);
        if (i % 3 === 2) text = `key = "${text}"\n${sample(ast, next)};`;
        const expected = slow.matchAll(text);
        assert.deepEqual(fast.matchAll(text), expected, `${id} on ${JSON.stringify(text)}`);
        compared++;
        if (expected.length > 0) nonEmpty++;
      }
    }
    assert.ok(compared > 500);
    assert.ok(nonEmpty > compared / 2, `only ${nonEmpty} of ${compared} samples matched`);
  });

  describe('RE2 syntax that Node 20 RegExp rejects', () => {
    const cases: [string, string, string[]][] = [
      ['(?i:abc)D', 'ABCD abcd AbCD', ['ABCD', 'AbCD']],
      ['(?i)ab(?-i:C)', 'abC ABc ABC', ['abC', 'ABC']],
      ['[[:alnum:]]{3}', 'a_b9Z1', ['b9Z']],
      ['abc\\z', 'abc abc', ['abc']],
      ['(?i)sk', 'SK ſK sk', ['SK', 'ſK', 'sk']],
      ['a.c', 'a\nc abc a\rc', ['abc', 'a\rc']],
      ['(?s:a.c)', 'a\nc', ['a\nc']],
      ['\\x{1F600}|\\x41', '😀A', ['😀', 'A']],
      ['(?P<name>x)y', 'xy', ['xy']],
    ];
    for (const [pattern, text, expected] of cases) {
      it(`${pattern} matches alike on both engines`, () => {
        for (const engine of ['auto', 're2js'] as const) {
          const re = compileGoRegex(pattern, { engine });
          const found = re.matchAll(text).map((m) => text.slice(m.start, m.end));
          assert.deepEqual(found, expected, `${engine} (${re.engine})`);
        }
      });
    }
  });

  it('keeps unbounded repeats on re2js, so a hostile input stays linear', () => {
    const re = compileGoRegex('a[^x]*b');
    assert.equal(re.engine, 're2js');
    assert.deepEqual(re.matchAll('a'.repeat(50_000)), []);
  });

  it('keeps captures inside a repeat on re2js (V8 resets them per iteration)', () => {
    const re = compileGoRegex('(?:a|(b)){2}');
    assert.equal(re.engine, 're2js');
    assert.deepEqual(re.matchAll('ba')[0]?.groups, [[0, 1]]);
  });

  it('throws on bad syntax, too many repeats and over-long patterns', () => {
    assert.throws(() => compileGoRegex('a('), /missing closing/);
    assert.throws(() => compileGoRegex('(?<=a)b'), /invalid|error/i);
    assert.throws(() => compileGoRegex('(a{1000}){1000}'), /repeat/);
    assert.throws(() => compileGoRegex('a'.repeat(MAX_PATTERN_LENGTH + 1)), RangeError);
  });

  it('finds every non-overlapping match with its groups on re2js', () => {
    const re = compileGoRegex('k(\\d)?=(\\w+)\\s*', { engine: 're2js' });
    assert.deepEqual(re.matchAll('k=ab k1=c'), [
      { start: 0, end: 5, groups: [undefined, [2, 4]] },
      {
        start: 5,
        end: 9,
        groups: [
          [6, 7],
          [8, 9],
        ],
      },
    ]);
  });
});
