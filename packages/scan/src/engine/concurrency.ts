/**
 * Run `fn` over `items` with at most `limit` calls in flight, in order of start. Scanning many small files
 * is dominated by I/O round trips; overlapping a few of them keeps the CPU busy.
 */
export async function forEachConcurrent<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
}

/** How many files one thread scans at once: enough to hide I/O latency, few enough to bound memory. */
export const FILES_IN_FLIGHT = 8;
