/** Bytes as Latin-1 text: enough to find ASCII keys without decoding (or failing on) UTF-8. */
const latin1 = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');

/**
 * True when a file's first and last bytes (identify()'s `head` and `tail`) look like a Jupyter
 * notebook, whatever its name: a JSON object with an `nbformat` number and a `cells` (v4) or
 * `worksheets` (v3) array. Writers sort the keys (nbformat, Jupyter, VS Code), so `cells` opens the
 * file and `nbformat` closes it; both ends are searched. identify() itself still says 'json': the
 * scanner asks this when it wants to treat a JSON file as a notebook.
 */
export function looksLikeNotebook(head: Uint8Array, tail: Uint8Array): boolean {
  const start = latin1(head.subarray(0, 4096));
  if (!/^(?:\xef\xbb\xbf)?\s*\{/.test(start)) return false;
  const ends = `${start}\n${latin1(tail.subarray(Math.max(0, tail.length - 4096)))}`;
  return /"nbformat"\s*:\s*\d/.test(ends) && /"(?:cells|worksheets)"\s*:\s*\[/.test(ends);
}
