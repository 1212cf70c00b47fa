import type { ManifestProgress } from '@mlsec/attest';
import type { BlobCheckProgress } from '@mlsec/registry';
import type { ConvertProgress, ScanProgress } from '@mlsec/scan';
import type { CommandIo } from './io.ts';

/** A progress display: feed it updates, call end() before printing anything else. */
export interface Progress<P> {
  update(p: P): void;
  end(): void;
}

function human(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/**
 * One line on stderr, redrawn at most ten times a second (and always on the last update); silent unless
 * stderr is a terminal, so logs and CI output stay clean, or when the user asked for quiet.
 */
function oneLine<P>(
  io: CommandIo,
  enabled: boolean,
  format: (p: P) => { line: string; last: boolean },
): Progress<P> {
  if (!enabled || !io.stderr.isTTY) return { update: () => undefined, end: () => undefined };
  let shownAt = 0;
  let drawn = false;
  return {
    update(p) {
      const { line, last } = format(p);
      const now = Date.now();
      if (now - shownAt < 100 && !last) return;
      shownAt = now;
      io.stderr.write(`\r\x1b[2K${line.slice(0, Math.max(20, (io.stderr.columns ?? 80) - 1))}`);
      drawn = true;
    },
    end() {
      if (drawn) io.stderr.write('\r\x1b[2K');
    },
  };
}

function counts(
  filesDone: number,
  filesTotal: number,
  bytesDone: number,
  bytesTotal: number,
): string {
  const pct = bytesTotal > 0 ? Math.floor((100 * bytesDone) / bytesTotal) : 100;
  return `${filesDone}/${filesTotal} files, ${human(bytesDone)}/${human(bytesTotal)} (${pct}%)`;
}

/** `mlsec scan`'s progress: files and bytes scanned, and the current path. */
export function progressReporter(io: CommandIo, enabled: boolean): Progress<ScanProgress> {
  return oneLine(io, enabled, (p) => ({
    line: `scanning ${counts(p.done, p.total, p.bytesDone, p.bytesTotal)} ${p.path}`,
    last: p.done >= p.total,
  }));
}

/** Hashing progress for sign, verify and provenance: `<verb> 3/10 files, 1.2 GB/4.0 GB (30%)`. */
export function hashProgress(
  io: CommandIo,
  verb: string,
  enabled = true,
): Progress<ManifestProgress> {
  return oneLine(io, enabled, (p) => ({
    line: `${verb} ${counts(p.filesDone, p.filesTotal, p.bytesDone, p.bytesTotal)}`,
    last: p.bytesDone >= p.bytesTotal,
  }));
}

/** `mlsec registry audit verify`'s blob re-hash: `re-hashing blobs 3/10, 1.2 GB/4.0 GB (30%)`. */
export function blobProgress(io: CommandIo, enabled = true): Progress<BlobCheckProgress> {
  return oneLine(io, enabled, (p) => {
    const pct = p.bytesTotal > 0 ? Math.floor((100 * p.bytesDone) / p.bytesTotal) : 100;
    return {
      line: `re-hashing blobs ${p.blobsDone}/${p.blobsTotal}, ${human(p.bytesDone)}/${human(p.bytesTotal)} (${pct}%)`,
      last: p.blobsDone >= p.blobsTotal,
    };
  });
}

/** `mlsec convert`'s progress: `writing model.safetensors 1.2 GB/4.0 GB (30%)`, then `verifying ...`. */
export function convertProgress(
  io: CommandIo,
  name: string,
  enabled = true,
): Progress<ConvertProgress> {
  return oneLine(io, enabled, (p) => {
    const pct = p.bytesTotal > 0 ? Math.floor((100 * p.bytesDone) / p.bytesTotal) : 100;
    const verb = p.stage === 'write' ? 'writing' : 'verifying';
    return {
      line: `${verb} ${name} ${human(p.bytesDone)}/${human(p.bytesTotal)} (${pct}%)`,
      last: p.bytesDone >= p.bytesTotal,
    };
  });
}
