/** How the policy judges one imported global (module + qualified name) found in a pickle. */
export type GlobalVerdict =
  | { readonly kind: 'allowed' }
  | {
      readonly kind: 'dangerous';
      /** Denylist category, e.g. 'process-execution', 'dynamic-code', 'network'. */
      readonly category: string;
      /** Why it is dangerous, one phrase. */
      readonly reason: string;
      /** The denylist pattern that matched, canonical (`os.system`, `subprocess.*`), for evidence. */
      readonly pattern?: string;
    }
  | { readonly kind: 'unknown' };

/** The allowlist/denylist policy, built from defaults plus the user's --policy file. */
export interface Policy {
  classifyGlobal(module: string, name: string): GlobalVerdict;
  /** Keras / config modules considered safe to name in a `.keras` config ('keras', 'tensorflow', ...). */
  isAllowedConfigModule(module: string): boolean;
}
