import { issue, snippet } from '@mlsec/core';
import type { FormatIssue, Limits } from '@mlsec/core';
import { GGUF_VALUE_SIZE, GGUF_VALUE_TYPES } from './constants.ts';
import type { GgufValueType } from './constants.ts';
import type { SourceCursor } from './source-cursor.ts';
import type { GgufValue } from './types.ts';

const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const utf8Lenient = new TextDecoder('utf-8');

/** Thrown for input that makes the rest of the file unreadable; parseGguf reports it as fatal. */
export class GgufError extends Error {
  readonly code: string;
  readonly at: number;
  constructor(code: string, message: string, at: number) {
    super(message);
    this.code = code;
    this.at = at;
  }
}

/**
 * Reads GGUF strings and typed values with the limits of one parse: strings beyond maxStringLength
 * are skipped after a kept prefix, arrays keep their first maxEntries items and skip the rest, nested
 * arrays stop at maxDepth, and every value decoded counts against maxOps (a file of millions of tiny
 * array elements would otherwise keep the scanner busy for minutes). Values whose bytes are already
 * buffered are read synchronously: a 150 000-token vocabulary costs one await per chunk, not per token.
 */
export class GgufValueReader {
  private readonly cursor: SourceCursor;
  private readonly limits: Limits;
  private readonly issues: FormatIssue[];
  /** GGUF v1 used u32 for string and array lengths; v2 and later use u64. */
  private readonly lengthWidth: number;
  private values = 0;
  /** Set when a value read since the last reset lost part of its content. */
  truncated = false;

  constructor(cursor: SourceCursor, limits: Limits, issues: FormatIssue[], version: number) {
    this.cursor = cursor;
    this.limits = limits;
    this.issues = issues;
    this.lengthWidth = version >= 2 ? 8 : 4;
  }

  /** A count field as written: u64, or u32 in version 1. */
  async count(): Promise<bigint> {
    await this.cursor.need(this.lengthWidth);
    return this.countSync();
  }

  private countSync(): bigint {
    return this.lengthWidth === 8 ? this.cursor.u64() : BigInt(this.cursor.u32());
  }

  /** A length field, checked against the bytes left (every element takes at least one byte). */
  async length(what: string): Promise<number> {
    const at = this.cursor.pos;
    const n = await this.count();
    if (n > BigInt(this.cursor.remaining)) {
      throw new GgufError(
        'GGUF_TRUNCATED',
        `${what} of ${n} exceeds the ${this.cursor.remaining} bytes left`,
        at,
      );
    }
    return Number(n);
  }

  /** A string: length, then UTF-8 bytes of which at most maxStringLength are kept. */
  async string(what: string): Promise<string> {
    const at = this.cursor.pos;
    const n = await this.length(`${what} length`);
    await this.cursor.need(Math.min(n, this.limits.maxStringLength));
    return this.stringBody(n, what, at);
  }

  private stringBody(n: number, what: string, at: number): string {
    const kept = Math.min(n, this.limits.maxStringLength);
    const bytes = this.cursor.bytes(kept);
    let text: string;
    try {
      text = utf8Strict.decode(bytes);
    } catch {
      text = utf8Lenient.decode(bytes);
      if (kept === n)
        this.issues.push(issue('GGUF_INVALID_UTF8', `${what} is not valid UTF-8`, at));
    }
    if (kept < n) {
      this.cursor.skip(n - kept);
      this.truncated = true;
      this.issues.push(
        issue(
          'GGUF_STRING_TOO_LONG',
          `${what} has ${n} bytes, more than the limit of ${this.limits.maxStringLength}`,
          at,
        ),
      );
    }
    return text;
  }

  async valueType(): Promise<GgufValueType> {
    const at = this.cursor.pos;
    await this.cursor.need(4);
    const code = this.cursor.u32();
    const type = GGUF_VALUE_TYPES[code];
    if (type === undefined)
      throw new GgufError('GGUF_INVALID_VALUE_TYPE', `unknown value type ${code}`, at);
    return type;
  }

  private countValue(): void {
    if (++this.values > this.limits.maxOps) {
      throw new GgufError(
        'GGUF_LIMIT_EXCEEDED',
        `more than ${this.limits.maxOps} metadata values`,
        this.cursor.pos,
      );
    }
  }

  /** A fixed-size value from buffered bytes. */
  private scalar(type: GgufValueType, key: string): GgufValue {
    const c = this.cursor;
    switch (type) {
      case 'uint8':
        return c.u8();
      case 'int8':
        return c.i8();
      case 'uint16':
        return c.u16();
      case 'int16':
        return c.i16();
      case 'uint32':
        return c.u32();
      case 'int32':
        return c.i32();
      case 'float32':
        return c.f32();
      case 'uint64':
        return c.u64();
      case 'int64':
        return c.i64();
      case 'float64':
        return c.f64();
      default: {
        const at = c.pos;
        const b = c.u8();
        if (b > 1)
          this.issues.push(
            issue(
              'GGUF_INVALID_BOOL',
              `bool value ${b} of "${snippet(key, 80)}" is not 0 or 1`,
              at,
            ),
          );
        return b !== 0;
      }
    }
  }

  /** A scalar or string whose bytes are all buffered, or undefined (nothing consumed) when not. */
  private valueSync(type: GgufValueType, key: string): GgufValue | undefined {
    const width = GGUF_VALUE_SIZE[type];
    const c = this.cursor;
    if (width !== undefined) {
      if (!c.has(width)) return undefined;
      this.countValue();
      return this.scalar(type, key);
    }
    if (type !== 'string' || !c.has(this.lengthWidth)) return undefined;
    const at = c.pos;
    const n = this.countSync();
    // Not buffered, or a bad length: rewind and let the async path read (and report) it.
    if (n > BigInt(c.remaining) || !c.has(Math.min(Number(n), this.limits.maxStringLength))) {
      c.pos = at;
      return undefined;
    }
    this.countValue();
    return this.stringBody(Number(n), `the value of "${snippet(key, 80)}"`, at);
  }

  /** Read one value of `type`; `key` names it in messages. */
  async value(type: GgufValueType, key: string, depth = 0): Promise<GgufValue> {
    const fast = this.valueSync(type, key);
    if (fast !== undefined) return fast;
    this.countValue();
    if (type === 'string') return this.string(`the value of "${snippet(key, 80)}"`);
    if (type === 'array') return this.array(key, depth);
    await this.cursor.need(GGUF_VALUE_SIZE[type] ?? 1);
    return this.scalar(type, key);
  }

  private async array(key: string, depth: number): Promise<GgufValue> {
    const at = this.cursor.pos;
    if (depth >= this.limits.maxDepth) {
      throw new GgufError(
        'GGUF_LIMIT_EXCEEDED',
        `arrays of "${snippet(key, 80)}" nest deeper than ${this.limits.maxDepth}`,
        at,
      );
    }
    const itemType = await this.valueType();
    const length = await this.length('an array length');
    const keep = Math.min(length, this.limits.maxEntries);
    const items: GgufValue[] = [];
    for (let i = 0; i < keep; i++) {
      items.push(this.valueSync(itemType, key) ?? (await this.value(itemType, key, depth + 1)));
    }
    if (keep < length) {
      this.truncated = true;
      const width = GGUF_VALUE_SIZE[itemType];
      if (width !== undefined) this.cursor.skip((length - keep) * width);
      else {
        for (let i = keep; i < length; i++) {
          if (this.valueSync(itemType, key) === undefined)
            await this.value(itemType, key, depth + 1);
        }
      }
    }
    return { itemType, length, items };
  }
}
