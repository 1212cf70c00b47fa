/** One tensor entry of a SafeTensors header; offsets are relative to the start of the byte buffer. */
export interface SafetensorsTensor {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly number[];
  /** `data_offsets[0]`: first byte, relative to `dataStart`. */
  readonly begin: number;
  /** `data_offsets[1]`: one past the last byte, relative to `dataStart`. */
  readonly end: number;
}

/** What parseSafetensors learns from the header; tensor data itself is never read. */
export interface SafetensorsHeader {
  /** The u64 length prefix: bytes of JSON (plus padding) after the first 8 bytes. */
  readonly headerLength: number;
  /** File offset of the byte buffer: 8 + headerLength. */
  readonly dataStart: number;
  readonly fileSize: number;
  /** Entries whose offsets are well formed, sorted by position in the buffer. */
  readonly tensors: readonly SafetensorsTensor[];
  /** `__metadata__` (string → string, null prototype), when present and well formed. */
  readonly metadata?: Readonly<Record<string, string>>;
  /** File offset one past the last byte indexed by any tensor (dataStart when there are none). */
  readonly dataEnd: number;
}
