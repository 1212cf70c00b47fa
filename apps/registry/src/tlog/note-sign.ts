import { MlsecError } from '@mlsec/core';
import { SIGNATURE_PREFIX } from './note.ts';
import type { NoteSigner } from './note-signer.ts';
import { encodeBase64, hasControlCharacter, isValidKeyName, isWellFormed } from './text-rules.ts';

/**
 * Sign `text` (which must end in a newline) with each signer and return the signed note: the text, a
 * blank line, then one `— <name> <base64(key id ‖ signature)>` line per signer (C2SP signed-note).
 * Throws REGISTRY_TLOG_NOTE_MALFORMED for text a verifier would refuse, and REGISTRY_TLOG_KEY_INVALID
 * for a bad signer name or two signers with one name and key id.
 */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  if (!text.endsWith('\n') || !isWellFormed(text) || hasControlCharacter(text)) {
    throw new MlsecError(
      'REGISTRY_TLOG_NOTE_MALFORMED',
      'note text must be well-formed, end in a newline and hold no control character',
    );
  }
  if (signers.length === 0) {
    throw new MlsecError('REGISTRY_TLOG_KEY_INVALID', 'a note needs at least one signer');
  }
  const message = new TextEncoder().encode(text);
  const seen = new Set<string>();
  let out = `${text}\n`;
  for (const signer of signers) {
    const key = `${signer.name}\n${signer.keyId}`;
    if (!isValidKeyName(signer.name) || seen.has(key)) {
      throw new MlsecError(
        'REGISTRY_TLOG_KEY_INVALID',
        'a note signer name is invalid or repeated',
      );
    }
    seen.add(key);
    const id = Buffer.alloc(4);
    id.writeUInt32BE(signer.keyId >>> 0);
    const signature = encodeBase64(Buffer.concat([id, signer.sign(message)]));
    out += `${SIGNATURE_PREFIX}${signer.name} ${signature}\n`;
  }
  return out;
}
