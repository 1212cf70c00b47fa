/**
 * ANSI (ECMA-48) escape sequences as terminals and IPython tracebacks write them: CSI sequences
 * (ESC [ or the 8-bit CSI U+009B, parameter bytes 0x30–0x3F, intermediate bytes 0x20–0x2F, a final
 * byte 0x40–0x7E), OSC strings (ESC ] … ended by BEL or ESC \, e.g. hyperlinks), other two-byte
 * escapes (ESC + 0x40–0x5F), and a lone ESC left over. Each alternative is linear: no nested repeats.
 */
const ANSI =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /\u001b\[[0-?]*[ -/]*[@-~]|\u009b[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-_]?/g;

/** `text` without ANSI escape sequences (colours, cursor moves, OSC hyperlinks). */
export function stripAnsi(text: string): string {
  return text.includes('\u001b') || text.includes('\u009b') ? text.replace(ANSI, '') : text;
}

/**
 * stripAnsi's result and, for each of its characters, the index of that character in `text` (so a
 * span found in the stripped text can be mapped back, e.g. to redact it in the original string).
 */
export function stripAnsiMapped(text: string): { readonly text: string; readonly map: number[] } {
  const map: number[] = [];
  const kept: string[] = [];
  let from = 0;
  const keep = (end: number): void => {
    for (let i = from; i < end; i++) map.push(i);
    kept.push(text.slice(from, end));
  };
  if (text.includes('\u001b') || text.includes('\u009b')) {
    for (const match of text.matchAll(ANSI)) {
      keep(match.index);
      from = match.index + match[0].length;
    }
  }
  keep(text.length);
  return { text: kept.join(''), map };
}
