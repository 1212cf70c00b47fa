import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectImports } from './imports.ts';
import type { ImportTable } from './imports.ts';
import { tokenizePython } from './tokenizer.ts';

const table = (...lines: string[]): ImportTable =>
  collectImports(tokenizePython(lines.join('\n'), 10_000).tokens);
const bound = (t: ImportTable, name: string): string[] => [...(t.bindings.get(name) ?? [])];

describe('collectImports', () => {
  describe('when modules are imported with and without aliases', () => {
    it('binds the alias to the full module and a plain dotted import to its head', () => {
      const t = table('import os.path as osp, urllib.request', 'import numpy as np; import torch');
      assert.deepEqual(bound(t, 'osp'), ['os.path']);
      assert.deepEqual(bound(t, 'urllib'), ['urllib']);
      assert.deepEqual(bound(t, 'np'), ['numpy']);
      assert.deepEqual(bound(t, 'torch'), ['torch']);
    });
  });

  describe('when names are imported from modules', () => {
    it('binds each local name to module.name, across parentheses and lines', () => {
      const t = table('from os import (', '    system as s,', '    popen,', ')');
      assert.deepEqual(bound(t, 's'), ['os.system']);
      assert.deepEqual(bound(t, 'popen'), ['os.popen']);
    });

    it('keeps every candidate when a name is bound in several places', () => {
      const t = table(
        'if x:',
        '    from os import system as run',
        'else:',
        '    from mylib import run',
      );
      assert.deepEqual(bound(t, 'run'), ['os.system', 'mylib.run']);
    });
  });

  describe('when imports are relative', () => {
    it('records level, module and names, and binds them to paths no catalogue entry matches', () => {
      const t = table('from . import utils', 'from ..pkg.mod import a as b', 'from ... import c');
      assert.deepEqual(t.relative, [
        { level: 1, module: '', names: ['utils'] },
        { level: 2, module: 'pkg.mod', names: ['a'] },
        { level: 3, module: '', names: ['c'] },
      ]);
      assert.deepEqual(bound(t, 'b'), ['..pkg.mod.a']);
    });
  });

  describe('when `from` is not an import', () => {
    it('ignores yield from and raise from', () => {
      const t = table('def g():', '    yield from other()', 'raise ValueError() from err');
      assert.equal(t.bindings.size, 0);
      assert.deepEqual(t.relative, []);
    });
  });

  describe('when the file defines functions and classes', () => {
    it('records their names and star imports', () => {
      const t = table('from ctypes import *', 'def compile(): pass', 'class exec: pass');
      assert.deepEqual([...t.defined], ['compile', 'exec']);
      assert.deepEqual(
        t.stars.map((s) => [s.module, s.line, s.column]),
        [['ctypes', 1, 20]],
      );
    });
  });
});
