/**
 * Raised inside the hand-written decoders when the data is corrupt or truncated; `decompress()` catches it
 * at its boundary and turns it into an issue, so it never escapes the package.
 */
export class DecodeError extends Error {
  readonly code: string;
  readonly offset: number | undefined;

  constructor(code: string, message: string, offset?: number) {
    super(message);
    this.name = 'DecodeError';
    this.code = code;
    this.offset = offset;
  }
}

/** Raised when decoded output would pass the caller's cap; decoding stops at once. */
export class OutputLimitError extends Error {
  readonly limit: number;

  constructor(limit: number) {
    super(`decompressed output exceeds ${limit} bytes`);
    this.name = 'OutputLimitError';
    this.limit = limit;
  }
}
