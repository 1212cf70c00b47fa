import { MlsecError, memorySource, sliceSource, snippet } from '@mlsec/core';
import type { ByteSource, Limits } from '@mlsec/core';
import { checkMemberName, entrySource, parseNpy, readEntry, ZIP_METHOD } from '@mlsec/formats';
import type { NpyHeader, ZipArchive, ZipEntry } from '@mlsec/formats';
import { byteSwapped } from './byte-swap.ts';
import { ConvertRefusedError } from './checkpoint-source.ts';
import type { ConvertPlan } from './convert-plan.ts';
import type { RefusalCode } from './interpret-types.ts';
import { numpyDtype } from './numpy-dtype.ts';
import type { NumpyDtype } from './numpy-dtype.ts';
import { WRITABLE_DTYPES } from './tensor-input.ts';
import type { TensorInput, TensorSink } from './tensor-input.ts';
import { checkView, viewTensor } from './tensor-view.ts';

function refuse(code: RefusalCode, message: string, offset?: number): never {
  throw new ConvertRefusedError(
    offset === undefined ? { code, message } : { code, message, offset },
  );
}

/** Strides in elements of a C-order (row-major) or Fortran-order (column-major) array. */
function strides(shape: readonly number[], fortran: boolean): number[] {
  const out = new Array<number>(shape.length).fill(0);
  let step = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = fortran ? i : shape.length - 1 - i;
    out[d] = step;
    step *= shape[d] ?? 0;
  }
  return out;
}

/** A parsed .npy header that checkNpy() accepted, with its dtype and exact data length. */
interface CheckedNpy {
  readonly header: NpyHeader;
  readonly dtype: NumpyDtype;
  readonly byteLength: number;
}

/**
 * Check a parsed header as np.load would read it (numpy/lib/format.py `read_array`): a plain type
 * string numpy can map, never objects, and exactly shape x itemsize bytes of data after the header.
 * `what` names the array in messages ('the array', 'member "w.npy"').
 */
function checkNpy(header: NpyHeader, what: string): CheckedNpy {
  if (header.hasObjects) {
    refuse('not-allowed', `${what} holds Python objects (np.load would unpickle its data)`);
  }
  if (header.descr.kind !== 'str') {
    refuse(
      'unsupported',
      `${what} has a structured or subarray dtype (${snippet(header.descrText, 60)})`,
    );
  }
  const dtype = numpyDtype(header.descr.value);
  if (!dtype.ok) refuse(dtype.refusal.code, `${what}: ${dtype.refusal.message}`);
  const elements = header.shape.reduce((n, d) => n * BigInt(d), 1n);
  const needed = elements * BigInt(WRITABLE_DTYPES[dtype.dtype]);
  if (needed > BigInt(header.dataLength)) {
    throw new MlsecError(
      'SCAN_CONVERT_STORAGE_INVALID',
      `${what} needs ${needed} bytes of data but ${header.dataLength} follow its header`,
    );
  }
  if (needed < BigInt(header.dataLength)) {
    refuse(
      'malformed',
      `${what} has ${BigInt(header.dataLength) - needed} bytes after its data (shape x itemsize is ${needed})`,
      header.dataOffset + Number(needed),
    );
  }
  return { header, dtype, byteLength: Number(needed) };
}

/**
 * The tensor of a checked .npy whose bytes `data(0)` reads from the data offset on: a Fortran-order
 * array is materialised in C order (column-major strides through viewTensor), a big-endian one
 * byte-swapped as it streams.
 */
function npyTensor(name: string, npy: CheckedNpy, data: ByteSource): TensorInput {
  const { header, dtype } = npy;
  const numel = npy.byteLength / WRITABLE_DTYPES[dtype.dtype];
  const descriptor = {
    name,
    dtype: dtype.dtype,
    shape: header.shape,
    stride: strides(header.shape, header.fortranOrder),
    storageKey: name,
    storageOffset: 0,
    storageDtype: dtype.dtype,
    storageNumel: numel,
  };
  const tensor = viewTensor(name, descriptor, data, checkView(descriptor));
  return dtype.bigEndian ? byteSwapped(tensor, WRITABLE_DTYPES[dtype.dtype]) : tensor;
}

async function headerOf(source: ByteSource, limits: Limits, what: string): Promise<NpyHeader> {
  const parsed = await parseNpy(source, limits);
  // A repeated header key is read as its last value by Python, but two readers may disagree.
  const problem = parsed.issues.find((i) => i.fatal === true || i.code === 'NUMPY_DUPLICATE_KEY');
  if (!parsed.ok || problem !== undefined) {
    const first = problem ?? parsed.issues[0];
    refuse(
      'malformed',
      `${what} is not a readable .npy: ${first?.message ?? 'no header'}`,
      first?.offset,
    );
  }
  return parsed.value;
}

/**
 * Plan a NumPy .npy file: one tensor named `stem`. The header is read by formats' literal parser
 * (never evaluated); the data must be exactly shape x itemsize bytes. Throws ConvertRefusedError
 * (objects: not-allowed; complex, strings, structured: unsupported; trailing data: malformed) or
 * SCAN_CONVERT_STORAGE_INVALID (short data).
 */
export async function planNpy(
  source: ByteSource,
  limits: Limits,
  stem: string,
): Promise<ConvertPlan> {
  const npy = checkNpy(await headerOf(source, limits, 'the array'), 'the array');
  const data = sliceSource(source, npy.header.dataOffset, npy.byteLength);
  return { format: 'npy', tensors: [npyTensor(stem, npy, data)], tied: new Map(), notices: [] };
}

/** A deflated member's bytes, inflated within its declared size and the limit (size and CRC checked). */
async function inflated(zip: ZipArchive, entry: ZipEntry, what: string): Promise<Uint8Array> {
  const result = await readEntry(zip, entry, { maxBytes: entry.uncompressedSize });
  const problem = result.issues[0];
  if (!result.ok || problem !== undefined) {
    refuse(
      'malformed',
      `${what} cannot be inflated: ${problem?.message ?? 'unreadable'}`,
      entry.dataOffset,
    );
  }
  return result.value;
}

/** One `.npy` member as a tensor; stored members stream from the archive, deflated ones are inflated. */
async function memberTensor(
  zip: ZipArchive,
  entry: ZipEntry,
  name: string,
  limits: Limits,
): Promise<TensorInput> {
  const what = `member "${snippet(entry.name)}"`;
  const issue = entry.issues[0];
  if (issue !== undefined) refuse('malformed', `${what}: ${issue.message}`, issue.offset);
  if (entry.method === ZIP_METHOD.stored) {
    const source = entrySource(zip, entry);
    if (source === undefined || entry.compressedSize !== entry.uncompressedSize) {
      refuse('malformed', `${what} is stored but its sizes or local header do not agree`);
    }
    if ((entry.dataOffset ?? 0) + entry.compressedSize > zip.source.size) {
      throw new MlsecError('SCAN_CONVERT_STORAGE_INVALID', `${what} runs past the end of the file`);
    }
    const npy = checkNpy(await headerOf(source, limits, what), what);
    return npyTensor(name, npy, sliceSource(source, npy.header.dataOffset, npy.byteLength));
  }
  if (entry.method !== ZIP_METHOD.deflate) {
    refuse('unsupported', `${what} uses compression method ${entry.method}, not stored or deflate`);
  }
  if (entry.uncompressedSize > limits.maxDecompressedBytes) {
    refuse(
      'unsupported',
      `${what} inflates to ${entry.uncompressedSize} bytes, over the limit of ${limits.maxDecompressedBytes}`,
    );
  }
  // Inflated here to read and check the header, then dropped; each write inflates it again, so at
  // most one member's bytes are in memory at a time.
  const npy = checkNpy(
    await headerOf(memorySource(await inflated(zip, entry, what)), limits, what),
    what,
  );
  const facts = npyTensor(name, npy, memorySource(new Uint8Array(0)));
  return {
    name: facts.name,
    dtype: facts.dtype,
    shape: facts.shape,
    byteLength: facts.byteLength,
    async write(sink: TensorSink): Promise<void> {
      const bytes = memorySource(await inflated(zip, entry, what));
      const data = sliceSource(bytes, npy.header.dataOffset, npy.byteLength);
      await npyTensor(name, npy, data).write(sink);
    },
  };
}

/**
 * Plan a NumPy .npz (np.savez / np.savez_compressed): one tensor per `<name>.npy` member, named
 * `<name>`, in member order. Other members are left out with a notice; unsafe or repeated member
 * names, damaged members and sizes that lie are refused as malformed, an object member as
 * not-allowed (naming it). Stored members stream from the file; a deflated member is held in memory
 * one at a time (within its declared size and `limits.maxDecompressedBytes`).
 */
export async function planNpz(zip: ZipArchive, limits: Limits): Promise<ConvertPlan> {
  const tensors: TensorInput[] = [];
  const notices: string[] = [];
  const seen = new Set<string>();
  let inflatedTotal = 0;
  for (const entry of zip.entries) {
    const unsafe = checkMemberName(entry.name)[0];
    if (unsafe !== undefined) refuse('malformed', unsafe.message, entry.localHeaderOffset);
    if (seen.has(entry.name)) {
      refuse('malformed', `member "${snippet(entry.name)}" appears twice`, entry.localHeaderOffset);
    }
    seen.add(entry.name);
    if (entry.isDirectory || !entry.name.endsWith('.npy')) {
      notices.push(`member ${snippet(entry.name)} is not a .npy array and was left out`);
      continue;
    }
    if (entry.method !== ZIP_METHOD.stored) {
      inflatedTotal += entry.uncompressedSize;
      if (inflatedTotal > limits.maxDecompressedBytes) {
        refuse(
          'unsupported',
          `the deflated members pass the limit of ${limits.maxDecompressedBytes} bytes`,
        );
      }
    }
    tensors.push(await memberTensor(zip, entry, entry.name.slice(0, -'.npy'.length), limits));
  }
  return { format: 'npz', tensors, tied: new Map(), notices };
}
