/** One member for buildTar(); fields may lie on purpose. */
export interface TarBuildEntry {
  readonly name: string;
  readonly data?: string | Uint8Array;
  /** Typeflag character; '0' by default. */
  readonly type?: string;
  readonly linkName?: string;
  /** ustar prefix field. */
  readonly prefix?: string;
  /** Write the name as a GNU 'L' long-name record first (and the link as 'K'). */
  readonly gnuLong?: boolean;
  /** A pax 'x' header to write first. */
  readonly pax?: Readonly<Record<string, string>>;
  /** Size field written instead of the real one. */
  readonly size?: number;
  /** Write the size in base-256. */
  readonly base256?: boolean;
  /** Add this to the correct checksum. */
  readonly checksumDelta?: number;
}

const bytes = (v: string | Uint8Array | undefined): Uint8Array =>
  typeof v === 'string' ? Buffer.from(v, 'utf8') : (v ?? new Uint8Array(0));

function octal(block: Uint8Array, at: number, length: number, value: number): void {
  Buffer.from(value.toString(8).padStart(length - 1, '0') + '\0', 'latin1').copy(block, at);
}

function header(e: TarBuildEntry, name: string, type: string, size: number): Uint8Array {
  const block = new Uint8Array(512);
  Buffer.from(name, 'utf8')
    .subarray(0, 100)
    .forEach((b, i) => (block[i] = b));
  octal(block, 100, 8, 0o644);
  octal(block, 108, 8, 0);
  octal(block, 116, 8, 0);
  if (e.base256) {
    block[124] = 0x80;
    new DataView(block.buffer).setBigUint64(124 + 4, BigInt(size));
  } else {
    octal(block, 124, 12, size);
  }
  octal(block, 136, 12, 0);
  block[156] = type.charCodeAt(0);
  Buffer.from(e.linkName ?? '', 'utf8')
    .subarray(0, 100)
    .forEach((b, i) => (block[157 + i] = b));
  Buffer.from('ustar\x0000', 'latin1').copy(block, 257);
  Buffer.from(e.prefix ?? '', 'utf8')
    .subarray(0, 155)
    .forEach((b, i) => (block[345 + i] = b));
  block.fill(0x20, 148, 156);
  const sum = block.reduce((a, b) => a + b, 0) + (e.checksumDelta ?? 0);
  Buffer.from(sum.toString(8).padStart(6, '0') + '\0 ', 'latin1').copy(block, 148);
  return block;
}

function padded(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(data.length / 512) * 512);
  out.set(data);
  return out;
}

/** A pax record "LEN key=value\n", where LEN counts itself. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length += 1;
  return `${length}${body}`;
}

/** Build a tar archive in memory; ends with two zero blocks unless `endBlocks` says otherwise. */
export function buildTar(
  entries: readonly TarBuildEntry[],
  options: { endBlocks?: number } = {},
): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const e of entries) {
    const data = bytes(e.data);
    if (e.pax) {
      const body = Buffer.from(
        Object.entries(e.pax)
          .map(([k, v]) => paxRecord(k, v))
          .join(''),
        'utf8',
      );
      parts.push(header({ name: 'pax' }, 'PaxHeader', 'x', body.length), padded(body));
    }
    if (e.gnuLong) {
      const long = Buffer.from(`${e.name}\0`, 'utf8');
      parts.push(header({ name: 'L' }, '././@LongLink', 'L', long.length), padded(long));
      if (e.linkName) {
        const link = Buffer.from(`${e.linkName}\0`, 'utf8');
        parts.push(header({ name: 'K' }, '././@LongLink', 'K', link.length), padded(link));
      }
    }
    parts.push(header(e, e.name, e.type ?? '0', e.size ?? data.length), padded(data));
  }
  parts.push(new Uint8Array(512 * (options.endBlocks ?? 2)));
  return new Uint8Array(Buffer.concat(parts));
}
