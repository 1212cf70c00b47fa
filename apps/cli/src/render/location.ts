import type { Location } from '@mlsec/core';
import { safeText } from './text.ts';

/** Separator between a file and the members inside it, as printed: `release.tar.gz › model.bin`. */
export const MEMBER_SEPARATOR = ' › ';

/** A positive integer line or column (detectors count from 1); anything else is not shown. */
export function isPosition(value: number | undefined): value is number {
  return value !== undefined && Number.isSafeInteger(value) && value >= 1;
}

/** A byte offset (from 0); anything else is not shown. */
export function isOffset(value: number | undefined): value is number {
  return value !== undefined && Number.isSafeInteger(value) && value >= 0;
}

/** The member chain inside the file, escaped for display: `model/pytorch_model.bin › archive/data.pkl`. */
export function memberChain(location: Location): string {
  return (location.member ?? []).map(safeText).join(MEMBER_SEPARATOR);
}

/**
 * One-line, terminal-safe location: path, member chain, JSON pointer (as a URI fragment, RFC 6901 §6),
 * notebook cell, then `:line[:column]` or, when there is no line, `@offset`.
 * @example formatLocation({ path: 'a.zip', member: ['data.pkl'], offset: 42 }) // 'a.zip › data.pkl @42'
 */
export function formatLocation(location: Location): string {
  let text = [location.path, ...(location.member ?? [])].map(safeText).join(MEMBER_SEPARATOR);
  if (location.pointer !== undefined) text += `#${safeText(location.pointer)}`;
  if (location.cell !== undefined) text += ` (cell ${location.cell})`;
  if (isPosition(location.line)) {
    text += `:${location.line}`;
    if (isPosition(location.column)) text += `:${location.column}`;
  } else if (isOffset(location.offset)) {
    text += ` @${location.offset}`;
  }
  return text;
}
