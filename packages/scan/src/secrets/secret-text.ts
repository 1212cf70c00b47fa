import { createHmac } from 'node:crypto';

/**
 * Shannon entropy of a string in bits per character, counted over code points and divided by the UTF-8
 * length, as gitleaks does (the two agree on ASCII).
 */
export function shannonEntropy(text: string): number {
  if (text === '') return 0;
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const length = Buffer.byteLength(text, 'utf8');
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** How many leading characters a masked secret shows, at most (never more than a quarter of it). */
export const MASK_VISIBLE = 4;

/** The secret's first characters and an ellipsis: enough to recognise it, never enough to use it. */
export function maskSecret(secret: string): string {
  const chars = [...secret];
  const visible = Math.min(MASK_VISIBLE, Math.floor(chars.length / 4));
  return `${chars.slice(0, visible).join('')}…`;
}

/**
 * A salted SHA-256 (HMAC with the salt as key) of the secret, hex. Stable for one salt, so baselines can
 * match findings without storing the secret; the salt keeps short secrets from being brute-forced.
 */
export function fingerprintSecret(secret: string, salt: string): string {
  return createHmac('sha256', salt).update(secret, 'utf8').digest('hex');
}
