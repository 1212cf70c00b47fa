import { Models, SPDX } from '@cyclonedx/cyclonedx-library';
import type { CardFields } from './card-fields.ts';
import type { ConfigFields } from './model-config.ts';

/**
 * The model's licences: the model card's `license` (Hugging Face front matter) or else config.json's.
 * An SPDX id (any case, as the Hub writes `apache-2.0`) becomes `license.id`; the Hub's `other` becomes a
 * named licence from `license_name` with `license_link` as its URL; anything else (e.g. `llama2`) is a
 * named licence (with `license_link` as its URL when given). The serializer keeps a URL only if it is a valid IRI reference.
 */
export function modelLicences(
  card: CardFields | undefined,
  config: ConfigFields | undefined,
): Models.License[] {
  const declared = card?.license ?? (config?.license !== undefined ? [config.license] : []);
  const link = card?.licenseLink;
  const options = link !== undefined ? { url: link } : {};
  return declared.map((value) => {
    const id = SPDX.fixupSpdxId(value);
    if (id !== undefined) return new Models.SpdxLicense(id);
    if (value.toLowerCase() === 'other')
      return new Models.NamedLicense(card?.licenseName ?? 'other', options);
    return new Models.NamedLicense(value, options);
  });
}
