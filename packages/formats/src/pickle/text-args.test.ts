import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { latin1Bytes as b } from './testing/pickle-builder.ts';
import {
  parseDecimalLine,
  parseFloatLine,
  parseIntBase0,
  parseIntLine,
  parseLongLine,
  parseQuotedString,
  parseRawUnicodeEscape,
} from './text-args.ts';

describe('protocol 0 text arguments', () => {
  describe('parseDecimalLine (GET/PUT)', () => {
    it('reads int(line) like CPython', () => {
      assert.equal(parseDecimalLine(b('12')), 12);
      assert.equal(parseDecimalLine(b(' 1_000 ')), 1000);
      assert.equal(parseDecimalLine(b('-3')), -3);
    });
    it('rejects what int() rejects', () => {
      for (const bad of ['', 'x', '1__0', '0x10', '1.5', '99999999999999999999']) {
        assert.equal(parseDecimalLine(b(bad)), undefined, bad);
      }
    });
  });

  describe('parseIntLine (INT) and parseLongLine (LONG)', () => {
    it('reads 00 and 01 as False and True', () => {
      assert.equal(parseIntLine(b('00')), false);
      assert.equal(parseIntLine(b('01')), true);
    });
    it('reads int(line, 0) forms', () => {
      assert.equal(parseIntLine(b('42')), 42n);
      assert.equal(parseIntLine(b('-0x1F')), -31n);
      assert.equal(parseIntLine(b('0o17')), 15n);
      assert.equal(parseIntLine(b('0b101')), 5n);
      assert.equal(parseIntLine(b('000')), 0n);
      assert.equal(
        parseLongLine(b('123456789012345678901234567890L')),
        123456789012345678901234567890n,
      );
    });
    it('rejects invalid numbers and more than 4300 digits', () => {
      assert.equal(parseIntLine(b('012')), undefined);
      assert.equal(parseIntLine(b('1e3')), undefined);
      assert.equal(parseIntBase0('9'.repeat(4301)), undefined);
      assert.equal(parseIntBase0('9'.repeat(4300)), BigInt('9'.repeat(4300)));
    });
  });

  describe('parseFloatLine (FLOAT)', () => {
    it('reads Python float() syntax', () => {
      assert.equal(parseFloatLine(b('1.5')), 1.5);
      assert.equal(parseFloatLine(b('-2e3')), -2000);
      assert.equal(parseFloatLine(b('.5')), 0.5);
      assert.equal(parseFloatLine(b('1.')), 1);
      assert.equal(parseFloatLine(b('-inf')), -Infinity);
      assert.equal(parseFloatLine(b('Infinity')), Infinity);
      assert.ok(Number.isNaN(parseFloatLine(b('nan'))));
    });
    it('rejects garbage', () => {
      assert.equal(parseFloatLine(b('1.5.5')), undefined);
      assert.equal(parseFloatLine(b('abc')), undefined);
    });
  });

  describe('parseQuotedString (STRING)', () => {
    it('strips matching quotes and applies escape_decode', () => {
      assert.equal(parseQuotedString(b("'echo hi'")), 'echo hi');
      assert.equal(parseQuotedString(b('"a\\nb\\x41\\101\\\\\\q"')), 'a\nbAA\\\\q');
    });
    it('rejects unquoted, mismatched and badly escaped strings', () => {
      assert.equal(parseQuotedString(b('echo')), undefined);
      assert.equal(parseQuotedString(b('\'a"')), undefined);
      assert.equal(parseQuotedString(b("'")), undefined);
      assert.equal(parseQuotedString(b("'\\x4'")), undefined);
      assert.equal(parseQuotedString(b("'a\\'")), undefined);
    });
  });

  describe('parseRawUnicodeEscape (UNICODE)', () => {
    it('decodes \\u and \\U after an odd run of backslashes only', () => {
      assert.equal(parseRawUnicodeEscape(b('a\\u0041\\U0001F600')), 'aA\u{1F600}');
      assert.equal(parseRawUnicodeEscape(b('\\\\u0041')), '\\\\u0041');
      assert.equal(parseRawUnicodeEscape(b('\\n\\x')), '\\n\\x');
      assert.equal(parseRawUnicodeEscape(b('caf\xe9')), 'café');
    });
    it('rejects truncated and out-of-range escapes', () => {
      assert.equal(parseRawUnicodeEscape(b('\\u12')), undefined);
      assert.equal(parseRawUnicodeEscape(b('\\U00110000')), undefined);
    });
  });

  describe('when a hostile line is a megabyte long', () => {
    it('parses or rejects it in linear time', () => {
      const digits = new Uint8Array(1_000_000).fill(0x31);
      digits[digits.length - 1] = 0x78; // 'x' at the end defeats every pattern
      const spaces = new Uint8Array(1_000_000).fill(0x20);
      spaces[500_000] = 0x78;
      spaces[spaces.length - 1] = 0x79;
      const started = performance.now();
      assert.equal(parseFloatLine(digits), undefined);
      assert.equal(parseFloatLine(spaces), undefined);
      assert.equal(parseIntLine(digits), undefined);
      assert.equal(parseDecimalLine(spaces), undefined);
      assert.ok(performance.now() - started < 500);
    });
  });
});
