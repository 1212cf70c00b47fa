import type { Limits } from '@mlsec/core';

/** Bounds of one repository review; every read and loop of the review is capped by one of these. */
export interface HfRepoOptions {
  /** Largest JSON configuration read (config.json, tokenizer_config.json, ...). */
  readonly maxConfigBytes: number;
  /** Most configuration files parsed in one repository. */
  readonly maxConfigFiles: number;
  /** Bytes of README.md read to find the YAML front matter. */
  readonly maxReadmeBytes: number;
  /** Largest YAML front matter parsed. */
  readonly maxFrontMatterBytes: number;
  /** Bytes of one .py file reviewed; the rest is reported as not reviewed. */
  readonly maxPythonFileBytes: number;
  /** Most .py files reviewed. */
  readonly maxPythonFiles: number;
  /** Most .py bytes reviewed in total. */
  readonly maxPythonTotalBytes: number;
  /** Most tokens read from one .py file. */
  readonly maxTokensPerFile: number;
  /** Most hf/dangerous-code findings for one file (one more finding says how many were left out). */
  readonly maxFindingsPerFile: number;
  /** Most subfolders checked for being repositories of their own. */
  readonly maxNestedCandidates: number;
}

export const DEFAULT_HF_REPO_OPTIONS: HfRepoOptions = Object.freeze({
  maxConfigBytes: 4 * 1024 * 1024,
  maxConfigFiles: 256,
  maxReadmeBytes: 256 * 1024,
  maxFrontMatterBytes: 64 * 1024,
  maxPythonFileBytes: 1024 * 1024,
  maxPythonFiles: 500,
  maxPythonTotalBytes: 32 * 1024 * 1024,
  maxTokensPerFile: 1_000_000,
  maxFindingsPerFile: 50,
  maxNestedCandidates: 1000,
});

/** Options clamped by the scan's Limits (no single read larger than limits.maxBytes). */
export function effectiveOptions(options: HfRepoOptions, limits: Limits): HfRepoOptions {
  const cap = (n: number): number => Math.min(n, limits.maxBytes);
  return {
    ...options,
    maxConfigBytes: cap(options.maxConfigBytes),
    maxReadmeBytes: cap(options.maxReadmeBytes),
    maxFrontMatterBytes: cap(options.maxFrontMatterBytes),
    maxPythonFileBytes: cap(options.maxPythonFileBytes),
    maxConfigFiles: Math.min(options.maxConfigFiles, limits.maxEntries),
    maxPythonFiles: Math.min(options.maxPythonFiles, limits.maxEntries),
  };
}
