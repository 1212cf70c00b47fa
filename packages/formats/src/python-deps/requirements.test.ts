import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS, makeLimits } from '@mlsec/core';
import { parsePipFreeze, parseRequirementsTxt } from './requirements.ts';
import { PIP_FREEZE, REQUIREMENTS_TXT } from './testing/samples.ts';
import type { PythonDependencies } from './types.ts';

function value(result: ReturnType<typeof parseRequirementsTxt>): PythonDependencies {
  assert.ok(result.ok, JSON.stringify(result.issues));
  return result.value;
}

describe('parseRequirementsTxt', () => {
  it('reads pins, ranges, extras, markers, hashes and continuations with their lines', () => {
    const deps = value(parseRequirementsTxt(REQUIREMENTS_TXT, DEFAULT_LIMITS));
    const byName = new Map(deps.requirements.map((r) => [r.normalizedName, r]));
    assert.deepEqual(
      deps.requirements.map((r) => [r.name, r.pin, r.version ?? null, r.line]),
      [
        ['mlflow', 'pinned', '2.9.2', 5],
        ['gradio', 'pinned', '4.11.0', 6],
        ['transformers', 'pinned', '4.36.0', 7],
        ['torch', 'range', null, 10],
        ['numpy', 'unpinned', null, 11],
        ['mytool', 'editable', null, 12],
        ['ray', 'url', null, 13],
        ['pkg', 'path', null, 14],
        ['requests', 'url', null, 15],
      ],
    );
    assert.deepEqual(byName.get('gradio')?.extras, ['oauth']);
    assert.equal(byName.get('gradio')?.markers, 'python_version >= "3.8"');
    assert.deepEqual(byName.get('transformers')?.hashes, ['sha256:aaaa', 'sha256:bbbb']);
    assert.equal(byName.get('torch')?.specifier, '>=2.0,<2.3');
  });

  it('returns -r and -c includes as references for the caller to follow', () => {
    const deps = value(parseRequirementsTxt(REQUIREMENTS_TXT, DEFAULT_LIMITS));
    assert.deepEqual(deps.references, [
      { kind: 'requirements', path: 'base.txt', line: 2 },
      { kind: 'constraints', path: 'constraints.txt', line: 3 },
    ]);
  });

  it('reports bad lines and unknown options and keeps the rest', () => {
    const result = parseRequirementsTxt(
      'mlflow==2.9.2\n!!nope\n--frobnicate\ntorch==2.2.0 --bogus\n',
      DEFAULT_LIMITS,
    );
    const deps = value(result);
    assert.deepEqual(
      deps.requirements.map((r) => r.name),
      ['mlflow', 'torch'],
    );
    assert.deepEqual(
      result.issues.map((i) => i.code),
      ['PYDEPS_BAD_REQUIREMENT', 'PYDEPS_UNKNOWN_OPTION', 'PYDEPS_UNKNOWN_OPTION'],
    );
  });

  it('stops at limits.maxEntries and skips lines past limits.maxStringLength', () => {
    const many = parseRequirementsTxt('a==1\nb==1\nc==1\n', makeLimits({ maxEntries: 2 }));
    assert.equal(value(many).requirements.length, 2);
    assert.equal(many.issues[0]?.code, 'PYDEPS_TOO_MANY');
    const long = parseRequirementsTxt(
      `a==1\n${'b'.repeat(50)}==1\n`,
      makeLimits({ maxStringLength: 20 }),
    );
    assert.equal(value(long).requirements.length, 1);
    assert.equal(long.issues[0]?.code, 'PYDEPS_LINE_TOO_LONG');
  });

  it('fails on an empty file and on one past limits.maxBytes', () => {
    assert.equal(parseRequirementsTxt(' \n', DEFAULT_LIMITS).issues[0]?.code, 'PYDEPS_EMPTY');
    const big = parseRequirementsTxt('a==1\n'.repeat(10), makeLimits({ maxBytes: 10 }));
    assert.equal(big.ok, false);
    assert.equal(big.issues[0]?.code, 'PYDEPS_TOO_LARGE');
  });
});

describe('parsePipFreeze', () => {
  it('reads pins, local versions, editable VCS installs and direct references', () => {
    const deps = value(parsePipFreeze(PIP_FREEZE, DEFAULT_LIMITS));
    assert.equal(deps.source, 'pip-freeze');
    assert.deepEqual(
      deps.requirements.map((r) => [r.name, r.pin, r.version ?? null]),
      [
        ['absl-py', 'pinned', '2.1.0'],
        ['app', 'editable', null],
        ['mlflow', 'url', null],
        ['torch', 'pinned', '2.2.0+cu121'],
      ],
    );
  });
});
