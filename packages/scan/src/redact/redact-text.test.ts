import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMlsecError } from '@mlsec/core';
import { mlSecretsConfig, parseSecretsConfig } from '../secrets/index.ts';
import { redactBytes } from './redact.ts';
import { placeholder } from './secret-spans.ts';
import { FAKES } from './testing.ts';

const config = mlSecretsConfig();
const HF = FAKES['HF_TOKEN'] ?? '';
const HF2 = ['hf', 'SecondFakeMlsecToken'.padEnd(34, 'z')].join('_');
const PEM = [
  FAKES['PEM_BEGIN'],
  'bWxzZWMgdGVzdCBmaXh0dXJlOiBub3QgYSBrZXksIG9ubHkgc2hhcGVkIGxpa2Ugb25lIGZvciB0aGUgcnVsZQ==',
  'dGhlIHJlZGFjdGlvbiBtdXN0IHJlcGxhY2UgZXZlcnkgbGluZSBvZiB0aGlzIGJsb2NrIGFuZCBub3RoaW5nIGVsc2U=',
  FAKES['PEM_END'],
].join('\n');
const HF_OUT = placeholder('huggingface-access-token');

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

function redact(text: string): {
  out: string;
  rules: string[];
  remaining: number;
  lines: string[];
} {
  const result = redactBytes(encode(text), { config, path: 'notes.txt' });
  assert.equal(result.kind, 'text');
  return {
    out: decode(result.bytes),
    rules: result.redactions.map((r) => r.ruleId),
    remaining: result.remaining.length,
    lines: result.redactions.map((r) => `${r.line}:${r.column}`),
  };
}

describe('redactBytes on text files', () => {
  it('replaces a secret at the start of a line and keeps every other byte', () => {
    const text = `first line\r\n${HF} is the token\r\nlast`;
    const r = redact(text);
    assert.equal(r.out, text.replace(HF, HF_OUT));
    assert.deepEqual(r.lines, ['2:1']);
    assert.equal(r.remaining, 0);
  });

  it('replaces a secret at the very end of the file (no newline after it)', () => {
    const text = `# config\nHF_TOKEN="${HF}"`;
    const r = redact(text);
    assert.equal(r.out, text.replace(HF, HF_OUT));
    assert.ok(!r.out.includes(HF));
  });

  it('replaces two secrets on one line separately', () => {
    const text = `tokens = ["${HF}", "${HF2}"]\n`;
    const r = redact(text);
    assert.equal(r.out, `tokens = ["${HF_OUT}", "${HF_OUT}"]\n`);
    assert.deepEqual(r.rules, ['huggingface-access-token', 'huggingface-access-token']);
    assert.deepEqual(r.lines, [`1:${text.indexOf(HF) + 1}`, `1:${text.indexOf(HF2) + 1}`]);
  });

  it('replaces a private key over several lines with one placeholder', () => {
    const text = `key = """${PEM}"""\nconnect(key)\n`;
    const r = redact(text);
    assert.equal(r.out, `key = """${placeholder('private-key')}"""\nconnect(key)\n`);
    assert.equal(r.remaining, 0);
  });

  it('leaves a file without secrets as it was', () => {
    const bytes = encode('nothing to see\n');
    const result = redactBytes(bytes, { config });
    assert.equal(result.changed, false);
    assert.deepEqual(result.bytes, bytes);
    assert.deepEqual(result.redactions, []);
  });

  it('keeps bytes that are not UTF-8 as they were', () => {
    const bytes = new Uint8Array([...encode(`caf`), 0xe9, ...encode(` token=${HF}\n`), 0xff]);
    const result = redactBytes(bytes, { config });
    const expected = new Uint8Array([
      ...encode('caf'),
      0xe9,
      ...encode(` token=${HF_OUT}\n`),
      0xff,
    ]);
    assert.deepEqual(result.bytes, expected);
  });

  it('says what the same rules still find when a placeholder cannot hide it', () => {
    const rules = parseSecretsConfig(
      "[[rules]]\nid = \"sticky\"\nregex = '''secret-[a-z]+|REDACTED'''\n",
    );
    const result = redactBytes(encode('a secret-abc here\n'), { config: rules });
    assert.equal(decode(result.bytes), 'a [REDACTED:sticky] here\n');
    assert.deepEqual(
      result.remaining.map((r) => [r.ruleId, r.line, r.column]),
      [['sticky', 1, 4]],
    );
  });

  it('refuses binary files and files over the limit with coded errors', () => {
    const code = (f: () => unknown): string => {
      try {
        f();
      } catch (error) {
        if (isMlsecError(error)) return error.code;
        throw error;
      }
      return 'none';
    };
    assert.equal(
      code(() => redactBytes(new Uint8Array([1, 0, 2]), { config })),
      'SCAN_REDACT_BINARY',
    );
    assert.equal(
      code(() => redactBytes(encode('x'.repeat(100)), { config, maxBytes: 99 })),
      'SCAN_REDACT_TOO_LARGE',
    );
  });
});
