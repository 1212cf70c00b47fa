import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS } from '@mlsec/core';
import { IDENTIFY_HEAD_BYTES, IDENTIFY_TAIL_BYTES, identify } from '../identify/index.ts';
import { analysePickle } from './analyse.ts';
import type { PickleAnalysis } from './types.ts';

// The samples made by real producers (fixtures/README.md), when present: every raw pickle, joblib file and
// legacy torch.save file among them must be analysed, and every malicious one must show its payload.
const ROOT = join(import.meta.dirname, '../../../../fixtures');
const MANIFEST = join(ROOT, 'manifest.json');

interface Entry {
  readonly path: string;
  readonly kind: 'benign' | 'malicious' | 'malformed';
  readonly expect: { readonly mentions?: readonly string[] };
  readonly size?: number;
}

function load(): { entry: Entry; bytes: Uint8Array; format: string }[] {
  if (!existsSync(MANIFEST)) return [];
  const entries = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Entry[];
  return entries
    .filter((entry) => entry.size !== undefined && entry.size > 0)
    .map((entry) => {
      const bytes = new Uint8Array(readFileSync(join(ROOT, 'samples', entry.path)));
      const format = identify(
        bytes.subarray(0, IDENTIFY_HEAD_BYTES),
        bytes.subarray(-IDENTIFY_TAIL_BYTES),
        bytes.length,
      );
      return { entry, bytes, format };
    })
    .filter(({ format }) => format === 'pickle' || format === 'torch-legacy');
}

/** Every string a finding could quote as evidence. */
function evidence(a: PickleAnalysis): string[] {
  return [
    ...a.globals.map((g) => `${g.module}.${g.name}`),
    ...a.calls.flatMap((c) => [
      c.rendered,
      c.callee === undefined ? '' : `${c.callee.module}.${c.callee.name}`,
    ]),
    ...a.extensions.map((e) => `EXT extension ${e.code}`),
  ];
}

describe('analysePickle on fixtures made by real producers', () => {
  for (const { entry, bytes, format } of load()) {
    it(`${entry.kind === 'malicious' ? 'finds the payload in' : 'reads'} ${entry.path}`, () => {
      // Legacy torch.save files hold five pickles, then raw storage bytes.
      const result = analysePickle(bytes, {
        limits: DEFAULT_LIMITS,
        ...(format === 'torch-legacy' ? { maxPickles: 5 } : {}),
      });
      const a = result.ok ? result.value : result.partial;
      assert.ok(a !== undefined);
      if (entry.kind === 'benign') {
        assert.equal(result.ok, true, JSON.stringify(result.issues));
        assert.deepEqual(result.issues, []);
      }
      const mentions = entry.expect.mentions ?? [];
      if (mentions.length > 0) {
        const seen = evidence(a).join('\n').toLowerCase();
        assert.ok(
          mentions.some((m) => seen.includes(m.toLowerCase())),
          `none of ${mentions.join(', ')} in:\n${seen}`,
        );
      }
    });
  }
});
