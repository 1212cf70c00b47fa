import { snippet } from '@mlsec/core';
import { DEFAULT_NOTE_LIMITS, SIGNATURE_PREFIX } from './note.ts';
import type { NoteLimits, NoteSignature, OpenedNote } from './note.ts';
import { keyIdHex } from './note-key.ts';
import type { NoteVerifier } from './note-key.ts';
import { failure, success } from './result.ts';
import type { TlogResult } from './result.ts';
import { decodeBase64, hasControlCharacter, isValidKeyName, isWellFormed } from './text-rules.ts';

const malformed = (why: string): TlogResult<OpenedNote> =>
  failure('REGISTRY_TLOG_NOTE_MALFORMED', `signed note ${why}`);

function decode(note: Uint8Array | string): string | undefined {
  if (typeof note === 'string') return isWellFormed(note) ? note : undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(note);
  } catch {
    return undefined;
  }
}

/**
 * Parse a C2SP signed note and check its signatures against the trusted `verifiers`
 * (c2sp.org/signed-note; same decisions as golang.org/x/mod's note.Open). Signatures from unknown keys
 * are ignored; a trusted key's signature that fails rejects the whole note; a repeated signature of one
 * key counts once; the note is accepted only when at least one trusted signature verifies.
 */
export function openNote(
  note: Uint8Array | string,
  verifiers: readonly NoteVerifier[],
  limits: NoteLimits = DEFAULT_NOTE_LIMITS,
): TlogResult<OpenedNote> {
  const size = typeof note === 'string' ? Buffer.byteLength(note, 'utf8') : note.length;
  if (size > limits.maxBytes) return malformed(`is larger than ${limits.maxBytes} bytes`);
  const text = decode(note);
  if (text === undefined) return malformed('is not valid UTF-8');
  if (hasControlCharacter(text)) return malformed('holds a control character');
  // The text ends at the last blank line; it keeps its final newline.
  const split = text.lastIndexOf('\n\n');
  if (split < 0) return malformed('has no blank line before its signatures');
  const body = text.slice(0, split + 1);
  const block = text.slice(split + 2);
  if (block === '' || !block.endsWith('\n')) return malformed('does not end in a signature line');

  const trusted = new Map<string, NoteVerifier[]>();
  for (const v of verifiers) {
    const key = `${v.name}\n${v.keyId}`;
    trusted.set(key, [...(trusted.get(key) ?? []), v]);
  }
  const message = new TextEncoder().encode(body);
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seenLines = new Set<string>(); // unknown keys: identical lines count once
  const seenKeys = new Set<string>(); // trusted keys: the first signature decides
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > limits.maxSignatures) {
    return malformed(`has more than ${limits.maxSignatures} signatures`);
  }
  for (const line of lines) {
    if (!line.startsWith(SIGNATURE_PREFIX)) return malformed('has a line that is not a signature');
    const rest = line.slice(SIGNATURE_PREFIX.length);
    const space = rest.indexOf(' ');
    const name = space < 0 ? rest : rest.slice(0, space);
    const base64 = space < 0 ? '' : rest.slice(space + 1);
    const raw = decodeBase64(base64);
    if (!isValidKeyName(name) || raw === undefined || raw.length < 5) {
      return malformed('has a malformed signature line');
    }
    const keyId = Buffer.from(raw.buffer, raw.byteOffset, 4).readUInt32BE(0);
    const signature: NoteSignature = { name, keyId, base64 };
    const key = `${name}\n${keyId}`;
    const candidates = trusted.get(key);
    if (candidates === undefined) {
      if (!seenLines.has(line)) unverified.push(signature);
      seenLines.add(line);
      continue;
    }
    if (candidates.length > 1) {
      return failure(
        'REGISTRY_TLOG_KEY_INVALID',
        `two trusted keys are named ${keyRef(name, keyId)}`,
      );
    }
    if (seenKeys.has(key)) continue;
    seenKeys.add(key);
    if (!(candidates[0] as NoteVerifier).verify(message, raw.subarray(4))) {
      return failure(
        'REGISTRY_TLOG_SIGNATURE_INVALID',
        `the signature of trusted key ${keyRef(name, keyId)} does not verify`,
      );
    }
    verified.push(signature);
  }
  if (verified.length === 0) {
    return failure(
      'REGISTRY_TLOG_NOTE_UNVERIFIED',
      'signed note has no signature from a trusted key',
    );
  }
  return success({ text: body, verified, unverified });
}

// The name matched a trusted key, but it was read from the note: escape and bound it all the same.
function keyRef(name: string, keyId: number): string {
  return `${snippet(name, 80)}+${keyIdHex(keyId)}`;
}
