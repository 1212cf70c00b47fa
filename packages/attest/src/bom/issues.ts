/**
 * Issue code for model-card, config or provenance content that `buildModelBom` left out of the BOM
 * (unreadable, hostile or over a limit). The BOM is still written; the CLI prints each issue as a warning.
 * Catalogued in @mlsec/core ERROR_CODES and docs/errors.md.
 */
export const BOM_INPUT_IGNORED = 'BOM_INPUT_IGNORED';
