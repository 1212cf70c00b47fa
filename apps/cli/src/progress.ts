import type { ScanProgress } from '@mlsec/scan';
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
 * A one-line progress display on stderr, redrawn at most ten times a second; silent unless stderr is a
 * terminal (so logs and CI output stay clean) or the user asked for --no-progress.
 */
export function progressReporter(
  io: CommandIo,
  enabled: boolean,
): { update(p: ScanProgress): void; end(): void } {
  if (!enabled || !io.stderr.isTTY) return { update: () => undefined, end: () => undefined };
  let last = 0;
  let drawn = false;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 100 && p.done < p.total) return;
      last = now;
      const width = Math.max(20, (io.stderr.columns ?? 80) - 1);
      const pct = p.bytesTotal > 0 ? Math.floor((100 * p.bytesDone) / p.bytesTotal) : 100;
      const line = `scanning ${p.done}/${p.total} files, ${human(p.bytesDone)}/${human(p.bytesTotal)} (${pct}%) ${p.path}`;
      io.stderr.write(`\r\x1b[2K${line.slice(0, width)}`);
      drawn = true;
    },
    end() {
      if (drawn) io.stderr.write('\r\x1b[2K');
    },
  };
}
