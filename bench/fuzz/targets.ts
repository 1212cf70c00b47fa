import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { makeLimits, memorySource } from '@mlsec/core';
import type { FormatIssue } from '@mlsec/core';
import {
  analysePickle,
  decompress,
  identify,
  openTar,
  openZip,
  parseGguf,
  parseNpy,
  parseOnnx,
  parseSafetensors,
  readEntry,
  readHdf5RootAttributes,
} from '@mlsec/formats';
import type { FormatId } from '@mlsec/formats';
import { ATTEST_TARGETS } from './attest-targets.ts';
import { CONVERT_TARGET } from './convert-target.ts';
import { TEXT_TARGETS } from './text-targets.ts';

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
  /** Formats whose committed fixtures under fixtures/samples (found by content) seed this target. */
  readonly formats?: readonly FormatId[];
  /** Seeds of a target that reads no model format: read or built from the repository at `repo`. */
  seeds?(repo: string): Promise<Uint8Array[]>;
  /** The input is JSON: half the inputs then come from mutateJson, which keeps them parseable. */
  readonly json?: boolean;
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
  // Beyond the four the issue names: every other parser of hostile bytes gets the same treatment.
  {
    name: 'tar',
    formats: ['tar'],
    run: async (input) => (await openTar(memorySource(input), LIMITS)).issues,
  },
  {
    name: 'compression',
    formats: ['gzip', 'bzip2', 'xz', 'lzma', 'zlib'],
    async run(input) {
      const issues: FormatIssue[] = [];
      for (const kind of ['gzip', 'zlib', 'bzip2', 'xz', 'lzma'] as const) {
        issues.push(...(await decompress(kind, input, { maxOutputBytes: 4 * 1024 * 1024 })).issues);
      }
      return issues;
    },
  },
  {
    name: 'hdf5',
    formats: ['hdf5'],
    run: async (input) => (await readHdf5RootAttributes(memorySource(input), LIMITS)).issues,
  },
  {
    name: 'onnx',
    formats: ['onnx'],
    run: async (input) => (await parseOnnx(memorySource(input), LIMITS)).issues,
  },
  {
    name: 'numpy',
    formats: ['numpy'],
    run: async (input) => (await parseNpy(memorySource(input), LIMITS)).issues,
  },
  CONVERT_TARGET,
  ...ATTEST_TARGETS,
  ...TEXT_TARGETS,
];

/** Seeds for a target: its own, or every committed fixture of its formats (small files only). */
export async function seedsFor(target: FuzzTarget, repo: string): Promise<Uint8Array[]> {
  if (target.seeds !== undefined) return target.seeds(repo);
  const formats = target.formats ?? [];
  const out: Uint8Array[] = [];
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (statSync(path).size <= 256 * 1024) {
        const bytes = readFileSync(path);
        const format = identify(bytes.subarray(0, 4096), bytes.subarray(-65_557), bytes.length);
        // Tar fixtures are gzipped: their inner archives seed the tar target.
        const candidates = format === 'gzip' ? [bytes, gunzipSync(bytes)] : [bytes];
        for (const candidate of candidates) {
          const kind = identify(
            candidate.subarray(0, 4096),
            candidate.subarray(-65_557),
            candidate.length,
          );
          if (formats.includes(kind)) out.push(candidate);
        }
      }
    }
  };
  visit(join(repo, 'fixtures/samples'));
  return out;
}
