import { prng } from '@mlsec/formats/testing';
import { shippedPatterns } from '../testing/shipped-patterns.ts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACCELERATORS, hasHexRun } from './accelerators.ts';
import { compileGoRegex } from './go-regex.ts';
import { foldText } from './keyword-window.ts';

const SHIPPED = shippedPatterns().map((p) => p.regex);

// Pieces that make the accelerated patterns match, nearly match and fail in every way: keywords in
// any case (and with the Kelvin sign and long s RE2 folds into k and s), operators, quotes, spaces and
// line breaks between them, values of every length around the limits, hex runs, wandb calls.
const PIECES = [
  'key',
  'KEY',
  'Api',
  'api',
  'API',
  'aPI',
  'token',
  'TOKEN',
  'auth',
  'access',
  'credential',
  'creds',
  'password',
  'passwd',
  'PassWord',
  'secret',
  '\u212Aey',
  'ſecret',
  'toke',
  'wandb',
  'WANDB',
  'wandb.login(',
  'wandb login',
  ' --relogin',
  'key=',
  ')',
  '=',
  ':',
  '::=',
  ':::=',
  '=>',
  '?=',
  '||',
  ',',
  '>',
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  '"',
  "'",
  '`',
  '_',
  '-',
  '.',
  '/',
  '+',
  '\\n',
  ';',
  'abcdefghij',
  'ABCDEF0123',
  '0123456789abcdef0123456789abcdef01234567',
  'deadbeef'.repeat(5),
  'x'.repeat(151),
  'ab1/+',
  'a1b2c3d4e5f6',
  'local-',
  '==',
  'é',
  '\u0130',
];

const URL_CHARS = 'aZ09_-.:@/%*$ {}<>"\t\n\u00a0ſK';

/** scheme://user:password@host with random characters, some of them ones the pattern refuses. */
function urlish(next: () => number): string {
  const pick = (s: string, n: number): string =>
    Array.from({ length: n }, () => s[Math.floor(next() * s.length)]!).join('');
  const word = (): string =>
    pick('abcXYZ019_-.', 1 + Math.floor(next() * 8)) + (next() < 0.2 ? pick(URL_CHARS, 1) : '');
  const scheme = ['https', 'git', 'postgresql+psycopg2', 'S3', 'mongodb+srv', 'ftp', 'xyz'][
    Math.floor(next() * 7)
  ]!;
  return `${scheme}://${word()}${next() < 0.9 ? ':' : ''}${word()}${next() < 0.9 ? '@' : ''}${word()}`;
}

function sampleText(next: () => number): string {
  let out = '';
  const n = 5 + Math.floor(next() * 40);
  for (let i = 0; i < n; i++) {
    out += next() < 0.05 ? urlish(next) : PIECES[Math.floor(next() * PIECES.length)]!;
  }
  return out;
}

describe('accelerators', () => {
  it('hasHexRun finds runs of hex digits of either case, and only those', () => {
    assert.equal(hasHexRun(`x ${'aF09'.repeat(10)} y`, 40), true);
    assert.equal(hasHexRun(`${'ab'.repeat(19)}g${'ab'.repeat(19)}`, 40), false);
    assert.equal(hasHexRun('0123456789abcdef'.repeat(2).slice(0, 39), 40), false);
    assert.equal(hasHexRun('', 40), false);
  });

  it('belong to shipped patterns and apply to them', () => {
    for (const source of ACCELERATORS.keys()) assert.ok(SHIPPED.includes(source), source);
  });

  it('never change what the patterns find (4,000 generated texts each, with and without)', () => {
    const next = prng(20261126);
    for (const source of ACCELERATORS.keys()) {
      const fast = compileGoRegex(source);
      const plain = compileGoRegex(source, { accelerate: false });
      assert.equal(fast.engine, 're2js');
      let matched = 0;
      for (let i = 0; i < 4_000; i++) {
        const text = sampleText(next);
        const folded = foldText(text.toLowerCase());
        const want = plain.matchAll(text, folded.length === text.length ? folded : undefined);
        const got = fast.matchAll(text, folded.length === text.length ? folded : undefined);
        assert.deepEqual(got, want, `${source.slice(0, 30)} on ${JSON.stringify(text)}`);
        if (want.length > 0) matched++;
      }
      assert.ok(matched > 10, `only ${matched} texts matched ${source.slice(0, 30)}`);
    }
  });
});
