/**
 * Builders of Keras configs for tests, shaped like what Keras writes: Keras 2 / tf.keras `model_config`
 * (`Lambda.get_config` with `function_type`) and Keras 3 `config.json` (`module`, `class_name`,
 * `config`, `registered_name`; lambdas as `__lambda__` objects).
 */

/**
 * `codecs.encode(marshal.dumps((lambda x: __import__('os').system('id')).__code__), 'base64')` from
 * CPython 3.11.2, as Keras' func_dump writes it (207 bytes of marshal data, newline-wrapped base64).
 */
export const LAMBDA_OS_SYSTEM =
  '4wEAAAAAAAAAAAAAAAMAAAADAAAA80YAAACXAHQBAAAAAAAAAAAAAGQBpgEAAKsBAAAAAAAAAACg\n' +
  'AQAAAAAAAAAAAAAAAAAAAAAAAAAAZAKmAQAAqwEAAAAAAAAAAFMAKQNO2gJvc9oCaWQpAtoKX19p\n' +
  'bXBvcnRfX9oGc3lzdGVtqQHaAXhzAQAAACD6CDxzdHJpbmc++gg8bGFtYmRhPnIJAAAAAwAAAHMc\n' +
  'AAAAgACNapgU0Q4e1A4e1w4l0g4loGTRDivUDiuAAPMAAAAA\n';

/** The same for `lambda x: x * 2`. */
export const LAMBDA_DOUBLE =
  '4wEAAAAAAAAAAAAAAAIAAAADAAAA8wwAAACXAHwAZAF6BQAAUwApAk7pAgAAAKkAqQHaAXhzAQAA\n' +
  'ACD6CDxzdHJpbmc++gg8bGFtYmRhPnIHAAAABgAAAHMKAAAAgACIYZAhiWWAAPMAAAAA\n';

type Json = Record<string, unknown>;

/** A Keras 2 Sequential model_config holding `layers`. */
export function keras2Sequential(layers: readonly Json[]): Json {
  return {
    class_name: 'Sequential',
    config: { name: 'sequential', layers },
    keras_version: '2.11.0',
    backend: 'tensorflow',
  };
}

/** A Keras 2 Dense layer config. */
export function keras2Dense(name: string): Json {
  return { class_name: 'Dense', config: { name, units: 1, activation: 'relu' } };
}

/** A Keras 2 Lambda layer config as tf.keras' Lambda.get_config writes it for a lambda. */
export function keras2Lambda(name: string, code: string): Json {
  return {
    class_name: 'Lambda',
    config: {
      name,
      trainable: true,
      dtype: 'float32',
      function: [code, null, null],
      function_type: 'lambda',
      module: '__main__',
      output_shape: null,
      output_shape_type: 'raw',
      output_shape_module: null,
      arguments: {},
    },
  };
}

/** A Keras 3 Functional/Sequential config.json holding `layers`. */
export function keras3Model(layers: readonly Json[]): Json {
  return {
    module: 'keras',
    class_name: 'Sequential',
    config: { name: 'sequential', layers },
    registered_name: null,
  };
}

/** A Keras 3 layer object. */
export function keras3Layer(className: string, config: Json, module = 'keras.layers'): Json {
  return { module, class_name: className, config, registered_name: null };
}

/** A Keras 3 Lambda layer whose function is a marshalled lambda. */
export function keras3Lambda(name: string, code: string): Json {
  return keras3Layer('Lambda', {
    name,
    function: { class_name: '__lambda__', config: { code, defaults: null, closure: null } },
    arguments: {},
  });
}

/** A Keras 3 reference to a function: `{"module", "class_name": "function", "config": name}`. */
export function keras3Function(module: string, name: string): Json {
  return { module, class_name: 'function', config: name, registered_name: 'function' };
}
