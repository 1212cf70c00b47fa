/**
 * Terminal-safe text: every string a renderer prints may come from an artifact (member names, messages,
 * evidence), so control characters are escaped before anything reaches a terminal or a SARIF viewer.
 * Widths are counted in terminal columns, not UTF-16 units, so CJK text and emoji line up.
 */

/** True for code points that must never be printed raw: they move the cursor, start escape sequences,
 * break lines or reorder text (Trojan Source, CVE-2021-42574). */
function isUnsafe(cp: number): boolean {
  return (
    cp < 0x20 ||
    (cp >= 0x7f && cp < 0xa0) ||
    cp === 0x200e ||
    cp === 0x200f ||
    (cp >= 0x2028 && cp <= 0x202e) ||
    (cp >= 0x2066 && cp <= 0x2069) ||
    (cp >= 0xd800 && cp <= 0xdfff) // a lone surrogate (pairs arrive as one astral code point)
  );
}

/**
 * Escape control, line-breaking and bidi characters the way JSON does (`\n`, `\u001b`); printable
 * Unicode stays intact. Backslashes are left alone: messages were already escaped by `snippet()`, and
 * escaping twice would garble them.
 */
export function safeText(value: string): string {
  let out = '';
  for (const ch of value) {
    const cp = ch.codePointAt(0) ?? 0;
    if (!isUnsafe(cp)) out += ch;
    else if (cp === 0x0a) out += '\\n';
    else if (cp === 0x0d) out += '\\r';
    else if (cp === 0x09) out += '\\t';
    else out += `\\u${cp.toString(16).padStart(4, '0')}`;
  }
  return out;
}

/** Columns a code point takes in a terminal: 0 for combining marks, 2 for wide (East Asian, emoji). */
function columns(cp: number): number {
  if (
    (cp >= 0x0300 && cp <= 0x036f) ||
    (cp >= 0x1ab0 && cp <= 0x1aff) ||
    (cp >= 0x1dc0 && cp <= 0x1dff) ||
    (cp >= 0x20d0 && cp <= 0x20ff) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xfe20 && cp <= 0xfe2f) ||
    cp === 0x200b ||
    cp === 0x200d
  ) {
    return 0;
  }
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f680 && cp <= 0x1f6ff) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x1fa70 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

/** Terminal columns `text` occupies (text without escape sequences). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += columns(ch.codePointAt(0) ?? 0);
  return width;
}

/** Cut `text` to at most `width` columns, ending in '…' when something was cut. */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = columns(ch.codePointAt(0) ?? 0);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return width >= 1 ? `${out}…` : '';
}

/**
 * Split one word that is wider than `width` into pieces that fit, breaking after a '/' when the piece
 * has one (paths stay readable: `models/` then `weights.pkl`), else at the width.
 */
function hardBreak(word: string, width: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const ch of word) {
    if (piece !== '' && displayWidth(piece + ch) > width) {
      const slash = piece.lastIndexOf('/');
      const cut = slash > 0 && slash < piece.length - 1 ? slash + 1 : piece.length;
      pieces.push(piece.slice(0, cut));
      piece = piece.slice(cut);
      if (piece !== '' && displayWidth(piece + ch) > width) {
        pieces.push(piece); // a wide character after the slash: the tail cannot take it either
        piece = '';
      }
    }
    piece += ch;
  }
  if (piece !== '') pieces.push(piece);
  return pieces;
}

/**
 * Word-wrap `text` into lines of at most `width` columns (words wider than a line are broken), keeping at
 * most `maxLines`; the last kept line ends in '…' when lines were dropped. Always returns one line at least.
 * (The one exception to the width: a two-column character cannot fit a one-column line.)
 */
export function wrap(
  text: string,
  width: number,
  maxLines: number = Number.POSITIVE_INFINITY,
): string[] {
  const w = Math.max(1, Math.floor(width));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter((part) => part !== '')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (displayWidth(candidate) <= w) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    const pieces = displayWidth(word) > w ? hardBreak(word, w) : [word];
    lines.push(...pieces.slice(0, -1));
    line = pieces.at(-1) ?? '';
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, Math.max(1, maxLines));
  const last = kept.length - 1;
  const tail = kept[last] ?? '';
  // Mark the cut: ' …' when it fits, otherwise the line's last column becomes '…'.
  kept[last] = displayWidth(tail) + 2 <= w ? `${tail} …` : truncate(`${tail}……`, w);
  return kept;
}

/** Code-unit order, the same on every machine (localeCompare depends on the locale). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
