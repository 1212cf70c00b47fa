import { fail, issue, ok } from '@mlsec/core';
import type { Limits, ParseResult } from '@mlsec/core';
import { pointerOf } from '../json/index.ts';
import { marshalStrings } from './marshal-strings.ts';
import type { KerasConfigAnalysis, KerasLambda, KerasReference } from './types.ts';

/** Python's json module gives up near 1000 levels, so deeper configs cannot load anyway. */
export const KERAS_CONFIG_MAX_DEPTH = 1000;

type Obj = Readonly<Record<string, unknown>>;

interface Frame {
  readonly value: unknown;
  readonly pointer: string;
  readonly depth: number;
  /** `name` of the nearest enclosing object that has one (the layer, usually). */
  readonly name: string | undefined;
}

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const own = (o: Obj, key: string): unknown => (Object.hasOwn(o, key) ? o[key] : undefined);

const BASE64 = /^[A-Za-z0-9+/=\s]*$/;

function lambdaOf(
  code: string,
  base: Omit<KerasLambda, 'codeBytes' | 'base64Valid' | 'looksLikeCode' | 'strings'>,
): KerasLambda {
  // Python decodes with codecs.decode(..., 'base64'), which skips characters outside the alphabet.
  const bytes = Buffer.from(code, 'base64');
  return {
    ...base,
    codeBytes: bytes.length,
    base64Valid: BASE64.test(code),
    looksLikeCode: ((bytes[0] ?? 0) & 0x7f) === 0x63, // TYPE_CODE 'c'
    strings: marshalStrings(bytes),
  };
}

/**
 * Walk a Keras model config (Keras 2 `model_config`/`training_config` or Keras 3 `config.json`) and
 * list what loading it would execute or import: marshalled lambdas (Keras 2 `function_type: "lambda"`
 * and `output_shape_type: "lambda"`, Keras 3 `__lambda__` objects, anywhere in the tree), every object
 * that names a class or function (`class_name`, `module`, `registered_name`, `class_name: "function"`
 * with its `config`, TFOpLambda's `function`), and every `function_type` value. The walk is iterative,
 * at most KERAS_CONFIG_MAX_DEPTH deep and `limits.maxOps` values; past either it stops with a fatal
 * issue (KERAS_CONFIG_TOO_DEEP, KERAS_CONFIG_TOO_LARGE) and returns what it found so far. Only own keys
 * are read, so `__proto__` or `constructor` keys are data like any other.
 *
 * @example
 * const parsed = parseKerasConfig(text, DEFAULT_LIMITS);
 * if (parsed.ok) analyseKerasConfig(parsed.value, DEFAULT_LIMITS);
 */
export function analyseKerasConfig(
  json: unknown,
  limits: Limits,
): ParseResult<KerasConfigAnalysis> {
  const lambdas: KerasLambda[] = [];
  const references: KerasReference[] = [];
  const functionTypes: { pointer: string; value: string }[] = [];
  let nodes = 0;
  const stack: Frame[] = [{ value: json, pointer: '', depth: 0, name: undefined }];
  const result = (): KerasConfigAnalysis => ({ lambdas, references, functionTypes, nodes });

  const tooLarge = (): ParseResult<KerasConfigAnalysis> =>
    fail(
      [
        issue(
          'KERAS_CONFIG_TOO_LARGE',
          `config has more than ${limits.maxOps} values`,
          undefined,
          true,
        ),
      ],
      result(),
    );
  // Containers go on the stack; scalars are only counted (a million-number array costs no frames).
  const visit = (
    child: unknown,
    key: string | number,
    parent: Frame,
    name: string | undefined,
  ): boolean => {
    nodes++;
    if (typeof child === 'object' && child !== null) {
      stack.push({
        value: child,
        pointer: pointerOf(parent.pointer, key),
        depth: parent.depth + 1,
        name,
      });
    }
    return nodes <= limits.maxOps;
  };

  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    if (frame.depth === 0) nodes++;
    if (nodes > limits.maxOps) return tooLarge();
    if (frame.depth > KERAS_CONFIG_MAX_DEPTH) {
      return fail(
        [
          issue(
            'KERAS_CONFIG_TOO_DEEP',
            `config nests deeper than ${KERAS_CONFIG_MAX_DEPTH} levels at ${frame.pointer}`,
            undefined,
            true,
          ),
        ],
        result(),
      );
    }
    const { value, pointer } = frame;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--)
        if (!visit(value[i], i, frame, frame.name)) return tooLarge();
      continue;
    }
    if (!isObject(value)) continue;
    const name = str(own(value, 'name')) ?? frame.name;
    inspect(value, pointer, name, lambdas, references, functionTypes);
    const keys = Object.keys(value);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string;
      if (!visit(own(value, key), key, frame, name)) return tooLarge();
    }
  }
  return ok(result());
}

/** Record what one object names or carries. */
function inspect(
  o: Obj,
  pointer: string,
  name: string | undefined,
  lambdas: KerasLambda[],
  references: KerasReference[],
  functionTypes: { pointer: string; value: string }[],
): void {
  const className = str(own(o, 'class_name'));
  const module = str(own(o, 'module'));
  const registeredName = str(own(o, 'registered_name'));
  const config = own(o, 'config');
  const layerName = name === undefined ? {} : { layerName: name };
  const registered = registeredName === undefined ? {} : { registeredName };
  if (className === '__lambda__') {
    // Keras 3 serialization_lib: {"class_name": "__lambda__", "config": {"code": base64, ...}}.
    const code = isObject(config) ? str(own(config, 'code')) : undefined;
    if (code !== undefined)
      lambdas.push(lambdaOf(code, { pointer, style: 'keras3', field: 'code', ...layerName }));
  } else if (className === 'function' && typeof config === 'string') {
    references.push({ pointer, kind: 'function', module, name: config, ...registered });
  } else if (className !== undefined) {
    references.push({ pointer, kind: 'class', module, name: className, ...registered });
  }
  if ((className === 'TFOpLambda' || className === 'SlicingOpLambda') && isObject(config)) {
    const fn = str(own(config, 'function'));
    if (fn !== undefined)
      references.push({
        pointer: pointerOf(pointer, 'config'),
        kind: 'tf-op',
        module: 'tensorflow',
        name: fn,
      });
  }
  // Keras 2 Lambda: function / output_shape with function_type / output_shape_type and a module.
  for (const field of ['function', 'output_shape'] as const) {
    const type = str(own(o, `${field}_type`));
    if (type === undefined) continue;
    functionTypes.push({ pointer: pointerOf(pointer, `${field}_type`), value: type });
    const payload = own(o, field);
    if (type === 'lambda') {
      const code = Array.isArray(payload) ? str(payload[0]) : str(payload);
      if (code !== undefined)
        lambdas.push(lambdaOf(code, { pointer, style: 'keras2', field, ...layerName }));
    } else if (type === 'function' && typeof payload === 'string') {
      const fnModule = str(own(o, field === 'function' ? 'module' : 'output_shape_module'));
      references.push({
        pointer: pointerOf(pointer, field),
        kind: 'function',
        module: fnModule,
        name: payload,
      });
    }
  }
}
