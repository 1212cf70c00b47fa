import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const SCHEMAS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../schemas');
const BASE = 'https://github.com/mlsec/mlsec/blob/main/packages/attest/schemas/';

/** ajv-formats is CommonJS; its default export arrives wrapped or not depending on the loader. */
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => void;

/**
 * Validators for the vendored in-toto/SLSA schemas (Draft 2020-12, formats checked): each returns the
 * list of error strings, empty when valid. Strict, except ajv's strictRequired lint, which flags the
 * spec's own "one of uri, digest or content" (`required` inside `anyOf`).
 */
export function provenanceValidators(): {
  statement: (value: unknown) => string[];
  predicate: (value: unknown) => string[];
  slsaStatement: (value: unknown) => string[];
} {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  addFormats(ajv);
  for (const file of readdirSync(SCHEMAS).filter((f) => f.endsWith('.schema.json'))) {
    ajv.addSchema(JSON.parse(readFileSync(join(SCHEMAS, file), 'utf8')) as object);
  }
  const make = (file: string) => {
    const validate = ajv.getSchema(BASE + file);
    if (validate === undefined) throw new Error(`schema ${file} not loaded`);
    return (value: unknown): string[] => {
      if (validate(value)) return [];
      return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
    };
  };
  return {
    statement: make('in-toto-statement-v1.schema.json'),
    predicate: make('slsa-provenance-v1.schema.json'),
    slsaStatement: make('slsa-provenance-v1-statement.schema.json'),
  };
}
