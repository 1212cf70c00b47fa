import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { DEFAULT_LIMITS, memorySource } from '@mlsec/core';
import type { ByteSource, Limits } from '@mlsec/core';
import { IDENTIFY_HEAD_BYTES, IDENTIFY_TAIL_BYTES, crc32, identify } from '@mlsec/formats';
import type { FormatId } from '@mlsec/formats';
import type { Detector, ReportInput, ScanBudget, ScanContext } from '../engine/context.ts';
import { ARCHIVE_RULES } from '../rules/archive.ts';
import { NEUTRAL_POLICY, runDetector } from './run-detector.ts';

/** One zip member for zipOf(); the optional fields lie on purpose. */
export interface ZipMember {
  readonly name: string;
  readonly data?: Uint8Array | string;
  /** 0 stored (default) or 8 deflate; other values are written as stored bytes with that method. */
  readonly method?: number;
  readonly flags?: number;
  readonly localName?: string;
  readonly uncompressedSize?: number;
}

/** Strings are member data one byte per character (so pickle opcodes like \x80 stay single bytes). */
const asBytes = (v: Uint8Array | string | undefined): Buffer =>
  typeof v === 'string' ? Buffer.from(v, 'latin1') : Buffer.from(v ?? new Uint8Array(0));

function le(values: readonly [number, 2 | 4][]): Buffer {
  const out = Buffer.alloc(values.reduce((n, [, size]) => n + size, 0));
  let at = 0;
  for (const [value, size] of values) {
    if (size === 2) out.writeUInt16LE(value, at);
    else out.writeUInt32LE(value >>> 0, at);
    at += size;
  }
  return out;
}

/** A zip archive (APPNOTE 6.3.10) built in memory, optionally after `prefix` bytes (offsets not adjusted). */
export function zipOf(
  members: readonly ZipMember[],
  prefix: Uint8Array = new Uint8Array(0),
): Uint8Array {
  const body: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const data = asBytes(m.data);
    const name = Buffer.from(m.name);
    const local = m.localName === undefined ? name : Buffer.from(m.localName);
    const method = m.method ?? 0;
    const stored = method === 8 ? deflateRawSync(data) : data;
    const crc = crc32(data);
    const size = m.uncompressedSize ?? data.length;
    // Non-ASCII names get the UTF-8 flag (bit 11), as Python's zipfile writes them.
    const flags = m.flags ?? (name.length === m.name.length ? 0 : 0x800);
    const fields = (n: Buffer): [number, 2 | 4][] => [
      [flags, 2],
      [method, 2],
      [0, 4],
      [crc, 4],
      [stored.length, 4],
      [size, 4],
      [n.length, 2],
      [0, 2],
    ];
    const header = Buffer.concat([le([[0x04034b50, 4], [20, 2], ...fields(local)]), local, stored]);
    body.push(header);
    central.push(
      le([
        [0x02014b50, 4],
        [20, 2],
        [20, 2],
        ...fields(name),
        [0, 2],
        [0, 2],
        [0, 2],
        [0, 4],
        [offset, 4],
      ]),
      name,
    );
    offset += header.length;
  }
  const cd = Buffer.concat(central);
  const end = le([
    [0x06054b50, 4],
    [0, 2],
    [0, 2],
    [members.length, 2],
    [members.length, 2],
    [cd.length, 4],
    [offset, 4],
    [0, 2],
  ]);
  return new Uint8Array(Buffer.concat([prefix, ...body, cd, end]));
}

/** A ustar archive built in memory; `type` is the typeflag ('0' file, '2' symlink, …). */
export function tarOf(
  members: readonly {
    name: string;
    data?: string | Uint8Array;
    type?: string;
    linkName?: string;
  }[],
): Uint8Array {
  const parts: Buffer[] = [];
  for (const m of members) {
    const data = asBytes(m.data);
    const block = Buffer.alloc(512);
    block.write(m.name, 0, 100, 'utf8');
    block.write('0000644\0', 100, 'latin1');
    block.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
    block.write(m.type ?? '0', 156, 'latin1');
    block.write(m.linkName ?? '', 157, 100, 'utf8');
    block.write('ustar\x0000', 257, 'latin1');
    block.fill(0x20, 148, 156);
    const sum = block.reduce((a, b) => a + b, 0);
    block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
    parts.push(block, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return new Uint8Array(Buffer.concat(parts));
}

/** A report with the member chain it was made at (outermost first). */
export interface TreeReport extends ReportInput {
  readonly chain: readonly string[];
}

/**
 * A miniature engine for detector tests: identifies each artifact by content, runs the detectors for
 * its format, recurses through scanNested with ONE shared budget (as the real engine does per top-level
 * file) and records every report with its member chain and every artifact reached.
 */
export async function scanTree(
  bytes: Uint8Array,
  detectors: readonly Detector[],
  limits: Limits = DEFAULT_LIMITS,
): Promise<{
  reports: TreeReport[];
  artifacts: { chain: string[]; format: string; bytes: Uint8Array }[];
}> {
  const reports: TreeReport[] = [];
  const artifacts: { chain: string[]; format: string; bytes: Uint8Array }[] = [];
  const budget: ScanBudget = { decompressed: limits.maxDecompressedBytes };
  const visit = async (source: ByteSource, chain: string[], depth: number): Promise<void> => {
    const head = await source.read(0, Math.min(source.size, IDENTIFY_HEAD_BYTES));
    const tailLength = Math.min(source.size, IDENTIFY_TAIL_BYTES);
    const tail = await source.read(source.size - tailLength, tailLength);
    const format = identify(head, tail, source.size);
    artifacts.push({ chain, format, bytes: await source.read(0, source.size) });
    const ctx: ScanContext = {
      location: { path: 'artifact', ...(chain.length ? { member: chain } : {}) },
      source,
      format,
      limits,
      policy: NEUTRAL_POLICY,
      depth,
      budget,
      settings: {},
      report: (input) => reports.push({ ...input, chain: [...chain, ...(input.member ?? [])] }),
      scanNested: (name, child) =>
        depth + 1 > limits.maxDepth ? Promise.resolve() : visit(child, [...chain, name], depth + 1),
    };
    for (const detector of detectors)
      if (detector.formats.includes(format)) await detector.run(ctx);
  };
  await visit(memorySource(bytes), [], 0);
  return { reports, artifacts };
}

const ARCHIVE_RULE_IDS = new Set(ARCHIVE_RULES.map((r) => r.id));

/** Run an archive detector (zip, tar, compressed) on `bytes`; it may report archive rules only. */
export async function runArchiveDetector(
  detector: Detector,
  bytes: Uint8Array,
  format: FormatId,
  limits: Limits = DEFAULT_LIMITS,
): ReturnType<typeof runDetector> {
  const result = await runDetector(detector, bytes, { format, limits });
  for (const r of result.reports)
    assert.ok(ARCHIVE_RULE_IDS.has(r.ruleId), `unknown rule ${r.ruleId}`);
  return result;
}

/** The distinct rule ids of `reports`, sorted. */
export function ruleIds(reports: readonly { ruleId: string }[]): string[] {
  return [...new Set(reports.map((r) => r.ruleId))].sort();
}
