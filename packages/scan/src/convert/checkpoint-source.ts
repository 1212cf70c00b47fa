import { MlsecError, snippet, sliceSource } from '@mlsec/core';
import type { ByteSource, Finding, Limits } from '@mlsec/core';
import { evaluatePickle, openZip, readEntry, ZIP_METHOD } from '@mlsec/formats';
import type { PickleValue, ZipArchive } from '@mlsec/formats';
import { checkAnalysis } from './interpret-refusal.ts';
import { interpretCheckpointPickle } from './interpret-state-dict.ts';
import type { Refusal, StateDictInterpretation } from './interpret-types.ts';
import { WRITABLE_DTYPES } from './tensor-input.ts';

/**
 * A refusal of the interpreter (or of a side pickle), as an error carrying it; `convertFile` adds the
 * scanner's findings for the refused file (empty when the scanner sees nothing wrong, e.g. an
 * unsupported dtype).
 */
export class ConvertRefusedError extends MlsecError {
  readonly refusal: Refusal;
  readonly findings: readonly Finding[];
  constructor(refusal: Refusal, findings: readonly Finding[] = []) {
    super('SCAN_CONVERT_REFUSED', `conversion refused (${refusal.code}): ${refusal.message}`);
    this.name = 'ConvertRefusedError';
    this.refusal = refusal;
    this.findings = findings;
  }
}

/** A checkpoint's interpretation and where each storage's raw bytes are. */
export interface LocatedCheckpoint {
  readonly format: 'pytorch-zip' | 'pytorch-legacy';
  readonly interpretation: StateDictInterpretation;
  readonly storages: ReadonlyMap<string, ByteSource>;
}

/** Largest prefix of a legacy file read to find its pickles (they precede the tensor data). */
const LEGACY_PICKLE_CAP = 256 * 1024 * 1024;
/** First prefix read; doubled while the pickles run past it (real ones are far smaller). */
const LEGACY_FIRST_READ = 1024 * 1024;

function storageError(message: string): MlsecError {
  return new MlsecError('SCAN_CONVERT_STORAGE_INVALID', message);
}

function byteLengthOf(s: { dtype: keyof typeof WRITABLE_DTYPES; numel: number }): number {
  return s.numel * WRITABLE_DTYPES[s.dtype];
}

function interpretOrThrow(bytes: Uint8Array, limits: Limits) {
  const result = interpretCheckpointPickle(bytes, limits);
  if (!result.ok) throw new ConvertRefusedError(result.refusal);
  return { value: result.value, end: result.end ?? bytes.length };
}

/** The one `<root>/data.pkl` of a torch zip checkpoint; PyTorch reads the first folder's. */
async function locateZip(zip: ZipArchive, limits: Limits): Promise<LocatedCheckpoint> {
  const pickles = zip.entries.filter((e) => /^[^/]+\/data\.pkl$/.test(e.name));
  const pkl = pickles[0];
  if (pkl === undefined || pickles.length > 1) {
    throw new MlsecError(
      'SCAN_CONVERT_NOT_CHECKPOINT',
      `the zip holds ${pickles.length} <root>/data.pkl members, not one`,
    );
  }
  const root = pkl.name.slice(0, -'data.pkl'.length);
  const byName = new Map(zip.entries.map((e) => [e.name, e]));
  const order = byName.get(`${root}byteorder`);
  if (order !== undefined) {
    const text = await readEntry(zip, order, { maxBytes: 64 });
    const value = text.ok ? new TextDecoder().decode(text.value).trim() : '';
    if (value === 'big') {
      throw new MlsecError('SCAN_CONVERT_BIG_ENDIAN', 'the checkpoint says its byteorder is big');
    }
    if (value !== 'little') throw storageError(`byteorder record is not "little" or "big"`);
  }
  const pickle = await readEntry(zip, pkl, { maxBytes: limits.maxBytes });
  if (!pickle.ok) {
    throw new ConvertRefusedError({ code: 'malformed', message: `${root}data.pkl cannot be read` });
  }
  const { value } = interpretOrThrow(pickle.value, limits);
  const storages = new Map<string, ByteSource>();
  for (const s of value.storages) {
    const name = `${root}data/${s.key}`;
    const entry = byName.get(name);
    if (entry === undefined) throw storageError(`storage record ${snippet(name)} is missing`);
    if (entry.method !== ZIP_METHOD.stored || entry.dataOffset === undefined) {
      throw storageError(`storage record ${snippet(name)} is compressed or unreadable`);
    }
    if (entry.uncompressedSize !== byteLengthOf(s) || entry.compressedSize !== byteLengthOf(s)) {
      throw storageError(
        `storage record ${snippet(name)} holds ${entry.uncompressedSize} bytes, not ${byteLengthOf(s)}`,
      );
    }
    if (entry.dataOffset + entry.compressedSize > zip.source.size) {
      throw storageError(`storage record ${snippet(name)} runs past the end of the file`);
    }
    storages.set(s.key, sliceSource(zip.source, entry.dataOffset, entry.compressedSize));
  }
  return { format: 'pytorch-zip', interpretation: value, storages };
}

/** Dict items of a plain pickled dict, as key/value pairs of its string keys. */
function dictEntries(value: PickleValue): Map<string, PickleValue> {
  const out = new Map<string, PickleValue>();
  if (value.kind !== 'dict') return out;
  for (let i = 0; i + 1 < value.items.length; i += 2) {
    const key = value.items[i];
    const item = value.items[i + 1];
    if (key?.kind === 'str' && item !== undefined) out.set(key.value, item);
  }
  return out;
}

/** One of the small pickles around the main one: same allow-list check, value returned. */
function sidePickle(bytes: Uint8Array, limits: Limits, what: string) {
  const evaluated = evaluatePickle(bytes, limits);
  if (!evaluated.ok) {
    const first = evaluated.issues.find((i) => i.fatal === true) ?? evaluated.issues[0];
    throw new ConvertRefusedError({
      code: 'malformed',
      message: `the ${what} cannot be read`,
      ...(first === undefined ? {} : { issue: first.code }),
    });
  }
  const refused = checkAnalysis(evaluated.value.analysis);
  if (refused !== undefined) throw new ConvertRefusedError(refused);
  return { root: evaluated.value.root, end: evaluated.value.analysis.end };
}

/**
 * Legacy torch.save (torch/serialization.py `_legacy_save`): magic number, protocol and sys_info
 * pickles, the main pickle, a pickle of the storage keys, then per key an int64 element count and the
 * raw bytes. The pickles are read from a bounded prefix of the file (1 MiB, doubled while they run past
 * it, at most 256 MiB); the tensor data is never loaded here.
 */
async function locateLegacy(source: ByteSource, limits: Limits): Promise<LocatedCheckpoint> {
  const most = Math.min(source.size, LEGACY_PICKLE_CAP, limits.maxBytes);
  let length = Math.min(most, LEGACY_FIRST_READ);
  for (;;) {
    try {
      return await legacyFromHead(source, await source.read(0, length), limits);
    } catch (error) {
      // A pickle cut off by the end of the prefix reads as truncated: read twice as much and retry.
      // Any other problem is the file's, and reading more would not change it.
      const cutOff =
        error instanceof ConvertRefusedError && error.refusal.issue === 'PICKLE_TRUNCATED';
      if (!cutOff || length >= most) throw error;
      length = Math.min(most, length * 2);
    }
  }
}

async function legacyFromHead(
  source: ByteSource,
  head: Uint8Array,
  limits: Limits,
): Promise<LocatedCheckpoint> {
  let at = 0;
  const magic = sidePickle(head, limits, 'magic number');
  const magicValue = magic.root.kind === 'int' ? magic.root.value : undefined;
  if (magicValue === undefined || BigInt(magicValue) !== 0x1950a86a20f9469cfc6cn) {
    throw new MlsecError('SCAN_CONVERT_NOT_CHECKPOINT', 'the legacy magic number is missing');
  }
  at += magic.end;
  at += sidePickle(head.subarray(at), limits, 'protocol version').end;
  const sysInfo = sidePickle(head.subarray(at), limits, 'sys_info');
  const little = dictEntries(sysInfo.root).get('little_endian');
  if (little?.kind === 'bool' && !little.value) {
    throw new MlsecError('SCAN_CONVERT_BIG_ENDIAN', 'the legacy checkpoint was written big-endian');
  }
  at += sysInfo.end;
  const main = interpretOrThrow(head.subarray(at), limits);
  at += main.end;
  const keys = sidePickle(head.subarray(at), limits, 'storage key list');
  at += keys.end;
  if (keys.root.kind !== 'list') throw storageError('the storage key list is not a list');
  const byKey = new Map(main.value.storages.map((s) => [s.key, s]));
  const storages = new Map<string, ByteSource>();
  for (const item of keys.root.items) {
    const key = item.kind === 'str' ? item.value : undefined;
    const s = key === undefined ? undefined : byKey.get(key);
    if (key === undefined || s === undefined || storages.has(key)) {
      throw storageError('the storage key list names a storage no tensor uses, or one twice');
    }
    const count = await source.read(at, 8);
    if (count.length !== 8) throw storageError(`storage ${snippet(key)} has no element count`);
    const numel = Buffer.from(count).readBigInt64LE(0);
    if (numel !== BigInt(s.numel)) {
      throw storageError(`storage ${snippet(key)} holds ${numel} elements, not ${s.numel}`);
    }
    at += 8;
    const length = byteLengthOf(s);
    if (at + length > source.size) throw storageError(`storage ${snippet(key)} runs past the end`);
    storages.set(key, sliceSource(source, at, length));
    at += length;
  }
  const missing = main.value.storages.find((s) => !storages.has(s.key));
  if (missing !== undefined) throw storageError(`storage ${snippet(missing.key)} has no record`);
  return { format: 'pytorch-legacy', interpretation: main.value, storages };
}

/**
 * Identify a checkpoint by content (a pickle starting with PROTO, or a zip found by its end records), interpret its pickle by
 * the allow-list and find each storage's bytes, checking their sizes. Throws ConvertRefusedError or an
 * MlsecError with a SCAN_CONVERT_* code; nothing is executed.
 */
export async function locateCheckpoint(
  source: ByteSource,
  limits: Limits,
): Promise<LocatedCheckpoint> {
  const start = await source.read(0, 1);
  if (start[0] === 0x80) return locateLegacy(source, limits);
  // Found by its end records, as torch's zip reader does: a prefix (a polyglot) does not hide it.
  const zip = await openZip(source, limits);
  if (zip.ok) return locateZip(zip.value, limits);
  throw new MlsecError(
    'SCAN_CONVERT_NOT_CHECKPOINT',
    'the input is neither a zip nor a pickle-based torch.save file',
  );
}
