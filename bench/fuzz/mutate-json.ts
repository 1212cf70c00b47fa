import { mutate, type Prng } from './mutate.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Values of the wrong type or size for any field: what a hostile producer writes into valid JSON. */
const ODD_VALUES: readonly Json[] = [
  null,
  true,
  0,
  -1,
  1.5,
  2 ** 53 + 1,
  1e308,
  '',
  ' ',
  '0',
  'x'.repeat(4096),
  '../../etc/passwd',
  '\u0000',
  '\ud800',
  [],
  [null],
  {},
  { '': '' },
];
const BASE64 = /^[A-Za-z0-9+/]{8,}={0,2}$/;

/**
 * One structure-aware mutation of a JSON document (bytes that are not JSON are left to the byte
 * mutator): a value replaced by an odd one or by another value of the same document, a key removed,
 * added or renamed, an array entry repeated or dropped, or the bytes behind a base64 string (a DER
 * certificate, a signature, a DSSE payload) mutated and re-encoded, so that the checks behind the JSON
 * parser, and the parsers of what the base64 holds, get inputs they can read.
 */
export function mutateJson(input: Uint8Array, rng: Prng, other: Uint8Array): Uint8Array {
  const doc = parse(input);
  if (doc === undefined) return mutate(input, rng, other, 512 * 1024);
  const donor = parse(other) ?? doc;
  const rounds = 1 + rng.below(3);
  let out = doc;
  for (let r = 0; r < rounds; r++) out = edit(out, rng, donor);
  const text = rng.below(4) === 0 ? JSON.stringify(out, null, 2) : JSON.stringify(out);
  return new TextEncoder().encode(text);
}

function parse(bytes: Uint8Array): Json | undefined {
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as Json;
  } catch {
    return undefined;
  }
}

/** Every value in the document, so one can be picked uniformly. */
function nodes(value: Json, out: Json[] = []): Json[] {
  out.push(value);
  if (Array.isArray(value)) for (const v of value) nodes(v, out);
  else if (value !== null && typeof value === 'object')
    for (const v of Object.values(value)) nodes(v, out);
  return out;
}

function pick<T>(list: readonly T[], rng: Prng): T | undefined {
  return list[rng.below(list.length)];
}

/** Replace one value of `doc` (picked uniformly, in document order) with `change(value)`. */
function edit(doc: Json, rng: Prng, donor: Json): Json {
  const all = nodes(doc);
  const target = rng.below(all.length);
  let seen = -1;
  const walk = (value: Json): Json => {
    seen += 1;
    if (seen === target) return change(value, rng, donor);
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  return walk(doc);
}

function change(value: Json, rng: Prng, donor: Json): Json {
  if (typeof value === 'string' && BASE64.test(value) && rng.below(2) === 0) {
    const bytes = new Uint8Array(Buffer.from(value, 'base64'));
    return Buffer.from(mutate(bytes, rng, bytes, 256 * 1024)).toString('base64');
  }
  if (Array.isArray(value) && value.length > 0 && rng.below(2) === 0) {
    const at = rng.below(value.length);
    return rng.below(2) === 0
      ? [...value.slice(0, at), ...value.slice(at + 1)]
      : [...value.slice(0, at + 1), ...value.slice(at)];
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && rng.below(2) === 0) {
    const entries = Object.entries(value);
    const at = rng.below(entries.length + 1);
    const [key, v] = entries[at] ?? ['extraField', 'x'];
    switch (rng.below(3)) {
      case 0:
        return Object.fromEntries(entries.filter((_, i) => i !== at));
      case 1:
        return { ...value, [`${key}_`]: v };
      default:
        return Object.fromEntries(entries.map(([k, e], i) => [i === at ? k.toUpperCase() : k, e]));
    }
  }
  return rng.below(3) === 0 ? (pick(nodes(donor), rng) ?? null) : (pick(ODD_VALUES, rng) ?? null);
}
