import type { ManifestProgress } from '@mlsec/attest';
import type { CommandIo } from './io.ts';

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
 * A one-line hashing progress display on stderr (sign, verify), redrawn at most ten times a second;
 * silent unless stderr is a terminal, so logs and CI output stay clean.
 */
export function hashProgress(
  io: CommandIo,
  verb: string,
  enabled = true,
): { update(p: ManifestProgress): void; end(): void } {
  if (!enabled || !io.stderr.isTTY) return { update: () => undefined, end: () => undefined };
  let last = 0;
  let drawn = false;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 100 && p.bytesDone < p.bytesTotal) return;
      last = now;
      const pct = p.bytesTotal > 0 ? Math.floor((100 * p.bytesDone) / p.bytesTotal) : 100;
      const line = `${verb} ${p.filesDone}/${p.filesTotal} files, ${human(p.bytesDone)}/${human(p.bytesTotal)} (${pct}%)`;
      io.stderr.write(`\r\x1b[2K${line.slice(0, Math.max(20, (io.stderr.columns ?? 80) - 1))}`);
      drawn = true;
    },
    end() {
      if (drawn) io.stderr.write('\r\x1b[2K');
    },
  };
}
