/**
 * Stable error codes. Codes are the contract; messages are presentation. Every code has a row in
 * docs/errors.md (a test keeps the two in sync).
 */
export const ERROR_CODES = {
  CORE_INVALID_LIMITS: 'A Limits object has a negative, fractional or missing value.',
  CORE_READ_FAILED: 'A file could not be opened or read to the end while mlsec hashed it.',
  CORE_INTERNAL: 'An unexpected internal error; please report it with the command that caused it.',
  SCAN_PATH_NOT_FOUND: 'A path given to scan does not exist.',
  SCAN_READ_FAILED: 'A file could not be read (permissions, I/O error).',
  SCAN_POLICY_INVALID:
    'The --policy file is not valid JSON/YAML or does not match the policy schema.',
  SCAN_BASELINE_INVALID:
    'The --baseline file is not a JSON report written by mlsec scan --format json.',
  SCAN_WORKER_FAILED: 'A scan worker thread stopped unexpectedly.',
  SCAN_ADVISORIES_INVALID:
    'The advisory database (shipped or from advisories update) is not a valid mlsec advisory database, or an OSV folder holds no PyPI advisory.',
  SCAN_SECRETS_CONFIG_INVALID:
    'The secrets rules file (gitleaks TOML) is not valid TOML or a field has the wrong type or value.',
  SCAN_SECRETS_REGEX_INVALID:
    'A regex in the secrets rules file is not valid RE2 syntax or exceeds the size limit.',
  SCAN_SECRETS_EXTEND_FAILED:
    'The [extend] path of a secrets rules file could not be read, or extends nest deeper than two levels.',
  SCAN_UNKNOWN_SCANNER:
    'A name given to --only or --skip is not a scanner or scanner group (see mlsec scan --help).',
  SCAN_GIT_NOT_A_REPO:
    'The path given to scan --git is not inside a git work tree (or git refuses it, e.g. safe.directory).',
  SCAN_GIT_UNAVAILABLE: 'scan --git needs the git command, and it could not be started.',
  SCAN_GIT_BAD_RANGE:
    'The --git-range value is not a revision or range git knows (e.g. main..feature), or starts with -.',
  SCAN_GIT_FAILED:
    'git stopped with an error or wrote output mlsec could not parse while history was being read.',
  SCAN_REDACT_TOO_LARGE: 'The file given to mlsec redact is larger than the redaction size limit.',
  SCAN_REDACT_BINARY:
    'The file given to mlsec redact is binary (holds NUL bytes); only text files and notebooks are redacted.',
  SCAN_REDACT_NOTEBOOK_INVALID:
    'The notebook given to mlsec redact is not valid UTF-8 nbformat v4 JSON, so it cannot be rewritten safely.',
  SCAN_CONVERT_INVALID_INPUT:
    'A tensor given to the SafeTensors writer has an empty, repeated or reserved name, an unsupported dtype, a bad shape, a byte length other than shape x dtype size, or the header would pass 100 MB; nothing was written.',
  SCAN_CONVERT_BYTE_COUNT:
    'A tensor yielded more or fewer bytes than it announced while the SafeTensors output was written; the partial output was removed.',
  SCAN_CONVERT_WRITE_FAILED:
    'The SafeTensors output could not be written, flushed or renamed into place (disk full, permissions), or a tensor producer failed; the partial output was removed.',
  SCAN_CONVERT_REFUSED:
    'The checkpoint pickle uses a global or call outside the conversion allow-list, or values torch would reject; nothing was executed and no output was written.',
  SCAN_CONVERT_NOT_CHECKPOINT:
    'The input is not a format mlsec convert reads (a PyTorch zip checkpoint with one data.pkl under a root folder, a legacy torch.save file, a NumPy .npy or .npz, a joblib dump, or a Hugging Face pytorch_model.bin.index.json); no output was written.',
  SCAN_CONVERT_INDEX_INVALID:
    'The pytorch_model.bin.index.json given to mlsec convert is not JSON with a weight_map of names to shard files in its own folder, or it disagrees with what the shards hold; the shards already written were removed.',
  SCAN_CONVERT_OUTPUT_EXISTS:
    'The SafeTensors output (or a shard or index of it) already exists, or would replace the input; mlsec convert replaces an existing file only with --force.',
  SCAN_CONVERT_VERIFY_FAILED:
    'mlsec convert --verify re-read the SafeTensors output and found a tensor, dtype, shape or metadata entry that differs from the source; the output was removed.',
  SCAN_CONVERT_BIG_ENDIAN:
    'The checkpoint stores its tensors big-endian; mlsec convert does not byte-swap, so no output was written.',
  SCAN_CONVERT_STORAGE_INVALID:
    'A storage record of the checkpoint is missing, compressed, of the wrong size, or a tensor view reaches past its storage; no output was written.',
  CLI_REDACT_OUTPUT_EXISTS:
    'The redacted copy already exists; mlsec redact overwrites it only with --force (or use --in-place).',
  CLI_USAGE: 'A command line flag or argument is missing, unknown or has a bad value.',
  CLI_OUTPUT_FAILED: 'The --output file could not be written.',
  CLI_ADVISORIES_OLDER:
    'advisories update would replace a database holding a newer snapshot with an older one (pass --force).',
  CLI_REGISTRY_NOT_CONFIGURED:
    'No registry URL was given (--registry) or stored (mlsec registry login), or the stored login file is unreadable or not one login writes.',
  CLI_REGISTRY_INSECURE_URL:
    'The registry URL is neither https:// nor http:// on a loopback address; a token must not cross the network in clear (use https://, or --insecure).',
  CLI_REGISTRY_UNREACHABLE:
    'The registry did not answer: connection refused, name not found, TLS failure, or a redirect (the client follows none, so a token never follows one).',
  CLI_REGISTRY_BAD_RESPONSE:
    'The registry answered with something the API does not send: invalid or oversized JSON, a missing field, or a file path that is unsafe (absolute, .., backslash) or listed twice; nothing was written.',
  CLI_REGISTRY_VERIFY_FAILED:
    'A pulled file differs from the version manifest in size or SHA-256, or its download broke off; no file of the pull was kept.',
  CLI_REGISTRY_SIGNATURE_FAILED:
    'mlsec registry pull was given trust (--key, --cert-chain or --identity/--issuer) and the version has no signature, or its signature does not verify under that trust over the pulled files; no file of the pull was kept.',
  CLI_REGISTRY_TIMEOUT:
    'mlsec registry push --wait gave up: the upload checks of the version had not finished in time (it is still pending; look again later).',
  CLI_REGISTRY_FILE_REFUSED:
    'The folder given to mlsec registry push holds a symlink, socket, FIFO or device, or more files than a version may list; only regular files are pushed.',
  CLI_REGISTRY_TARGET_EXISTS:
    'A file mlsec registry pull would write already exists (pass --force to replace it) or a symlink or file stands where the version needs a folder.',
  CLI_REGISTRY_IO_FAILED:
    'A local file of a registry command could not be read or written (the login file, a token file, a pushed file, or a pulled file or its folder).',
  ATTEST_MODEL_NOT_FOUND: 'The model path does not exist or cannot be read.',
  ATTEST_SYMLINK_REFUSED:
    'The model contains a symlink and symlinks are not allowed (--allow-symlinks).',
  ATTEST_UNSUPPORTED_FILE: 'The model contains a socket, FIFO, device or broken symlink.',
  ATTEST_UNSUPPORTED_NAME: 'A file name in the model is not valid UTF-8.',
  ATTEST_TOO_MANY_FILES:
    'The model has more files (or, in shards mode, shards) than the maxFiles limit.',
  ATTEST_READ_FAILED: 'A model file could not be read, or changed size while being hashed.',
  ATTEST_BAD_OPTIONS: 'A manifest option has a bad value (shard size, ignore path, limit).',
  ATTEST_BAD_DIGEST: 'A resource digest is not an even-length hex string.',
  ATTEST_EMPTY_MODEL:
    'The model has no files left to sign after ignores (OMS v1.0 forbids signing or accepting an empty model).',
  ATTEST_WORKER_FAILED: 'A hashing worker thread stopped unexpectedly.',
  KEY_UNREADABLE: 'A key file could not be read or is not a PEM private/public key.',
  KEY_PASSPHRASE:
    'An encrypted private key needs a passphrase (MLSEC_KEY_PASSPHRASE or the prompt), or the one given is wrong.',
  KEY_UNSUPPORTED:
    'The key is not ECDSA on P-256, P-384 or P-521, the only curves OpenSSF model signing accepts.',
  KEY_EXISTS: 'mlsec keygen will not overwrite an existing key file.',
  SIGN_CERT_MISMATCH: 'The signing certificate does not hold the public half of the private key.',
  SIGN_WRITE_FAILED: 'The signature or statement file could not be written.',
  VERIFY_BUNDLE_TOO_LARGE: 'The signature bundle is larger than the size limit.',
  VERIFY_BUNDLE_JSON:
    'The signature bundle is not UTF-8 JSON, nests too deeply, or carries a __proto__/constructor key.',
  VERIFY_BUNDLE_SHAPE: 'A required field of the signature bundle is missing or has the wrong type.',
  VERIFY_BUNDLE_MEDIA_TYPE: 'The bundle mediaType is not a known Sigstore bundle media type.',
  VERIFY_BUNDLE_BASE64: 'A base64 field of the bundle is not standard base64.',
  VERIFY_PAYLOAD_TYPE: 'The DSSE payload type is not application/vnd.in-toto+json.',
  VERIFY_SIGNATURE_COUNT: 'The DSSE envelope does not carry exactly one signature.',
  VERIFY_SIGNATURE_MALFORMED: 'The signature is not a well-formed DER ECDSA signature.',
  VERIFY_SIGNATURE_INVALID:
    'The signature does not verify over the envelope with the key: the signature or the signed statement was altered, or the key is wrong.',
  VERIFY_KEY_MISMATCH:
    'The bundle names a key (hint or raw bytes) that is not the key given to verify.',
  VERIFY_KEY_UNSUPPORTED:
    'The verification key is not ECDSA P-256/P-384/P-521, or its PEM could not be read.',
  VERIFY_MATERIAL_KIND:
    'The bundle was signed another way (key, certificate chain, keyless) than the one asked for.',
  VERIFY_CERT_MALFORMED: 'A certificate in the bundle or a trust anchor could not be parsed.',
  VERIFY_CERT_EXPIRED: 'A certificate is outside its validity period at the verification time.',
  VERIFY_CERT_USAGE:
    'An issuing certificate is not a CA, or the leaf certificate may not sign code.',
  VERIFY_CHAIN_BROKEN: 'A certificate in the chain is not signed by the next one.',
  VERIFY_CHAIN_UNTRUSTED: 'The certificate chain does not end at one of the trusted roots.',
  VERIFY_IDENTITY_MISMATCH:
    'The keyless signing certificate names another identity or OIDC issuer than the one required.',
  VERIFY_TLOG:
    'The transparency-log entry or timestamp of a keyless bundle does not verify against the trusted root.',
  VERIFY_TRUSTED_ROOT_INVALID: 'The --trusted-root file is not a Sigstore trusted root.',
  VERIFY_STATEMENT: 'The signed payload is not an in-toto Statement v1 of a known predicate.',
  VERIFY_ROOT_DIGEST:
    'The subject digest does not match the listed resources (the manifest is inconsistent).',
  VERIFY_MODEL_MISMATCH:
    'The files on disk differ from the signed manifest: modified, missing or extra files.',
  PROVENANCE_PARAMS_INVALID: 'The --params file is not a JSON or YAML object.',
  PROVENANCE_DATASET_NOT_FOUND: 'A --dataset path does not exist or cannot be read.',
  PROVENANCE_STATEMENT_INVALID:
    'The provenance file is not an in-toto statement with a SLSA v1 provenance predicate.',
  PROVENANCE_SUBJECT_MISMATCH: 'The model on disk does not match the provenance subject digest.',
  PROVENANCE_DATASET_MISMATCH:
    'A dataset on disk does not match the manifest recorded in the provenance.',
  BOM_INVALID:
    'The generated CycloneDX BOM does not validate against the CycloneDX 1.6 schema (please report it).',
  BOM_INPUT_IGNORED:
    'Warning: part of the model card, config.json or an auto-detected provenance file could not be read (malformed, hostile or over a limit) and was left out of the BOM.',
  REGISTRY_LOG_ENTRY_INVALID:
    'A registry transparency-log entry is not one of the known kinds with exactly its fields, or is not in canonical (RFC 8785) form.',
  REGISTRY_AUTH_REQUIRED:
    'The registry route needs credentials (an API token or OIDC token in the Authorization header) and the request had none.',
  REGISTRY_AUTH_INVALID:
    'The credentials sent to the registry are malformed, unknown, expired or revoked.',
  REGISTRY_RATE_LIMITED:
    'The caller sent more requests than the registry allows per principal per minute; retry after the time the response gives.',
  REGISTRY_REQUEST_INVALID:
    'A registry request is malformed: a path parameter, query or JSON body failed validation.',
  REGISTRY_ROUTE_UNPROTECTED:
    'A registry route was registered without declaring the action that authorises it (or that it is public); the server refuses to start.',
  REGISTRY_NOT_FOUND:
    'The namespace, model, version or alias named in the registry request does not exist (or the caller may not know of it).',
  REGISTRY_VERSION_EXISTS:
    'A model version with this id already exists; versions are immutable, so pushing it again with any content is refused.',
  REGISTRY_VERSION_CONFLICT:
    'The registry request conflicts with the current state: the version was already checked, the alias has no earlier target to roll back to, or the approval was already given.',
  REGISTRY_VERSION_NOT_READY:
    'The version has not passed its upload checks (it is pending or failed), so it cannot be pulled, promoted or rolled back to.',
  REGISTRY_GATE_REFUSED:
    'The namespace gate policy refused to point the alias at this version; the message lists every gate that failed and why.',
  REGISTRY_CONFIG_INVALID:
    'The registry data folder has no readable registry.json, or it lacks a setting (database, blobs, origin, verifierKey, maxBlobBytes) or its log key, or a storage setting is malformed (blobs location, s3, encryption), or the key-encryption key is missing, readable by group or others, or not 32 bytes as hex or base64.',
  REGISTRY_ACCESS_DENIED:
    'The caller is not allowed to do this in the namespace: no grant of the role the action needs (anonymous callers may only pull from an explicitly public namespace).',
  REGISTRY_ACCESS_CONFIG_INVALID:
    'An access setting is invalid: API token options (scopes, lifetime), the OIDC settings (issuer, audience, JWKS URL, algorithms, claim) or the pull-volume alert thresholds.',
  REGISTRY_GATE_POLICY_INVALID:
    'The namespace gate policy file is not one YAML document matching the gate policy schema; the message names each offending path and why.',
  REGISTRY_BLOB_BAD_DIGEST:
    'A blob address is not a SHA-256 digest written as 64 lowercase hex characters.',
  REGISTRY_BLOB_BAD_OPTIONS:
    'A blob store was given a bad option: a maxBytes that is not a non-negative integer, a part size out of range, or a key-encryption key that is not 32 bytes.',
  REGISTRY_BLOB_NOT_FOUND: 'No blob is stored under the requested digest.',
  REGISTRY_BLOB_TOO_LARGE:
    'An uploaded blob is larger than the maxBytes limit; nothing was stored.',
  REGISTRY_BLOB_DIGEST_MISMATCH:
    'The uploaded bytes do not hash to the expected SHA-256 digest; nothing was stored.',
  REGISTRY_BLOB_CORRUPT:
    'A stored blob no longer matches its digest (changed, truncated or extended behind the store, or its encrypted framing fails authentication); discard every byte already read.',
  REGISTRY_BLOB_KEY_MISMATCH:
    'An encrypted blob was written under another key-encryption key than the one the store was given.',
  REGISTRY_BLOB_UNSAFE_PATH:
    'The blob directory holds a symlink or a non-regular file where a blob or one of its folders should be; it is not followed.',
  REGISTRY_BLOB_STORE_FAILED:
    'The blob store could not write, read or list (disk full, permissions, an S3 error or an unreachable endpoint).',
  REGISTRY_TLOG_RANGE:
    'A transparency-log root or proof was asked for a leaf index or tree size outside the log (index not below size, old size above new size, or a size beyond the current tree).',
  REGISTRY_TLOG_NODE_MISSING:
    "The transparency log's hash store lacks a tree node that its size says it holds, or was given nodes out of order: the store is damaged or was edited.",
  REGISTRY_TLOG_PROOF_INVALID:
    'An inclusion or consistency proof does not verify against the given roots (wrong number of hashes, wrong hashes, or an out-of-range index or size).',
  REGISTRY_TLOG_NOTE_MALFORMED:
    'A signed note (C2SP signed-note) is not valid UTF-8, holds control characters, lacks the blank line or signature lines, has a malformed signature line, or is over the size or signature-count limit.',
  REGISTRY_TLOG_NOTE_UNVERIFIED:
    'No signature on a signed note is from a trusted key, so its text must be ignored.',
  REGISTRY_TLOG_SIGNATURE_INVALID:
    'A signature on a signed note from a trusted key does not verify, so the whole note is rejected.',
  REGISTRY_TLOG_KEY_INVALID:
    'A note verifier or signer key is malformed (name, key id, base64 or algorithm), its key id does not match the key, or two trusted keys share a name and key id.',
  REGISTRY_TLOG_CHECKPOINT_MALFORMED:
    'A checkpoint note text is not an origin line, a tree size (decimal, no leading zeros), a base64 32-byte root hash and optional non-empty extension lines.',
  REGISTRY_TLOG_CHECKPOINT_ORIGIN:
    'A checkpoint names another log (origin) than the one it was checked for.',
  REGISTRY_DB_URL_INVALID:
    'The registry database URL is not sqlite:PATH or postgres://…, or the PostgreSQL schema name is not a plain identifier.',
  REGISTRY_DB_OPEN_FAILED:
    'The registry database could not be opened or reached (missing folder, permissions, PostgreSQL down or refusing the login).',
  REGISTRY_DB_MIGRATION_FAILED:
    'A registry database migration failed; the migrations of that run were rolled back where the engine allows it.',
  REGISTRY_DB_INTEGER_RANGE:
    'A bigint read from PostgreSQL is larger than JavaScript numbers hold exactly (2^53 - 1), so the registry refused to use it.',
  REGISTRY_ALREADY_INITIALISED:
    'The registry database already has principals, so init refused to create another admin (add principals and tokens with an admin token instead).',
  REGISTRY_LAST_ADMIN:
    'The change would leave the registry without a registry-wide admin (admin on *) who can sign in: it revokes the last such grant, the grant of the principal holding the last live admin token, or that token itself. Grant another admin first.',
  REGISTRY_NAMESPACE_EXISTS: 'A namespace of that name already exists in the registry.',
  REGISTRY_DB_ROW_INVALID:
    'A registry database row does not hold what the registry writes (for example a token scope that is not a JSON list of namespace roles): it was edited behind the server or is corrupt.',
  REGISTRY_JOB_INVALID:
    'A background-job request or queue setting is invalid: an undeclared or malformed job kind, a payload that is not a JSON object or is over the size limit, a second worker for one kind, a database of the wrong engine, or an option out of range.',
  REGISTRY_JOB_QUEUE_STOPPED: 'The job queue was stopped, so it takes no more jobs or workers.',
  REGISTRY_JOB_LEASE_EXPIRED:
    'A job attempt ran past its lease: it was counted as a failed attempt (retried if attempts remain) and its handler was asked to stop through its abort signal.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Base class for every error mlsec raises on purpose. `code` is stable and documented. */
export class MlsecError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MlsecError';
    this.code = code;
  }
}

/** True for errors that carry one of our codes. */
export function isMlsecError(value: unknown): value is MlsecError {
  return value instanceof MlsecError;
}
