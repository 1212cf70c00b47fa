import type { Grant } from './principal.ts';

/** A stored API token. The secret itself is never stored, only its SHA-256. Times are ms since the epoch. */
export interface TokenRecord {
  /** Public lookup id (the first characters of the token's random part). */
  readonly id: string;
  /** Hex SHA-256 of the whole token string. */
  readonly secretHash: string;
  /** The principal the token authenticates as. */
  readonly principal: string;
  /** What the token may do: roles per namespace, intersected with the principal's grants. */
  readonly scope: readonly Grant[];
  readonly description: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly revokedAt: number | null;
}

/** Where tokens live: implemented by the database layer; memoryTokenStore() for tests. */
export interface TokenStore {
  /** Insert a token; false (and no change) when a token with the same id exists. */
  insertToken(record: TokenRecord): Promise<boolean>;
  /** The token with this public id, revoked or not. */
  findToken(id: string): Promise<TokenRecord | undefined>;
  /** Mark a token revoked at `at`; false when there is no such token or it was already revoked. */
  revokeToken(id: string, at: number): Promise<boolean>;
}

/** A TokenStore in a Map, for tests and single-process use. */
export function memoryTokenStore(): TokenStore {
  const tokens = new Map<string, TokenRecord>();
  return {
    insertToken(record) {
      if (tokens.has(record.id)) return Promise.resolve(false);
      tokens.set(record.id, record);
      return Promise.resolve(true);
    },
    findToken(id) {
      return Promise.resolve(tokens.get(id));
    },
    revokeToken(id, at) {
      const record = tokens.get(id);
      if (record === undefined || record.revokedAt !== null) return Promise.resolve(false);
      tokens.set(id, { ...record, revokedAt: at });
      return Promise.resolve(true);
    },
  };
}
