import { resolve } from 'node:path';
import { MlsecError } from '@mlsec/core';
import type { TrustPolicy } from '@mlsec/attest';
import { readInputText } from './input-file.ts';

/** The parseArgs options every verifying command shares. */
export const TRUST_OPTIONS = {
  key: { type: 'string' },
  'cert-chain': { type: 'string' },
  identity: { type: 'string' },
  issuer: { type: 'string' },
  'trusted-root': { type: 'string' },
} as const;

/** The values of {@link TRUST_OPTIONS} after parsing. */
export interface TrustFlags {
  readonly key?: string | undefined;
  readonly 'cert-chain'?: string | undefined;
  readonly identity?: string | undefined;
  readonly issuer?: string | undefined;
  readonly 'trusted-root'?: string | undefined;
}

/**
 * What "verified" means, from the flags: exactly one of a public key, a PEM file of trusted roots for a
 * certificate chain, or a keyless identity with its OIDC issuer (against the shipped Sigstore root unless
 * --trusted-root names another).
 */
export async function trustPolicy(v: TrustFlags, cwd: string): Promise<TrustPolicy> {
  const keyless = v.identity !== undefined || v.issuer !== undefined;
  const chosen = [v.key !== undefined, v['cert-chain'] !== undefined, keyless].filter(Boolean);
  if (chosen.length !== 1) {
    throw new MlsecError(
      'CLI_USAGE',
      'give exactly one of --key, --cert-chain, or --identity with --issuer',
    );
  }
  if (v['trusted-root'] !== undefined && !keyless) {
    throw new MlsecError('CLI_USAGE', '--trusted-root only applies to --identity/--issuer');
  }
  const text = (path: string, flag: string): Promise<string> =>
    readInputText(resolve(cwd, path), flag);
  if (v.key !== undefined) return { kind: 'key', publicKeyPem: await text(v.key, '--key') };
  if (v['cert-chain'] !== undefined) {
    return { kind: 'certificate', anchorsPem: await text(v['cert-chain'], '--cert-chain') };
  }
  if (v.identity === undefined || v.issuer === undefined) {
    throw new MlsecError('CLI_USAGE', '--identity and --issuer go together');
  }
  const root = v['trusted-root'];
  return {
    kind: 'keyless',
    identity: v.identity,
    issuer: v.issuer,
    ...(root === undefined ? {} : { trustedRoot: await text(root, '--trusted-root') }),
  };
}
