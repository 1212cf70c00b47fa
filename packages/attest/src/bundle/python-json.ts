/** A number Python would hold as a float: written `1000000000.0`, not `1000000000`. */
export class PyFloat {
  readonly value: number;
  constructor(value: number) {
    this.value = value;
  }
}

/** Values {@link pythonJson} writes; object keys keep their insertion order. */
export type PyJson =
  | string
  | number
  | boolean
  | null
  | PyFloat
  | readonly PyJson[]
  | { readonly [key: string]: PyJson };

/**
 * Serialise like Python's `json.dumps(value, indent=2, ensure_ascii=False)`, which protobuf's
 * `MessageToJson` uses: `", "`-free separators with indent (`","` + newline, `": "`), `[]`/`{}` for empty
 * containers, non-ASCII kept, and floats in `repr()` form. Integers in a protobuf `Struct` are floats, so
 * callers wrap them in {@link PyFloat} where the reference writes one.
 */
export function pythonJson(value: PyJson, indent = ''): string {
  if (value instanceof PyFloat) return pyFloatRepr(value.value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const items = value as readonly PyJson[];
    if (items.length === 0) return '[]';
    return `[\n${items.map((v) => inner + pythonJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as { readonly [key: string]: PyJson });
  if (entries.length === 0) return '{}';
  const body = entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${pythonJson(v, inner)}`);
  return `{\n${body.join(',\n')}\n${indent}}`;
}

/** CPython `float.__repr__` for the finite values a manifest can hold (shortest round-trip digits). */
export function pyFloatRepr(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError('JSON has no NaN or Infinity');
  const abs = Math.abs(n);
  if (abs !== 0 && (abs >= 1e16 || abs < 1e-4)) {
    // Python switches to exponent form at 1e16 and writes at least two exponent digits.
    const [mant = '', exp = ''] = n.toExponential().split('e');
    const sign = exp.startsWith('-') ? '-' : '+';
    return `${mant}e${sign}${exp.replace(/^[+-]/, '').padStart(2, '0')}`;
  }
  const s = String(n);
  return Number.isInteger(n) ? `${s}.0` : s;
}
