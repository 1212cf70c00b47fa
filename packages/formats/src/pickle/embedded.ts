import { resolveCallee } from './resolve.ts';
import { asSequence, asString } from './values.ts';
import type { CallValue, PickleValue } from './values.ts';

/**
 * A pickle can carry another pickle as a literal and unpickle it at load time
 * (`pickle.loads(b'\x80\x02cposix\nsystem...')`): the inner one runs too, so it is analysed like the
 * outer one. These are the loaders that take the pickle bytes as their first argument.
 */
const LOADERS = new Set([
  'pickle.loads',
  'pickle._loads',
  '_pickle.loads',
  'dill.loads',
  'dill._dill.loads',
  'cloudpickle.loads',
  'cloudpickle.cloudpickle.loads',
  'numpy.loads',
]);

/** The bytes a value certainly is: a bytes literal, or protocol 2's `_codecs.encode(str, 'latin1')`. */
export function literalBytes(
  value: PickleValue | undefined,
  maxLength: number,
): Uint8Array | undefined {
  if (value?.kind === 'bytes') return value.value;
  if (value?.kind !== 'call' || value.opcode !== 'REDUCE') return undefined;
  const callee = resolveCallee(value.callee);
  if (callee?.module !== '_codecs' || callee.name !== 'encode') return undefined;
  const args = asSequence(value.args);
  const text = asString(args?.[0]);
  const encoding = asString(args?.[1])?.toLowerCase().replace(/[-_]/g, '');
  if (
    text === undefined ||
    text.length > maxLength ||
    (encoding !== 'latin1' && encoding !== 'iso88591')
  ) {
    return undefined;
  }
  return Buffer.from(text, 'latin1');
}

/**
 * The pickle a call unpickles, when it is one of the loaders applied to literal bytes: the bytes, and
 * the argument value they came from (the same value fetched from the memo again is the same pickle).
 */
export function embeddedPickle(
  call: CallValue,
  maxLength: number,
): { readonly bytes: Uint8Array; readonly source: PickleValue } | undefined {
  const callee = resolveCallee(call.callee);
  if (callee === undefined || !LOADERS.has(`${callee.module}.${callee.name}`)) return undefined;
  const source = asSequence(call.args)?.[0];
  const bytes = literalBytes(source, maxLength);
  return bytes === undefined || source === undefined || bytes.length === 0
    ? undefined
    : { bytes, source };
}
