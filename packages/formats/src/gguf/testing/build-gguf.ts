import { GGUF_VALUE_TYPES } from '../constants.ts';
import type { GgufValueType } from '../constants.ts';

/** A value to write: scalars as numbers/bigints/booleans/strings, arrays as { itemType, items }. */
export type BuildValue =
  | number
  | bigint
  | boolean
  | string
  | { readonly itemType: GgufValueType; readonly items: readonly BuildValue[] };

export interface GgufSpec {
  readonly version?: number;
  readonly kvs?: readonly (readonly [string, GgufValueType, BuildValue])[];
  readonly tensors?: readonly { name: string; dims: number[]; type: number; offset: number }[];
  /** Bytes of tensor data after the aligned end of the tensor infos. */
  readonly data?: number;
  readonly alignment?: number;
  /** Override the counts in the header. */
  readonly tensorCount?: bigint;
  readonly kvCount?: bigint;
}

class Writer {
  private readonly parts: Uint8Array[] = [];
  length = 0;
  private push(bytes: Uint8Array): void {
    this.parts.push(bytes);
    this.length += bytes.length;
  }
  fixed(width: number, set: (view: DataView) => void): void {
    const bytes = new Uint8Array(width);
    set(new DataView(bytes.buffer));
    this.push(bytes);
  }
  u32(v: number): void {
    this.fixed(4, (d) => d.setUint32(0, v, true));
  }
  u64(v: bigint): void {
    this.fixed(8, (d) => d.setBigUint64(0, v, true));
  }
  raw(bytes: Uint8Array): void {
    this.push(bytes);
  }
  concat(): Uint8Array {
    return new Uint8Array(Buffer.concat(this.parts));
  }
}

/** Build GGUF bytes; versions 1 (u32 lengths and dims) to 3 are supported. */
export function buildGguf(spec: GgufSpec): Uint8Array {
  const version = spec.version ?? 3;
  const w = new Writer();
  const len = (n: number | bigint): void => (version >= 2 ? w.u64(BigInt(n)) : w.u32(Number(n)));
  const str = (s: string): void => {
    const bytes = Buffer.from(s, 'utf8');
    len(bytes.length);
    w.raw(bytes);
  };
  const value = (type: GgufValueType, v: BuildValue): void => {
    if (type === 'string') return str(v as string);
    if (type === 'array') {
      const a = v as { itemType: GgufValueType; items: readonly BuildValue[] };
      w.u32(GGUF_VALUE_TYPES.indexOf(a.itemType));
      len(a.items.length);
      for (const item of a.items) value(a.itemType, item);
      return;
    }
    const setters: Record<string, [number, (d: DataView) => void]> = {
      uint8: [1, (d) => d.setUint8(0, Number(v))],
      int8: [1, (d) => d.setInt8(0, Number(v))],
      uint16: [2, (d) => d.setUint16(0, Number(v), true)],
      int16: [2, (d) => d.setInt16(0, Number(v), true)],
      uint32: [4, (d) => d.setUint32(0, Number(v), true)],
      int32: [4, (d) => d.setInt32(0, Number(v), true)],
      float32: [4, (d) => d.setFloat32(0, Number(v), true)],
      bool: [1, (d) => d.setUint8(0, Number(v))],
      uint64: [8, (d) => d.setBigUint64(0, BigInt(v as bigint), true)],
      int64: [8, (d) => d.setBigInt64(0, BigInt(v as bigint), true)],
      float64: [8, (d) => d.setFloat64(0, Number(v), true)],
    };
    const [width, set] = setters[type] as [number, (d: DataView) => void];
    w.fixed(width, set);
  };

  w.raw(Buffer.from('GGUF', 'latin1'));
  w.u32(version);
  const kvs = spec.kvs ?? [];
  const tensors = spec.tensors ?? [];
  len(spec.tensorCount ?? BigInt(tensors.length));
  len(spec.kvCount ?? BigInt(kvs.length));
  for (const [key, type, v] of kvs) {
    str(key);
    w.u32(GGUF_VALUE_TYPES.indexOf(type));
    value(type, v);
  }
  for (const t of tensors) {
    str(t.name);
    w.u32(t.dims.length);
    for (const d of t.dims) len(d);
    w.u32(t.type);
    w.u64(BigInt(t.offset));
  }
  const alignment = spec.alignment ?? 32;
  w.raw(new Uint8Array((alignment - (w.length % alignment)) % alignment));
  w.raw(Uint8Array.from({ length: spec.data ?? 0 }, (_, i) => i & 0xff));
  return w.concat();
}

/** A ChatML template of the kind Qwen and many fine-tunes ship. */
export const CHATML_TEMPLATE =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

/** A small valid v3 file: metadata with a chat template, two F32 tensors of 4×2 and 8 elements. */
export function validGguf(template: string = CHATML_TEMPLATE): Uint8Array {
  return buildGguf({
    kvs: [
      ['general.architecture', 'string', 'llama'],
      ['general.alignment', 'uint32', 32],
      ['llama.context_length', 'uint64', 4096n],
      ['tokenizer.ggml.tokens', 'array', { itemType: 'string', items: ['<s>', '</s>', 'a'] }],
      ['tokenizer.ggml.scores', 'array', { itemType: 'float32', items: [0, 0, -1.5] }],
      ['tokenizer.ggml.add_bos_token', 'bool', true],
      ['tokenizer.chat_template', 'string', template],
    ],
    tensors: [
      { name: 'a.weight', dims: [4, 2], type: 0, offset: 0 },
      { name: 'b.weight', dims: [8], type: 0, offset: 32 },
    ],
    data: 64,
  });
}
