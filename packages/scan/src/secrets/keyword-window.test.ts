import { prng } from '@mlsec/formats/testing';
import { samplePattern } from '../testing/sample-pattern.ts';
import { shippedPatterns } from '../testing/shipped-patterns.ts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileGoRegex } from './go-regex.ts';
import type { Node } from './go-regex-ast.ts';
import { parseGoRegex } from './go-regex-ast.ts';
import { foldText, windowPlan } from './keyword-window.ts';

const patterns = (): { id: string; regex: string }[] => shippedPatterns();

const NOISE = [...'aZ09_-.=:"\' \n\n\t/+ſKkKsS\\'];

/** A string the pattern often matches (misses are fine: both searches must agree either way). */
const sample = (node: Node, next: () => number): string =>
  samplePattern(node, next, {
    extraRepeats: 6,
    chars: (chars, pick) => {
      if (!chars.negated && chars.ranges.length > 0 && next() < 0.99) {
        const [lo, hi] = chars.ranges[pick(chars.ranges.length)]!;
        return String.fromCodePoint(lo + pick(Math.min(hi - lo + 1, 0x3000)));
      }
      return NOISE[pick(NOISE.length)]!;
    },
  });

/** Samples and the plan's literals among noise, newlines and near the text's ends. */
function texts(ast: Node, literals: readonly string[], next: () => number): string[] {
  const noise = (n: number): string =>
    Array.from({ length: n }, () => NOISE[Math.floor(next() * NOISE.length)]).join('');
  const lit = (): string => literals[Math.floor(next() * literals.length)]!;
  const out: string[] = [];
  for (let i = 0; i < 8; i++) {
    const parts: string[] = [];
    for (let j = 0; j < 6; j++) {
      parts.push(noise(Math.floor(next() * 80)));
      parts.push(next() < 0.6 ? sample(ast, next) : lit().toUpperCase());
      if (next() < 0.3) parts.push(`${lit()}${lit()}`);
    }
    out.push(parts.join(i % 2 === 0 ? '' : '\n'));
    out.push(sample(ast, next)); // a match that runs to the end of the text
  }
  return out;
}

describe('windowPlan', () => {
  it("finds generic-api-key's keywords and how far into a match they can be", () => {
    const generic = patterns().find((p) => p.id === 'generic-api-key')!;
    const plan = windowPlan(generic.regex);
    assert.ok(plan);
    for (const keyword of ['key', 'token', 'secret', 'api', 'auth', 'passw'])
      assert.ok(
        plan.literals.some((l) => l.includes(keyword)),
        `${keyword} in ${plan.literals.join(',')}`,
      );
    assert.equal(plan.before, 50);
    assert.ok(plan.newlines > 0 && Number.isFinite(plan.newlines));
  });

  it('gives no plan where windows could change the matches or would not help', () => {
    assert.equal(windowPlan('^token=\\w+'), undefined); // start of text moves with the window
    assert.equal(windowPlan('(?:token)?\\w*'), undefined); // can match empty
    assert.equal(windowPlan('[a-z]+=\\d+'), undefined); // no literal
    assert.equal(windowPlan('ab[0-9]+'), undefined); // literal too short
    assert.equal(windowPlan('(?s)token.*x'), undefined); // any number of lines
    assert.equal(windowPlan('\\w*token=\\d'), undefined); // unbounded before the literal
    assert.deepEqual(windowPlan('(?i)\\btoken[ \\t]*=\\s?(\\d+)'), {
      literals: ['token'],
      before: 0,
      newlines: 1,
      // \btoken, spaces and '=' on one line (unbounded: to its end), \s? (may be a line feed), digits.
      extent: [
        { advance: Infinity, line: true },
        { advance: 1 },
        { advance: Infinity, line: true },
      ],
    });
  });
});

describe('matchAll with a folded text (keyword windows)', () => {
  it('finds exactly what the whole-text search finds, for every windowed shipped rule', () => {
    const next = prng(20240612);
    let windowed = 0;
    let compared = 0;
    let nonEmpty = 0;
    for (const { id, regex } of patterns()) {
      const re = compileGoRegex(regex);
      const plan = re.engine === 're2js' ? windowPlan(regex) : undefined;
      if (!plan) continue;
      windowed++;
      for (const text of texts(parseGoRegex(regex)!, plan.literals, next)) {
        const expected = re.matchAll(text);
        const folded = foldText(text.toLowerCase());
        if (folded.length !== text.length) continue;
        assert.deepEqual(re.matchAll(text, folded), expected, `${id} on ${JSON.stringify(text)}`);
        compared++;
        if (expected.length > 0) nonEmpty++;
      }
    }
    assert.ok(windowed > 50, `only ${windowed} rules windowed`);
    assert.ok(nonEmpty > compared / 4, `only ${nonEmpty} of ${compared} texts matched`);
  });

  it('handles case folds, \\b context, $ at the end and matches over line breaks', () => {
    const re = compileGoRegex('(?i)\\b(?:api|secret)[ \\t]*[=:]\\s{0,2}([a-z0-9]{4,})(?:\\s|$)');
    assert.equal(re.engine, 're2js');
    const cases = [
      'xapi=abcd1 API=\nabcd2',
      'ſecret: zzzz9\nSECRET=1234',
      'notsecret=aaaa secret=bbbb',
      'api=abcdef',
      'api= \n\nabcd api=\nxyzw ',
    ];
    for (const text of cases) {
      const folded = foldText(text.toLowerCase());
      const expected = re.matchAll(text);
      assert.ok(expected.length > 0, text);
      assert.deepEqual(re.matchAll(text, folded), expected, JSON.stringify(text));
    }
  });

  it('falls back to the whole-text search when many literals sit on one long line', () => {
    const re = compileGoRegex('(?i)token[ \\t]{0,3}=[ \\t]*([a-z]{6,})');
    const text = `${'token token '.repeat(20_000)}token = abcdefgh`;
    const folded = foldText(text.toLowerCase());
    assert.deepEqual(re.matchAll(text, folded), re.matchAll(text));
    assert.equal(re.matchAll(text, folded).length, 1);
  });
});
