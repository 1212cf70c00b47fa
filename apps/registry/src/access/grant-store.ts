import type { Grant } from './principal.ts';

/** Where role grants live: implemented by the database layer; memoryGrantStore() for tests. */
export interface GrantStore {
  /** Every grant the principal holds now. */
  grantsOf(principal: string): Promise<readonly Grant[]>;
}

/** A GrantStore over a fixed table of principal name to grants, for tests. */
export function memoryGrantStore(table: Readonly<Record<string, readonly Grant[]>>): GrantStore {
  const copy = new Map(Object.entries(table));
  return {
    grantsOf(principal) {
      return Promise.resolve(copy.get(principal) ?? []);
    },
  };
}
