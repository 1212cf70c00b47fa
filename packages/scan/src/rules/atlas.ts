import { readFileSync } from 'node:fs';

/** One ATLAS technique as shipped in data/atlas-techniques.json (extracted from MITRE ATLAS 5.6.0). */
export interface AtlasTechnique {
  readonly id: string;
  readonly name: string;
  readonly parent?: string;
}

let cache: ReadonlyMap<string, AtlasTechnique> | undefined;

/** The ATLAS techniques shipped with @mlsec/scan, by id (read once). */
export function atlasTechniques(): ReadonlyMap<string, AtlasTechnique> {
  if (!cache) {
    const url = new URL('../../data/atlas-techniques.json', import.meta.url);
    const data = JSON.parse(readFileSync(url, 'utf8')) as { techniques: AtlasTechnique[] };
    cache = new Map(data.techniques.map((t) => [t.id, t]));
  }
  return cache;
}

/** "AML.T0011.000 User Execution: Unsafe AI Artifacts" style label of a technique id. */
export function atlasLabel(id: string): string {
  const techniques = atlasTechniques();
  const technique = techniques.get(id);
  if (!technique) return id;
  const parent = technique.parent ? techniques.get(technique.parent) : undefined;
  return parent ? `${id} ${parent.name}: ${technique.name}` : `${id} ${technique.name}`;
}
