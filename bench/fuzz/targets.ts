import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { makeLimits, memorySource } from '@mlsec/core';
import type { FormatIssue } from '@mlsec/core';
import {
  analysePickle,
  identify,
  openZip,
  parseGguf,
  parseSafetensors,
  readEntry,
} from '@mlsec/formats';
import type { FormatId } from '@mlsec/formats';

/** Tight limits so that a mutated length field reaches a limit quickly instead of wasting the run. */
const LIMITS = makeLimits({
  maxBytes: 16 * 1024 * 1024,
  maxDecompressedBytes: 16 * 1024 * 1024,
  maxEntries: 10_000,
  maxStringLength: 1024 * 1024,
  maxOps: 1_000_000,
});

/** A parser under fuzz: it must return (issues are fine) and never throw or hang. */
export interface FuzzTarget {
  readonly name: string;
  readonly formats: readonly FormatId[];
  run(input: Uint8Array): Promise<readonly FormatIssue[]>;
}

export const TARGETS: readonly FuzzTarget[] = [
  {
    name: 'pickle',
    formats: ['pickle', 'torch-legacy'],
    run: (input) => Promise.resolve(analysePickle(input, { limits: LIMITS }).issues),
  },
  {
    name: 'zip',
    formats: ['zip'],
    async run(input) {
      const result = await openZip(memorySource(input), LIMITS);
      if (!result.ok) return result.issues;
      const issues = [...result.issues];
      for (const entry of result.value.entries.slice(0, 8)) {
        const read = await readEntry(result.value, entry, { maxBytes: 1024 * 1024 });
        issues.push(...read.issues);
      }
      return issues;
    },
  },
  {
    name: 'safetensors',
    formats: ['safetensors'],
    run: async (input) => (await parseSafetensors(memorySource(input), LIMITS)).issues,
  },
  {
    name: 'gguf',
    formats: ['gguf'],
    run: async (input) => (await parseGguf(memorySource(input), LIMITS)).issues,
  },
];

/** Seeds for a target: every committed fixture of its formats (small files only), found by content. */
export function seedsFor(target: FuzzTarget, root: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (statSync(path).size <= 256 * 1024) {
        const bytes = readFileSync(path);
        if (
          target.formats.includes(
            identify(bytes.subarray(0, 4096), bytes.subarray(-65_557), bytes.length),
          )
        ) {
          out.push(bytes);
        }
      }
    }
  };
  visit(root);
  return out;
}
