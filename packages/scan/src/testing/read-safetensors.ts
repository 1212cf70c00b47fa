import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DEFAULT_LIMITS, memorySource } from '@mlsec/core';
import { parseSafetensors } from '@mlsec/formats';

/** Test helper: parse a SafeTensors file with our bounded reader (asserting no issue); each tensor's facts and bytes. */
export async function readSafetensorsFile(path: string) {
  const file = readFileSync(path);
  const parsed = await parseSafetensors(memorySource(file), DEFAULT_LIMITS);
  assert.deepEqual(parsed.issues, []);
  assert.ok(parsed.ok);
  const tensors = new Map(
    parsed.value.tensors.map((t) => [
      t.name,
      {
        dtype: t.dtype,
        shape: [...t.shape],
        bytes: file.subarray(parsed.value.dataStart + t.begin, parsed.value.dataStart + t.end),
      },
    ]),
  );
  return { file, header: parsed.value, metadata: parsed.value.metadata ?? {}, tensors };
}
