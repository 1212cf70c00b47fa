/** A small, safe Python reader for reviewing repository code: tokenizer, imports, dangerous uses. */
export { tokenizePython } from './tokenizer.ts';
export type { Token, TokenKind, TokenizeResult } from './tokenizer.ts';
export { collectImports } from './imports.ts';
export type { ImportTable, RelativeImport, StarImport } from './imports.ts';
export { findDangerousUses } from './find-uses.ts';
export type { DangerousUse, UseKind } from './find-uses.ts';
export type { DangerCategory } from './catalogue.ts';
