/**
 * Bounds on everything `buildModelBom` reads from the model folder. Model cards, configs and provenance
 * files are untrusted input: each is read up to a fixed size, and every string or list taken from them
 * into the BOM is cut to a fixed length.
 */
export interface BomLimits {
  /** Bytes of README.md read (the front matter must start in them). */
  readonly readmeBytes: number;
  /** Bytes of YAML front matter parsed. */
  readonly frontMatterBytes: number;
  /** Deepest YAML nesting kept; deeper values are dropped. */
  readonly yamlDepth: number;
  /** Entries kept per YAML list or mapping. */
  readonly yamlItems: number;
  /** Bytes of config.json parsed. */
  readonly configBytes: number;
  /** Bytes of a provenance bundle or statement parsed. */
  readonly provenanceBytes: number;
  /** Characters kept of any untrusted string. */
  readonly stringChars: number;
  /** Entries kept of any untrusted list (tags, datasets, metrics, hyperparameters). */
  readonly listItems: number;
  /** Files in the model; more is ATTEST_TOO_MANY_FILES. */
  readonly maxFiles: number;
}

export const DEFAULT_BOM_LIMITS: BomLimits = {
  readmeBytes: 1024 * 1024,
  frontMatterBytes: 64 * 1024,
  yamlDepth: 12,
  yamlItems: 1000,
  configBytes: 1024 * 1024,
  provenanceBytes: 4 * 1024 * 1024,
  stringChars: 1024,
  listItems: 256,
  maxFiles: 100_000,
};

/** Cut untrusted text to `max` characters (whole code points), marking a cut with an ellipsis. */
export function clip(value: string, max: number): string {
  if (value.length <= max) return value;
  let out = '';
  let count = 0;
  for (const ch of value) {
    if (count === max - 1) return `${out}…`;
    out += ch;
    count += 1;
  }
  return out;
}
