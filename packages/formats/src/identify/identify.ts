/**
 * Content-based identification. Extensions are never consulted: a PyTorch zip renamed to .jpg is still a
 * zip, and a pickle named README is still a pickle. Decisions use magic numbers first, then cheap
 * structural checks of the first bytes; ambiguous text formats (protocol 0 pickles, ONNX protobufs) are
 * confirmed by the callers that parse them.
 */
export const FORMAT_IDS = [
  'zip',
  'tar',
  'gzip',
  'bzip2',
  'xz',
  'lzma',
  'zlib',
  'pickle',
  'torch-legacy',
  'numpy',
  'hdf5',
  'safetensors',
  'gguf',
  'onnx',
  'json',
  'text',
  'empty',
  'unknown',
] as const;

export type FormatId = (typeof FORMAT_IDS)[number];

/** How many leading bytes identify() wants to see. */
export const IDENTIFY_HEAD_BYTES = 4096;
/** How many trailing bytes identify() wants to see (zip end-of-central-directory search). */
export const IDENTIFY_TAIL_BYTES = 65_557;

const HDF5_MAGIC = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, magic: readonly number[], at = 0): boolean {
  if (bytes.length < at + magic.length) return false;
  return magic.every((b, i) => bytes[at + i] === b);
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < Math.min(to, bytes.length); i++) s += String.fromCharCode(bytes[i] ?? 0);
  return s;
}

/**
 * True when the tail holds a zip end-of-central-directory record: a zip appended to other data (a
 * polyglot), which zip readers open even though the file starts as something else.
 */
export function hasZipEnd(tail: Uint8Array): boolean {
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tail[i + 2] === 0x05 && tail[i + 3] === 0x06) {
      return true;
    }
  }
  return false;
}

function isTar(head: Uint8Array): boolean {
  if (head.length < 512) return false;
  const magic = ascii(head, 257, 263);
  if (magic.startsWith('ustar')) return true;
  // Pre-POSIX (v7) tar: no magic, so check the header checksum.
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : (head[i] ?? 0);
  const stored = parseInt(ascii(head, 148, 156).replace(/[\0 ]/g, ''), 8);
  return Number.isFinite(stored) && stored === sum && sum !== 8 * 0x20; // 8 spaces: an all-zero block
}

/** SafeTensors: u64 header length, then a JSON object. */
function isSafetensors(head: Uint8Array, size: number): boolean {
  if (head.length < 10) return false;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const n = view.getBigUint64(0, true);
  if (n < 2n) return false;
  // A header length past the end of the file is still SafeTensors (a lying header the parser reports),
  // as long as a JSON object opens right after the length field.
  const next = head[9] ?? 0;
  return (
    head[8] === 0x7b && (n <= BigInt(size - 8) || next === 0x22 || next === 0x20 || next === 0x7d)
  );
}

/** Protocol 2+ pickles start with PROTO; 0/1 with one of the opcodes that can begin a pickle. */
function looksLikePickle(head: Uint8Array): boolean {
  const first = head[0];
  if (first === 0x80) return head.length > 1 && (head[1] ?? 99) <= 5;
  return false;
}

/** Legacy torch.save: the first pickle is the magic number 0x1950a86a20f9469cfc6c as a LONG1. */
function isTorchLegacy(head: Uint8Array): boolean {
  return startsWith(
    head,
    [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19],
  );
}

function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  let printable = 0;
  for (const b of head) {
    if (b === 0) return false;
    if (b === 9 || b === 10 || b === 13 || (b >= 0x20 && b < 0x7f) || b >= 0x80) printable++;
  }
  return printable / head.length > 0.95;
}

/** ONNX ModelProto usually opens with ir_version (field 1, varint: 0x08) then producer/graph fields. */
function looksLikeOnnx(head: Uint8Array): boolean {
  return (
    head[0] === 0x08 &&
    (head[1] ?? 0xff) < 0x20 &&
    [0x12, 0x1a, 0x22, 0x2a, 0x3a, 0x42].includes(head[2] ?? 0)
  );
}

/**
 * Identify a file from its first bytes (`head`, up to IDENTIFY_HEAD_BYTES), its last bytes (`tail`, up to
 * IDENTIFY_TAIL_BYTES) and its size.
 */
export function identify(head: Uint8Array, tail: Uint8Array, size: number): FormatId {
  if (size === 0) return 'empty';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06]))
    return 'zip';
  if (startsWith(head, HDF5_MAGIC)) return 'hdf5';
  if (startsWith(head, [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59])) return 'numpy';
  if (startsWith(head, [0x47, 0x47, 0x55, 0x46])) return 'gguf';
  if (startsWith(head, [0x1f, 0x8b])) return 'gzip';
  if (startsWith(head, [0x42, 0x5a, 0x68]) && (head[3] ?? 0) >= 0x31 && (head[3] ?? 0) <= 0x39)
    return 'bzip2';
  if (startsWith(head, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return 'xz';
  if (isTorchLegacy(head)) return 'torch-legacy';
  if (looksLikePickle(head)) return 'pickle';
  if (isTar(head)) return 'tar';
  if (isSafetensors(head, size)) return 'safetensors';
  // LZMA "alone": properties byte 0x5d (lc=3 lp=0 pb=2), then a power-of-two-ish dictionary size.
  if (head[0] === 0x5d && head[1] === 0x00 && head[2] === 0x00 && size >= 13) return 'lzma';
  // zlib: CMF 0x78 and (CMF*256+FLG) % 31 == 0. Text can open with such a pair too (`x = 1`, `x^2`,
  // `x?`), and deflate output is never mostly printable, so text is text.
  if (
    head[0] === 0x78 &&
    head.length > 1 &&
    ((0x78 << 8) | (head[1] ?? 0)) % 31 === 0 &&
    !looksLikeText(head)
  )
    return 'zlib';
  if (hasZipEnd(tail)) return 'zip';
  if (startsWith(head, [0x50, 0x4b])) return 'zip';
  if (looksLikeOnnx(head)) return 'onnx';
  if (looksLikeText(head)) {
    const trimmed = ascii(head, 0, 64).trimStart();
    return trimmed.startsWith('{') || trimmed.startsWith('[') ? 'json' : 'text';
  }
  return 'unknown';
}
