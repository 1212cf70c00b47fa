/** @mlsec/scan: policy over formats. Walks a tree, identifies artifacts and yields Findings. */
export type { ScanContext, Detector, ReportInput, ScanBudget } from './engine/context.ts';
export type { Policy, GlobalVerdict } from './policy/types.ts';
export type { RuleDef } from './rules/rule.ts';
export { ATLAS } from './rules/rule.ts';
export { RULES, findRule } from './rules/index.ts';
export { rulesMarkdown } from './rules/rules-markdown.ts';
export { atlasTechniques, atlasLabel } from './rules/atlas.ts';
export type { AtlasTechnique } from './rules/atlas.ts';
