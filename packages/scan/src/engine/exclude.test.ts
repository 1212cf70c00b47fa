import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { ExcludeFilter } from './exclude.ts';
import { walk } from './walk.ts';

describe('ExcludeFilter', () => {
  const filter = new ExcludeFilter([
    'node_modules',
    '*.log',
    './data/raw/**',
    '**/ckpt-?',
    'docs/',
    '/build',
  ]);

  it('matches names anywhere and paths from the working folder', () => {
    const cases: [string, string, boolean][] = [
      ['node_modules', 'node_modules', true],
      ['node_modules', 'web/node_modules', true],
      ['train.log', 'runs/1/train.log', true],
      ['train.log.txt', 'train.log.txt', false],
      ['a.bin', 'data/raw/x/a.bin', true],
      ['raw', 'data/raw', false],
      ['a.bin', 'data/rawer/a.bin', false],
      ['ckpt-1', 'ckpt-1', true],
      ['ckpt-1', 'models/x/ckpt-1', true],
      ['ckpt-10', 'models/ckpt-10', false],
      ['docs', 'pkg/docs', true], // a trailing slash does not anchor (as in .gitignore)
      ['build', 'build', true],
      ['build', 'pkg/build', false], // a leading one does
    ];
    for (const [name, path, want] of cases) assert.equal(filter.excludes(name, path), want, path);
  });

  it('treats regex characters literally and refuses empty patterns', () => {
    const literal = new ExcludeFilter(['a+b(1).txt']);
    assert.equal(literal.excludes('a+b(1).txt', 'a+b(1).txt'), true);
    assert.equal(literal.excludes('aab1.txt', 'aab1.txt'), false);
    assert.throws(() => new ExcludeFilter(['  ']), /CLI_USAGE|not a usable pattern/);
  });

  it('keeps the walk out of excluded folders and counts what it left out', () => {
    const root = mkdtempSync(join(tmpdir(), 'mlsec-exclude-'));
    try {
      for (const file of [
        'src/a.py',
        '.venv/lib/site.py',
        'web/node_modules/x/y.js',
        'logs/run.log',
      ]) {
        mkdirSync(dirname(join(root, file)), { recursive: true });
        writeFileSync(join(root, file), 'x = 1\n');
      }
      const result = walk(['.'], root, new ExcludeFilter(['.venv', 'node_modules', '*.log']));
      assert.deepEqual(result.files.map((f) => f.relative).sort(), ['src/a.py']);
      assert.equal(result.excluded, 3);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
