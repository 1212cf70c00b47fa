import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findDangerousUses } from './find-uses.ts';
import type { DangerousUse } from './find-uses.ts';
import { collectImports } from './imports.ts';
import { tokenizePython } from './tokenizer.ts';

function uses(...lines: string[]): DangerousUse[] {
  const { tokens } = tokenizePython(lines.join('\n'), 100_000);
  return findDangerousUses(tokens, collectImports(tokens));
}

const summary = (found: readonly DangerousUse[]): string[] =>
  found.map((u) => `${u.line}:${u.name}:${u.usage}`);

describe('findDangerousUses', () => {
  describe('when modules and names are imported under aliases', () => {
    it('resolves `import x as y` and `from x import y as z`', () => {
      const found = uses(
        'import subprocess as sp, os',
        'from os import system as run_it, popen',
        'from urllib import request as rq',
        'sp.check_output(["id"])',
        'run_it("id")',
        'popen("id")',
        'rq.urlopen("http://example")',
        'os.execvp("sh", [])',
      );
      assert.deepEqual(summary(found), [
        '4:subprocess.check_output:call',
        '5:os.system:call',
        '6:os.popen:call',
        '7:urllib.request.urlopen:call',
        '8:os.execvp:call',
      ]);
      assert.equal(found[1]?.written, 'run_it');
    });

    it('resolves imports made inside functions and parenthesised import lists', () => {
      const found = uses(
        'def f():',
        '    from pickle import (',
        '        loads as L,',
        '    )',
        '    return L(b)',
      );
      assert.deepEqual(summary(found), ['5:pickle.loads:call']);
    });

    it('resolves dotted imports and submodule attributes', () => {
      const found = uses(
        'import urllib.request',
        'import importlib',
        'urllib.request.urlopen(u)',
        'importlib.import_module(n)',
      );
      assert.deepEqual(summary(found), [
        '3:urllib.request.urlopen:call',
        '4:importlib.import_module:call',
      ]);
    });
  });

  describe('when dangerous names appear only in strings and comments', () => {
    it('reports nothing', () => {
      const found = uses(
        'import os',
        '# os.system("rm -rf /")',
        'doc = "os.system(\'id\')"',
        "'''eval(input())'''",
        'print(f"{{os.system}}")',
      );
      assert.deepEqual(found, []);
    });
  });

  describe('when code inside an f-string replacement field is dangerous', () => {
    it('reports it at its own line and column', () => {
      const found = uses('import os', 'x = f"value: {os.popen(cmd).read()}"');
      assert.deepEqual(summary(found), ['2:os.popen:call']);
      assert.equal(found[0]?.column, 15);
    });
  });

  describe('when names only look like builtins', () => {
    it('does not report methods, other modules or rebound names', () => {
      const found = uses(
        'import torch, re',
        'from .utils import compile',
        'model.eval()',
        'torch.compile(model)',
        're.compile("x")',
        'compile(graph)',
        'def exec(self): pass',
        'exec(job)',
        'f(eval=True)',
      );
      assert.deepEqual(found, []);
    });

    it('reports the real builtins, including NFKC look-alikes and references', () => {
      const found = uses(
        'eval(src)',
        'ｅｘｅｃ(code)',
        '__import__("os")',
        'fn = compile',
        'apply(eval)',
      );
      assert.deepEqual(summary(found), [
        '1:builtins.eval:call',
        '2:builtins.exec:call',
        '3:builtins.__import__:call',
        '4:builtins.compile:reference',
        '5:builtins.eval:reference',
      ]);
    });
  });

  describe('when builtins are reached through __builtins__ or getattr', () => {
    it('reports getattr with a literal name as the named function', () => {
      const found = uses(
        'import os',
        'getattr(__builtins__, "exec")(s)',
        'getattr(os, "system")("id")',
      );
      assert.deepEqual(summary(found), ['2:builtins.exec:getattr', '3:os.system:getattr']);
    });

    it('reports getattr on builtins with a computed name, and subscripts of __builtins__', () => {
      const found = uses(
        'getattr(__builtins__, "ev" + "al")(s)',
        '__builtins__["compile"](s)',
        '__builtins__.eval(s)',
      );
      assert.deepEqual(summary(found), [
        '1:builtins.getattr:getattr',
        '2:builtins.compile:call',
        '3:builtins.eval:call',
      ]);
    });

    it('ignores getattr on ordinary objects', () => {
      assert.deepEqual(uses('getattr(self, "eval")()', 'getattr(config, name)'), []);
    });
  });

  describe('when a call is dangerous only with some arguments', () => {
    it('reports torch.load unless weights_only=True', () => {
      const found = uses(
        'import torch',
        'from torch import load',
        'torch.load(path)',
        'torch.load(path, weights_only=False)',
        'torch.load(path, map_location="cpu", weights_only=True)',
        'load(path, **kwargs)',
      );
      assert.deepEqual(summary(found), [
        '3:torch.load:call',
        '4:torch.load:call',
        '6:torch.load:call',
      ]);
      assert.equal(found[0]?.note, 'without weights_only=True');
    });

    it('reports numpy.load only with allow_pickle enabled', () => {
      const found = uses(
        'import numpy as np',
        'np.load(p)',
        'np.load(p, allow_pickle=False)',
        'np.load(p, allow_pickle=True)',
      );
      assert.deepEqual(summary(found), ['4:numpy.load:call']);
    });

    it('reports yaml.load unless a safe loader is passed', () => {
      const found = uses(
        'import yaml',
        'yaml.load(s, Loader=yaml.SafeLoader)',
        'yaml.load(s, yaml.CSafeLoader)',
        'yaml.load(s, Loader=yaml.Loader)',
        'yaml.safe_load(s)',
      );
      assert.deepEqual(summary(found), ['4:yaml.load:call']);
    });
  });

  describe('when whole modules are dangerous', () => {
    it('reports their calls but not constants', () => {
      const found = uses(
        'import subprocess, socket, requests, ctypes',
        'subprocess.run(c, stdout=subprocess.PIPE)',
        's = socket.socket()',
        'requests.post(url, data=x)',
        'ctypes.CDLL("libc.so.6")',
        'except subprocess.CalledProcessError: pass',
      );
      assert.deepEqual(summary(found), [
        '2:subprocess.run:call',
        '3:socket.socket:call',
        '4:requests.post:call',
        '5:ctypes.CDLL:call',
      ]);
    });

    it('reports star imports of them, and resolves exact names through star imports', () => {
      const found = uses('from subprocess import *', 'from shutil import *', 'rmtree(p)', 'run(c)');
      assert.deepEqual(summary(found), [
        '1:subprocess.*:star-import',
        '2:shutil.*:star-import',
        '3:shutil.rmtree:call',
      ]);
    });
  });

  describe('when payloads are decoded and executed', () => {
    it('reports both the decoding and the execution', () => {
      const found = uses('import base64, marshal', 'exec(marshal.loads(base64.b64decode(blob)))');
      assert.deepEqual(summary(found), [
        '2:builtins.exec:call',
        '2:marshal.loads:call',
        '2:base64.b64decode:call',
      ]);
      assert.deepEqual(
        found.map((u) => u.category),
        ['dynamic-code', 'deserialization', 'obfuscation'],
      );
    });
  });
});
