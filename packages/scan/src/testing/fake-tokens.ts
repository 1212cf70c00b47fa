/**
 * Fake credentials for tests, assembled at run time from a seeded generator and split prefixes, so no
 * file in the repository holds anything that looks like a live credential to other scanners.
 */
export const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const HEX = '0123456789abcdef';
export const UPPER_BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** `length` characters of `alphabet`, the same for the same seed. */
export function fake(alphabet: string, length: number, seed: number): string {
  let x = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out += alphabet[(x >>> 16) % alphabet.length];
  }
  return out;
}

/** Join parts, so a token's prefix never appears whole in the source. */
export const join = (...parts: string[]): string => parts.join('');

/** Replace every `@@NAME@@` marker of `text` with `values[NAME]`; an unknown marker is an error. */
export function fillMarkers(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/@@([A-Z0-9_]+)@@/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for marker ${name}`);
    return value;
  });
}
