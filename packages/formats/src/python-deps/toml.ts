import { parse } from 'smol-toml';
import { snippet } from '@mlsec/core';
import type { Collector } from './collector.ts';

/** Deepest table nesting accepted in a dependency file's TOML. */
const MAX_TOML_DEPTH = 32;

/**
 * Parse TOML with smol-toml (bounded depth); undefined, with PYDEPS_SYNTAX reported, when it fails.
 * The result is plain data whose keys are only ever read by name.
 */
export function parseToml(text: string, collector: Collector): Record<string, unknown> | undefined {
  try {
    return parse(text, { maxDepth: MAX_TOML_DEPTH, unsafeKeyBehaviour: 'drop' });
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : 'unreadable';
    collector.report('PYDEPS_SYNTAX', `not TOML: ${snippet(message, 120)}`, true);
    return undefined;
  }
}

/** A TOML table (a plain object), else undefined. */
export function table(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** An own property of a table (never an inherited one). */
export function field(value: unknown, key: string): unknown {
  const t = table(value);
  return t !== undefined && Object.hasOwn(t, key) ? t[key] : undefined;
}

export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
