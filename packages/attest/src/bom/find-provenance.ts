import { readdir } from 'node:fs/promises';

/** File names `mlsec bom` picks up as provenance at the top of a model folder. */
export function isProvenanceName(name: string): boolean {
  return (
    name === 'provenance.json' || name.endsWith('.provenance.json') || name.endsWith('.intoto.json')
  );
}

/** Provenance candidates at the top of `modelDir`, in code-point order (so the choice is stable). */
export async function findProvenance(modelDir: string): Promise<string[]> {
  const entries = await readdir(modelDir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && isProvenanceName(e.name))
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
