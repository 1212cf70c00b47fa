/** NumPy .npy: header parser (strict Python-literal reader, never eval) and object-dtype detection. */
export { parseNpy } from './parse-npy.ts';
export type { NpyHeader } from './parse-npy.ts';
export { parsePyLiteral, PyLiteralError } from './py-literal.ts';
export type { PyValue, PyLiteralOptions } from './py-literal.ts';
export { interpretDescr } from './descr.ts';
export type { DescrInfo } from './descr.ts';
export { formatPyValue } from './format-py.ts';
