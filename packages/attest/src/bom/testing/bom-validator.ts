import { Spec, Validation } from '@cyclonedx/cyclonedx-library';

const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);

/**
 * Validate a BOM against the official CycloneDX 1.6 JSON schema shipped in
 * @cyclonedx/cyclonedx-library (res/schema/bom-1.6.SNAPSHOT.schema.json with its SPDX, JSF and
 * cryptography-defs schemas; Ajv with ajv-formats). Also checks what JSON Schema cannot: every `bom-ref`
 * is unique and every `ref`/`dependsOn` names one. Returns the problems, empty when valid.
 */
export async function bomProblems(bom: unknown): Promise<string[]> {
  const errors: unknown = await validator.validate(JSON.stringify(bom));
  const problems: string[] = [];
  if (errors !== null) problems.push(`schema: ${JSON.stringify(errors).slice(0, 2000)}`);
  const refs = new Set<string>();
  const used: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) walk(v);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, v] of Object.entries(value)) {
      if (key === 'bom-ref' && typeof v === 'string') {
        if (refs.has(v)) problems.push(`duplicate bom-ref ${v}`);
        refs.add(v);
      } else if (key === 'ref' && typeof v === 'string') used.push(v);
      else if (key === 'dependsOn' && Array.isArray(v)) used.push(...v.map(String));
      walk(v);
    }
  };
  walk(bom);
  for (const ref of used) if (!refs.has(ref)) problems.push(`dangling ref ${ref}`);
  return problems;
}
