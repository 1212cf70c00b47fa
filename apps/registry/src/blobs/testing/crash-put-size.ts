/** How many MiB crash-put.ts streams before it waits to be killed. */
export const CRASH_PUT_MIB = 17;
