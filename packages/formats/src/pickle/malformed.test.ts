import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { DEFAULT_LIMITS, makeLimits } from '@mlsec/core';
import type { Limits } from '@mlsec/core';
import { runMalformedSuite } from '../testing/index.ts';
import { analysePickle } from './analyse.ts';
import { disassemble } from './disassemble.ts';
import { everyOpcodePickle } from './testing/every-opcode.ts';
import { joblibPickle } from './testing/joblib-builder.ts';
import { latin1Bytes, posixSystemPickle } from './testing/pickle-builder.ts';

const SAMPLES: Record<string, Uint8Array> = {
  'every opcode': everyOpcodePickle(),
  'protocol 0': latin1Bytes(
    "cos\nsystem\n(S'echo hi'\ntR(I1\nF2.5\nL3L\nV\\u0041\np0\ng0\nltp1\n.",
  ),
  'joblib aligned': joblibPickle({ dtype: 'f8', shape: [2], alignment: 16 }, [
    3,
    0xff,
    0xff,
    0xff,
    ...new Array<number>(16).fill(1),
  ]),
  'joblib objects': joblibPickle({ dtype: 'O8', shape: [1], flags: 63 }, posixSystemPickle()),
};

/** Analyse and disassemble; neither may throw or report an internal error. */
function check(
  bytes: Uint8Array,
  limits: Limits = DEFAULT_LIMITS,
): ReturnType<typeof analysePickle> {
  const result = analysePickle(bytes, { limits });
  assert.ok(
    !result.issues.some((i) => i.code === 'PICKLE_INTERNAL_ERROR'),
    JSON.stringify(result.issues),
  );
  disassemble(bytes, { limits, maxLines: 50 });
  return result;
}

describe('analysePickle on malformed input', () => {
  runMalformedSuite({
    name: 'analysePickle',
    parse: check,
    samples: Object.entries(SAMPLES).map(([name, bytes]) => ({ name, bytes })),
    emptyCode: 'PICKLE_EMPTY',
    truncation: 'fail',
    onTruncated: (result, at) =>
      assert.ok(!result.ok && result.partial !== undefined, `cut at ${at}`),
    flips: { rounds: 600, seed: 7919 },
    // Half the buffers start with a PROTO header, so the machine runs on the noise.
    randomBuffers: {
      count: 600,
      maxLength: 300,
      prefix: (round) => (round % 2 === 0 ? Uint8Array.of(0x80, round % 6) : undefined),
    },
    tinyLimits: [
      makeLimits({ maxOps: 10 }),
      makeLimits({ maxEntries: 3 }),
      makeLimits({ maxStringLength: 2 }),
      makeLimits({ maxOps: 0, maxEntries: 0, maxStringLength: 0 }),
    ],
    tinyLimitsReport: true,
  });
});
