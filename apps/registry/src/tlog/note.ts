/** One signature line of a note: the key name, the key id and the base64 of (id ‖ signature). */
export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  readonly base64: string;
}

/** A note whose text is trusted: at least one signature from a trusted key verified. */
export interface OpenedNote {
  /** The signed text, including its final newline. */
  readonly text: string;
  /** Signatures from trusted keys, all verified. */
  readonly verified: readonly NoteSignature[];
  /** Signatures from unknown keys (cosigners, rotated keys), ignored as the spec requires. */
  readonly unverified: readonly NoteSignature[];
}

/** Bounds on a note checked before any signature is: hostile notes cost little. */
export interface NoteLimits {
  /** Largest note in bytes (UTF-8). */
  readonly maxBytes: number;
  /** Most signature lines (the spec requires accepting at least 16; Go's reference allows 100). */
  readonly maxSignatures: number;
}

export const DEFAULT_NOTE_LIMITS: NoteLimits = Object.freeze({
  maxBytes: 1024 * 1024,
  maxSignatures: 100,
});

/** The separator of signature lines: em dash (U+2014) and a space. */
export const SIGNATURE_PREFIX = '\u2014 ';
