/** Characters that build identifiers; spelling them with escapes only serves to hide a name. */
const IDENTIFIER_CHAR = /[A-Za-z0-9_.]/;

const SIMPLE: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\n': '',
};
const HEX_WIDTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/**
 * Decode the body of a Jinja string literal as jinja2 does (Python's `unicode-escape`: `\n`, `\xhh`,
 * `\uXXXX`, `\UXXXXXXXX`, octal, `\N{NAME}`; unknown escapes stay as written). `obfuscated` is true
 * when an escape spelled an identifier character (`'\x5f\x5fclass\x5f\x5f'` is `'__class__'`) or used
 * `\N{…}`, whose value we do not resolve: legitimate chat templates have no reason to do either.
 */
export function decodeJinjaString(body: string): { value: string; obfuscated: boolean } {
  let value = '';
  let obfuscated = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== '\\' || i + 1 >= body.length) {
      value += c;
      continue;
    }
    const e = body[i + 1] as string;
    const width = HEX_WIDTH[e];
    const octal = /^[0-7]{1,3}/.exec(body.slice(i + 1, i + 4))?.[0];
    let decoded: string | undefined;
    let used: number;
    if (
      width !== undefined &&
      /^[0-9a-fA-F]+$/.test(body.slice(i + 2, i + 2 + width)) &&
      body.length >= i + 2 + width
    ) {
      const code = parseInt(body.slice(i + 2, i + 2 + width), 16);
      decoded = code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
      used = 1 + width;
    } else if (octal) {
      decoded = String.fromCharCode(parseInt(octal, 8));
      used = octal.length;
    } else if (e === 'N' && body[i + 2] === '{') {
      const close = body.indexOf('}', i + 3);
      obfuscated = true;
      decoded = '\ufffd';
      used = close < 0 ? body.length - i - 1 : close - i;
    } else {
      value += SIMPLE[e] ?? `\\${e}`;
      i += 1;
      continue;
    }
    if (IDENTIFIER_CHAR.test(decoded)) obfuscated = true;
    value += decoded;
    i += used;
  }
  return { value, obfuscated };
}
