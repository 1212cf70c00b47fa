import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS } from '@mlsec/core';
import { parsePipfileLock, parsePoetryLock, parseUvLock } from './lock-files.ts';
import { PIPFILE_LOCK, POETRY_LOCK, UV_LOCK } from './testing/samples.ts';

describe('lock files', () => {
  it('poetry.lock: every package pinned, with its file hashes and line', () => {
    const result = parsePoetryLock(POETRY_LOCK, DEFAULT_LIMITS);
    assert.ok(result.ok, JSON.stringify(result.issues));
    assert.deepEqual(
      result.value.requirements.map((r) => [r.name, r.version, r.pin, r.hashes, r.line]),
      [
        ['mlflow', '2.9.2', 'pinned', ['sha256:1111', 'sha256:2222'], 4],
        ['torch', '2.2.0', 'pinned', [], 18],
      ],
    );
  });

  it('uv.lock: registry packages pinned, the editable project noted', () => {
    const result = parseUvLock(UV_LOCK, DEFAULT_LIMITS);
    assert.ok(result.ok, JSON.stringify(result.issues));
    assert.deepEqual(
      result.value.requirements.map((r) => [r.name, r.version, r.pin, r.hashes, r.url ?? null]),
      [
        ['demo', '0.1.0', 'editable', [], '.'],
        ['gradio', '4.11.0', 'pinned', ['sha256:3333', 'sha256:4444'], null],
      ],
    );
    // gradio's own [[package]] table, not the `{ name = "gradio" }` of demo's dependencies (line 9).
    assert.deepEqual(
      result.value.requirements.map((r) => r.line),
      [5, 13],
    );
  });

  it('Pipfile.lock: default and develop sections, hashes, markers, git sources', () => {
    const result = parsePipfileLock(PIPFILE_LOCK, DEFAULT_LIMITS);
    assert.ok(result.ok, JSON.stringify(result.issues));
    assert.deepEqual(
      result.value.requirements.map((r) => [
        r.name,
        r.version ?? null,
        r.pin,
        r.group ?? null,
        r.line,
      ]),
      [
        ['transformers', '4.36.0', 'pinned', null, 9],
        ['mytool', null, 'editable', null, 15],
        ['pytest', '8.0.0', 'pinned', 'develop', 18],
      ],
    );
    assert.deepEqual(result.value.requirements[0]?.hashes, ['sha256:5555', 'sha256:6666']);
    assert.equal(result.value.requirements[0]?.markers, "python_full_version >= '3.8.0'");
  });

  it('fail on syntax errors and on a package key that is not a list', () => {
    assert.equal(parsePoetryLock('[[package]\n', DEFAULT_LIMITS).issues[0]?.code, 'PYDEPS_SYNTAX');
    assert.equal(parseUvLock('package = 3\n', DEFAULT_LIMITS).issues[0]?.code, 'PYDEPS_SHAPE');
    assert.equal(parsePipfileLock('{"default": ', DEFAULT_LIMITS).issues[0]?.code, 'PYDEPS_SYNTAX');
    assert.equal(parsePipfileLock('[]', DEFAULT_LIMITS).ok, false);
  });
});
