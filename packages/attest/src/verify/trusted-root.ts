import { readFile } from 'node:fs/promises';
import { fail, issue, ok, snippet, type ParseResult } from '@mlsec/core';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toTrustMaterial, type TrustMaterial } from '@sigstore/verify';
import { VERIFY_CODES } from '../bundle/codes.ts';
import { parseSafeJson } from '../bundle/safe-json.ts';

/** The shipped public-good root (data/SOURCE.md): same relative place from src/verify and dist/verify. */
const SHIPPED = new URL('../../data/sigstore-public-good-trusted-root.json', import.meta.url);
/** Real trusted roots are a few KiB; bounds a hostile or mistaken --trusted-root file. */
const MAX_TRUSTED_ROOT_BYTES = 4 * 1024 * 1024;
const MEDIA_TYPE_PREFIX = 'application/vnd.dev.sigstore.trustedroot';
const LISTS = ['tlogs', 'certificateAuthorities', 'ctlogs', 'timestampAuthorities'] as const;

/** The text of the Sigstore public-good trusted root shipped with this package. */
export async function shippedTrustedRoot(): Promise<string> {
  return readFile(SHIPPED, 'utf8');
}

/**
 * Read a Sigstore `trusted_root.json` (protobuf-specs TrustedRoot) into `@sigstore/verify` trust material.
 * Never throws: anything unreadable is VERIFY_TRUSTED_ROOT_INVALID.
 */
export function loadTrustMaterial(text: string): ParseResult<TrustMaterial> {
  const json = parseSafeJson(new TextEncoder().encode(text), MAX_TRUSTED_ROOT_BYTES);
  if (!json.ok) return bad(json.issues[0]?.message ?? 'not JSON');
  const root = json.value;
  if (root === null || typeof root !== 'object' || Array.isArray(root))
    return bad('not a JSON object');
  const fields = root as Readonly<Record<string, unknown>>;
  const mediaType = fields['mediaType'];
  if (typeof mediaType !== 'string' || !mediaType.startsWith(MEDIA_TYPE_PREFIX)) {
    return bad(`mediaType "${snippet(String(mediaType), 80)}" is not a Sigstore trusted root`);
  }
  const missing = LISTS.find((name) => fields[name] !== undefined && !Array.isArray(fields[name]));
  if (missing !== undefined) return bad(`${missing} is not a list`);
  try {
    return ok(toTrustMaterial(TrustedRoot.fromJSON(root)));
  } catch (err) {
    return bad(snippet(err instanceof Error ? err.message : String(err), 120));
  }
}

function bad(why: string): ParseResult<TrustMaterial> {
  return fail([
    issue(VERIFY_CODES.VERIFY_TRUSTED_ROOT_INVALID, `trusted root: ${why}`, undefined, true),
  ]);
}
