/**
 * A function stored as marshalled Python bytecode: Keras 2 `Lambda` configs (`function_type: "lambda"`,
 * `function: [base64, defaults, closure]`) and Keras 3 `{"class_name": "__lambda__", "config":
 * {"code": base64, …}}` objects. Loading the model unmarshals and runs it.
 */
export interface KerasLambda {
  /** JSON pointer (RFC 6901) of the object holding the code. */
  readonly pointer: string;
  /** 'keras2' for function_type-style configs, 'keras3' for `__lambda__` objects. */
  readonly style: 'keras2' | 'keras3';
  /** Which key held the code: 'function', 'output_shape', or 'code' for `__lambda__`. */
  readonly field: string;
  /** Name of the enclosing layer, when the config gives one. */
  readonly layerName?: string;
  /** Decoded length of the marshalled code object, in bytes. */
  readonly codeBytes: number;
  /** False when the base64 text holds characters outside the alphabet (Python would still try). */
  readonly base64Valid: boolean;
  /** True when the bytes start like a marshalled code object (type 'c'). */
  readonly looksLikeCode: boolean;
  /** Printable names found in the marshal bytes (e.g. `os`, `system`), without unmarshalling. */
  readonly strings: readonly string[];
}

/**
 * A config object that names Python code to import: Keras 3 `module` + `class_name` (a class) or
 * `class_name: "function"` + `config` (a function), Keras 2 `Lambda` with `function_type: "function"`,
 * and TensorFlow op layers (`TFOpLambda`) naming a public `tf` API function (kind `tf-op`, resolved
 * through TensorFlow's export table rather than imported by module name).
 */
export interface KerasReference {
  readonly pointer: string;
  readonly kind: 'class' | 'function' | 'tf-op';
  /** The module to import; undefined when the config names none (resolved by Keras itself). */
  readonly module: string | undefined;
  /** Class or function name within the module. */
  readonly name: string;
  readonly registeredName?: string;
}

/** What analyseKerasConfig found. */
export interface KerasConfigAnalysis {
  readonly lambdas: readonly KerasLambda[];
  readonly references: readonly KerasReference[];
  /** Every `function_type` / `output_shape_type` value, with its pointer. */
  readonly functionTypes: readonly { readonly pointer: string; readonly value: string }[];
  /** JSON values visited. */
  readonly nodes: number;
}
