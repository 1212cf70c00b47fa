import { createHash } from 'node:crypto';

/** Size in bytes of every hash in the log (SHA-256, RFC 9162 §2.1 with the log's hash set to SHA-256). */
export const HASH_SIZE = 32;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** MTH({}) = SHA-256(""): the root of the empty tree (RFC 9162 §2.1.1). */
export const EMPTY_ROOT: Uint8Array = createHash('sha256').digest();

/**
 * The hash of a leaf, SHA-256(0x00 ‖ entry) (RFC 9162 §2.1.1). The 0x00/0x01 prefixes keep a leaf from
 * being passed off as an interior node (second-preimage resistance).
 */
export function leafHash(entry: Uint8Array): Uint8Array {
  return createHash('sha256').update(LEAF_PREFIX).update(entry).digest();
}

/** The hash of an interior node, SHA-256(0x01 ‖ left ‖ right) (RFC 9162 §2.1.1). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** True when `a` and `b` hold the same bytes (hashes are public, so no constant-time compare is needed). */
export function hashEquals(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** True when `value` is a hash of the right length. */
export function isHash(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === HASH_SIZE;
}
