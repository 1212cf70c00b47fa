import { createHash, randomBytes } from 'node:crypto';

/** Every registry API token starts with this, so secret scanners and people can recognise one. */
export const TOKEN_PREFIX = 'mlsr_';

/** Random bytes in a token: 256 bits, so a fast hash is enough to store it (no password stretching). */
export const TOKEN_RANDOM_BYTES = 32;

/** Length of the public lookup id: the first characters of the token's random part (72 bits). */
export const TOKEN_ID_LENGTH = 12;

/** base64url of 32 bytes without padding is 43 characters; the last one carries 4 zero bits. */
const TOKEN_PATTERN = /^mlsr_[A-Za-z0-9_-]{43}$/;

/** A token split into its public id and the digest that is stored in place of the secret. */
export interface TokenParts {
  readonly id: string;
  /** Hex SHA-256 of the whole token string. */
  readonly secretHash: string;
}

/** Hex SHA-256 of a token string, the form in which a token is stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Make a new token string from `TOKEN_RANDOM_BYTES` random bytes (injectable for tests). */
export function generateToken(random: (size: number) => Uint8Array = randomBytes): string {
  const bytes = random(TOKEN_RANDOM_BYTES);
  if (bytes.length !== TOKEN_RANDOM_BYTES)
    throw new RangeError('token randomness has the wrong size');
  return TOKEN_PREFIX + Buffer.from(bytes).toString('base64url');
}

/**
 * Split a presented token into id and digest, or undefined when it is not the exact shape of a token
 * (prefix, 43 base64url characters that decode to 32 bytes and re-encode identically).
 */
export function parseToken(presented: string): TokenParts | undefined {
  if (presented.length !== TOKEN_PREFIX.length + 43 || !TOKEN_PATTERN.test(presented))
    return undefined;
  const body = presented.slice(TOKEN_PREFIX.length);
  const bytes = Buffer.from(body, 'base64url');
  if (bytes.length !== TOKEN_RANDOM_BYTES || bytes.toString('base64url') !== body) return undefined;
  return { id: body.slice(0, TOKEN_ID_LENGTH), secretHash: hashToken(presented) };
}
