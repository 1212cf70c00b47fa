import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tokenizePython } from './tokenizer.ts';

const names = (source: string): string[] =>
  tokenizePython(source, 100_000)
    .tokens.filter((t) => t.kind === 'name')
    .map((t) => t.value);

describe('tokenizePython', () => {
  describe('when code contains comments and string literals', () => {
    it('reports no names from inside them', () => {
      const source = [
        '# os.system("comment")',
        'a = "os.system(1)"  # trailing eval()',
        "b = 'exec(2)'",
        'c = """',
        'eval("doc string")',
        '"""',
        "d = r'\\' eval'",
        'e = b"\\"exec\\""',
      ].join('\n');
      assert.deepEqual(names(source), ['a', 'b', 'c', 'd', 'e']);
    });

    it('keeps the bounded text of a plain string as its value', () => {
      const [, , str] = tokenizePython("x = 'eval'", 100).tokens;
      assert.equal(str?.kind, 'string');
      assert.equal(str?.value, 'eval');
    });
  });

  describe('when an f-string has replacement fields', () => {
    it('tokenizes the expressions as code and skips literal text and doubled braces', () => {
      const source = 'f"text {os.popen(cmd)!r:>{width}} {{eval}} done"';
      assert.deepEqual(names(source), ['os', 'popen', 'cmd', 'width']);
    });

    it('handles nested quotes, dict displays and format specs', () => {
      assert.deepEqual(names(`f"{d['k']:{w}.{p}} {({'a': b})}"`), ['d', 'w', 'p', 'b']);
      assert.deepEqual(names(`rf'''{exec(x)}'''`), ['exec', 'x']);
    });

    it('marks the string token as formatted', () => {
      const [token] = tokenizePython('F"{a}"', 100).tokens;
      assert.equal(token?.formatted, true);
    });
  });

  describe('when names use prefixes that are not string prefixes', () => {
    it('reads them as names', () => {
      assert.deepEqual(names('rb2 = fr + bu'), ['rb2', 'fr', 'bu']);
    });
  });

  describe('when identifiers use compatibility characters', () => {
    it('normalizes them with NFKC as Python does', () => {
      assert.deepEqual(names('ｅｖａｌ(x)'), ['eval', 'x']);
    });
  });

  describe('when lines are joined', () => {
    it('emits newlines only at the end of logical lines', () => {
      const source = 'a = (1,\n 2)\nb = 1 + \\\n 2\nc = 3';
      const kinds = tokenizePython(source, 100).tokens.filter((t) => t.kind === 'newline').length;
      assert.equal(kinds, 2);
    });

    it('reports 1-based lines and columns', () => {
      const tokens = tokenizePython('x = """a\nb"""\n  y(\n    z)', 100).tokens;
      const z = tokens.find((t) => t.value === 'z');
      const y = tokens.find((t) => t.value === 'y');
      assert.deepEqual([y?.line, y?.column], [3, 3]);
      assert.deepEqual([z?.line, z?.column], [4, 5]);
    });
  });

  describe('when operators have several characters', () => {
    it('keeps == apart from =', () => {
      const ops = tokenizePython('a == b; c = d; e := f; ...', 100)
        .tokens.filter((t) => t.kind === 'op')
        .map((t) => t.value);
      assert.deepEqual(ops, ['==', ';', '=', ';', ':=', ';', '...']);
    });
  });

  describe('when input is malformed or too long', () => {
    it('reports an unterminated string and keeps lexing the next line', () => {
      const result = tokenizePython('a = "open\nb = 1', 100);
      assert.equal(result.issues[0]?.code, 'PY_UNTERMINATED_STRING');
      assert.ok(result.tokens.some((t) => t.value === 'b'));
    });

    it('stops at the token limit with an issue', () => {
      const result = tokenizePython('a b c d e f g', 3);
      assert.equal(result.tokens.length, 3);
      assert.equal(result.issues[0]?.code, 'PY_TOO_MANY_TOKENS');
    });

    it('survives deeply nested f-string format specs', () => {
      const source = `f"${'{a:'.repeat(5000)}"`;
      const result = tokenizePython(source, 100_000);
      assert.ok(result.tokens.length > 0);
    });
  });
});
