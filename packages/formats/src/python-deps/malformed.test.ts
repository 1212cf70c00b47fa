import { describe, it } from 'node:test';
import { makeLimits } from '@mlsec/core';
import type { Limits, ParseResult } from '@mlsec/core';
import { assertWellFormed, runMalformedSuite } from '../testing/index.ts';
import { parseCondaEnvironment } from './conda-env.ts';
import { parsePipfileLock, parsePoetryLock, parseUvLock } from './lock-files.ts';
import { parsePyproject } from './pyproject.ts';
import { parsePipFreeze, parseRequirementsTxt } from './requirements.ts';
import * as samples from './testing/samples.ts';
import type { PythonDependencies } from './types.ts';

type Parser = (text: string, limits: Limits) => ParseResult<PythonDependencies>;

const PARSERS: readonly (readonly [string, Parser, string, number])[] = [
  ['parseRequirementsTxt', parseRequirementsTxt, samples.REQUIREMENTS_TXT, 1],
  ['parsePipFreeze', parsePipFreeze, samples.PIP_FREEZE, 1],
  ['parsePyproject (PEP 621)', parsePyproject, samples.PYPROJECT_PEP621, 1],
  ['parsePyproject (Poetry)', parsePyproject, samples.PYPROJECT_POETRY, 1],
  ['parsePoetryLock', parsePoetryLock, samples.POETRY_LOCK, 2],
  ['parseUvLock', parseUvLock, samples.UV_LOCK, 1],
  ['parsePipfileLock', parsePipfileLock, samples.PIPFILE_LOCK, 2],
  ['parseCondaEnvironment', parseCondaEnvironment, samples.CONDA_ENV, 1],
];

for (const [name, parse, sample, stride] of PARSERS) {
  describe(`${name} on malformed input`, () => {
    runMalformedSuite({
      name,
      // The caller decodes bounded bytes as UTF-8; invalid sequences become U+FFFD.
      parse: (bytes, limits) => parse(Buffer.from(bytes).toString('utf8'), limits),
      samples: [{ name: 'sample', bytes: new TextEncoder().encode(sample), stride }],
      emptyCode: 'PYDEPS_EMPTY',
      // A cut text file is often still a valid (shorter) one.
      truncation: 'survive',
      flips: { rounds: 300 },
      randomBuffers: { count: 100 },
      tinyLimits: [
        makeLimits({ maxEntries: 0 }),
        makeLimits({ maxStringLength: 1 }),
        makeLimits({ maxBytes: 16 }),
      ],
      tinyLimitsReport: true,
    });
  });
}

describe('Python dependency parsers on hostile text', () => {
  const hostile: readonly (readonly [string, string])[] = [
    ['deep TOML arrays', `a = ${'['.repeat(20_000)}`],
    ['deep YAML flow sequences', `dependencies: ${'['.repeat(20_000)}`],
    ['deep JSON', `${'{"a":'.repeat(20_000)}1`],
    ['one long line', `${'a'.repeat(200_000)}==1`],
    ['many continuations', `${'x\\\n'.repeat(20_000)}y`],
    ['separators without end', `name${'.-_'.repeat(50_000)}`],
    ['markers without end', `name ; ${'"'.repeat(50_000)}`],
    ['brackets', `n[${'a,'.repeat(50_000)}`],
    ['hashes', `n==1 ${'--hash=sha256:aa '.repeat(20_000)}`],
    ['poetry constraints', `[tool.poetry.dependencies]\nx = "${'^1 '.repeat(20_000)}"\n`],
  ];
  for (const [name, text] of hostile) {
    it(`survive ${name}`, () => {
      for (const [parser, parse] of PARSERS.map(([n, p]) => [n, p] as const)) {
        const result = parse(text, makeLimits());
        assertWellFormed(result, `${parser}: ${name}`);
      }
    });
  }
});
