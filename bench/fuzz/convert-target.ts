import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isMlsecError, makeLimits, memorySource } from '@mlsec/core';
import type { FormatIssue } from '@mlsec/core';
import { planConversion } from '@mlsec/scan';
import type { FuzzTarget } from './targets.ts';

/** Tight limits: a mutated length reaches a limit quickly. */
const LIMITS = makeLimits({
  maxBytes: 16 * 1024 * 1024,
  maxDecompressedBytes: 16 * 1024 * 1024,
  maxEntries: 10_000,
  maxStringLength: 1024 * 1024,
  maxOps: 1_000_000,
});

/** Every convertible fixture (torch zip and legacy, shards, npy, npz, joblib), small files only. */
function convertSeeds(repo: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'expected') visit(path);
      } else if (
        /\.(pt|bin|npy|npz|joblib)$/.test(entry.name) &&
        statSync(path).size <= 256 * 1024
      ) {
        out.push(readFileSync(path));
      }
    }
  };
  visit(join(repo, 'fixtures/convert'));
  return out;
}

/**
 * `mlsec convert`'s planners and tensor producers over mutated checkpoints: planning, then every
 * tensor's bytes produced into a sink that counts them. A typed MlsecError (refusal, bad storage, not a
 * checkpoint) is the expected way to say no; anything else thrown, or a producer yielding another
 * length than it announced, is a failure.
 */
export const CONVERT_TARGET: FuzzTarget = {
  name: 'convert',
  seeds: (repo) => Promise.resolve(convertSeeds(repo)),
  async run(input): Promise<readonly FormatIssue[]> {
    try {
      const plan = await planConversion(memorySource(input), LIMITS, 'fuzz');
      for (const tensor of plan.tensors) {
        let bytes = 0;
        await tensor.write({
          write: (chunk) => {
            bytes += chunk.length;
            return Promise.resolve();
          },
        });
        if (bytes !== tensor.byteLength) {
          throw new Error(`${tensor.name} yielded ${bytes} of ${tensor.byteLength} bytes`);
        }
      }
    } catch (error) {
      if (!isMlsecError(error)) throw error;
    }
    return [];
  },
};
