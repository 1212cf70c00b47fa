/** @mlsec/scan: policy over formats. Walks a tree, identifies artifacts and yields Findings. */
export type { ScanContext, Detector, ReportInput, ScanBudget } from './engine/context.ts';
export type { Policy, GlobalVerdict } from './policy/types.ts';
export type { RuleDef } from './rules/rule.ts';
export { ATLAS } from './rules/rule.ts';
