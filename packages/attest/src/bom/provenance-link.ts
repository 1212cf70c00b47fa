import { Enums, Models } from '@cyclonedx/cyclonedx-library';
import type { ProvenanceSummary } from './provenance-summary.ts';

type Json = Readonly<Record<string, unknown>>;

/**
 * Record an (unverified) provenance file on the model component: where it came from, that it was NOT
 * verified, the digest it names and whether that is the folder's, and the source repository as a `vcs`
 * reference. Returns the CycloneDX `formulation` describing the training run (source, builder, times).
 */
export function linkProvenance(
  model: Models.Component,
  facts: ProvenanceSummary,
  fileName: string,
  rootDigest: string,
): Json[] {
  const prop = (name: string, value: string): void => {
    model.properties.add(new Models.Property(name, value));
  };
  prop('mlsec:provenance:file', fileName);
  prop('mlsec:provenance:container', facts.container);
  // Signatures are checked by `mlsec provenance verify`, never here: say so in the BOM itself.
  prop('mlsec:provenance:verified', 'false');
  prop('mlsec:provenance:subject-digest', facts.subjectSha256);
  const matches = facts.subjectSha256 === rootDigest;
  prop('mlsec:provenance:subject-matches-model', String(matches));
  if (!matches) {
    prop(
      'mlsec:provenance:subject-mismatch',
      `provenance subject ${facts.subjectSha256} is not the model's OMS root digest ${rootDigest}`,
    );
  }
  if (facts.source !== undefined) {
    const comment = `commit ${facts.source.gitCommit} (from provenance)`;
    model.externalReferences.add(
      new Models.ExternalReference(facts.source.uri, Enums.ExternalReferenceType.VCS, { comment }),
    );
  }
  const properties: { name: string; value: string }[] = [];
  const add = (name: string, value: string | undefined): void => {
    if (value !== undefined) properties.push({ name, value });
  };
  add('mlsec:source:uri', facts.source?.uri);
  add('mlsec:source:git-commit', facts.source?.gitCommit);
  add('mlsec:build:builder-id', facts.builderId);
  add('mlsec:build:started-on', facts.startedOn);
  add('mlsec:build:finished-on', facts.finishedOn);
  add('mlsec:provenance:verified', 'false');
  return properties.length > 1 ? [{ 'bom-ref': 'mlsec:formulation', properties }] : [];
}
