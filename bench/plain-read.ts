import { closeSync, openSync, readSync } from 'node:fs';

/** The baseline of the throughput benches: read every byte of every file once, 1 MB at a time. */
export function plainRead(files: readonly string[]): number {
  const buffer = Buffer.allocUnsafe(1024 * 1024);
  let total = 0;
  for (const file of files) {
    const fd = openSync(file, 'r');
    try {
      for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) total += n;
    } finally {
      closeSync(fd);
    }
  }
  return total;
}
