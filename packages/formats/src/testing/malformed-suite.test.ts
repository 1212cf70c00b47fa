import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fail, issue, makeLimits, ok } from '@mlsec/core';
import type { Limits, ParseResult } from '@mlsec/core';
import { runMalformedSuite } from './malformed-suite.ts';
import { assertWellFormed } from './well-formed.ts';

/**
 * A toy format for the suite to run against: magic 'TV', a count byte, then that many
 * length-prefixed strings, and nothing after them.
 */
function parseToy(bytes: Uint8Array, limits: Limits): ParseResult<string[]> {
  if (bytes.length < 3 || bytes[0] !== 0x54 || bytes[1] !== 0x56)
    return fail([issue('TOY_BAD_MAGIC', 'not a toy file', 0, true)]);
  const count = bytes[2] ?? 0;
  if (count > limits.maxEntries) return fail([issue('TOY_TOO_MANY', 'too many strings', 2, true)]);
  const out: string[] = [];
  let pos = 3;
  for (let i = 0; i < count; i++) {
    const length = bytes[pos];
    if (length === undefined || pos + 1 + length > bytes.length)
      return fail([issue('TOY_TRUNCATED', 'cut short', pos, true)], out);
    if (length > limits.maxStringLength)
      return fail([issue('TOY_TOO_LONG', 'string too long', pos, true)], out);
    out.push(Buffer.from(bytes.subarray(pos + 1, pos + 1 + length)).toString('latin1'));
    pos += 1 + length;
  }
  if (pos !== bytes.length) return fail([issue('TOY_TRAILING', 'trailing bytes', pos, true)], out);
  return ok(out);
}

const TOY = Uint8Array.of(0x54, 0x56, 2, 3, 0x61, 0x62, 0x63, 1, 0x64);
const LONG = new Array<number>(200).fill(0x78);

const TOY_LIMITS = [makeLimits({ maxEntries: 0 }), makeLimits({ maxStringLength: 2 })];

describe('runMalformedSuite on a toy format', () => {
  runMalformedSuite({
    name: 'parseToy',
    parse: parseToy,
    samples: [
      { name: 'two-string', bytes: TOY },
      { name: 'long-string', bytes: Uint8Array.of(0x54, 0x56, 1, 200, ...LONG), stride: 7 },
    ],
    emptyCode: 'TOY_BAD_MAGIC',
    truncation: 'fail',
    // Past the header, a cut keeps the strings read so far.
    onTruncated: (result, at) => assert.ok(at < 3 || (!result.ok && result.partial !== undefined)),
    flips: { rounds: 200 },
    randomBuffers: { count: 100, prefix: () => Uint8Array.of(0x54, 0x56) },
    tinyLimits: TOY_LIMITS,
    tinyLimitsReport: true,
  });
});

describe('runMalformedSuite on an asynchronous parser', () => {
  runMalformedSuite({
    name: 'parseToy (async)',
    parse: (bytes, limits) => Promise.resolve(parseToy(bytes, limits)),
    samples: [{ name: 'two-string', bytes: TOY }],
    flips: { rounds: 100 },
    randomBuffers: { count: 0 },
    tinyLimits: TOY_LIMITS,
  });
});

describe('assertWellFormed', () => {
  it('accepts ok results and failures with a fatal issue', () => {
    assertWellFormed(ok(1), 'ok');
    assertWellFormed(fail([issue('X_FATAL', 'fatal', 0, true)]), 'failed');
    assertWellFormed(fail([issue('X_SOFT', 'not fatal')]), 'soft failure', false);
  });

  it('rejects a failure without issues, or without a fatal one', () => {
    assert.throws(() => assertWellFormed(fail([]), 'no issues'), /carries issues/);
    assert.throws(() => assertWellFormed(fail([issue('X_SOFT', 'm')]), 'soft'), /fatal issue/);
  });

  it('rejects issue codes that are not SCREAMING_SNAKE', () => {
    assert.throws(() => assertWellFormed(ok(1, [issue('bad code', 'm')]), 'code'), /issue code/);
  });
});
