import { stat } from 'node:fs/promises';
import { readFileBounded } from '@mlsec/core';
import { MlsecError } from '@mlsec/core';
import { bundledAdvisories, parseAdvisoryDatabase } from '../advisories/database.ts';
import { MAX_ADVISORY_DB_BYTES } from '../advisories/database.ts';
import { createAdvisoryIndex } from '../advisories/match.ts';
import type { AdvisoryIndex } from '../advisories/match.ts';
import { loadSecretsConfig, mlSecretsConfig } from '../secrets/config.ts';
import type { SecretsConfig } from '../secrets/types.ts';

/**
 * Key of the secret fingerprints (HMAC-SHA-256) when neither --secrets-salt nor a baseline gives one.
 * Documented: with the default key the hash only hides the secret from casual readers; a baseline made by
 * `mlsec baseline create` carries a random salt of its own.
 */
export const DEFAULT_SECRETS_SALT = 'mlsec-secrets-v1';

/** How to build the secrets engine: plain data, so worker threads can rebuild it. */
export interface SecretsInit {
  /** gitleaks TOML rules instead of the shipped ones (`[extend] useDefault = true` builds on them). */
  readonly configFile?: string;
  /** Key of the fingerprint HMAC (default DEFAULT_SECRETS_SALT). */
  readonly salt?: string;
}

/** Which advisory database dependency checks use: plain data, like SecretsInit. */
export interface AdvisoriesInit {
  /** A database written by `mlsec advisories update` (default: the snapshot shipped with @mlsec/scan). */
  readonly databaseFile?: string;
  /**
   * The user's database (`mlsec advisories update` writes it to the data folder): used instead of the
   * shipped snapshot when it exists and its snapshot is newer. Ignored when databaseFile is given.
   */
  readonly userDatabaseFile?: string;
}

/** Everything beyond limits and policy that detectors need, as plain data (crosses to workers). */
export interface ScanSettingsInit {
  readonly secrets?: SecretsInit;
  readonly advisories?: AdvisoriesInit;
}

/** The secrets engine of a scan. */
export interface SecretsSettings {
  readonly config: SecretsConfig;
  readonly salt: string;
}

/** The advisory database of a scan. */
export interface AdvisoriesSettings {
  readonly index: AdvisoryIndex;
  /** Date of the OSV snapshot (YYYY-MM-DD), shown in every report. */
  readonly snapshotDate: string;
  /** Where it came from: 'bundled' or the database file. */
  readonly source: string;
}

/** Loaded settings, shared by every detector of one thread; a part is absent when no detector needs it. */
export interface ScanSettings {
  readonly secrets?: SecretsSettings;
  readonly advisories?: AdvisoriesSettings;
}

/** Which parts of the settings the selected detectors need. */
export interface SettingsNeeds {
  readonly secrets: boolean;
  readonly advisories: boolean;
}

async function loadAdvisories(init: AdvisoriesInit | undefined): Promise<AdvisoriesSettings> {
  const file = init?.databaseFile;
  if (file === undefined) {
    const db = bundledAdvisories();
    const user = init?.userDatabaseFile;
    if (user !== undefined && (await isFile(user))) {
      const loaded = await loadAdvisoryFile(user);
      if (loaded.snapshotDate > db.snapshotDate) return loaded;
    }
    return { index: createAdvisoryIndex(db), snapshotDate: db.snapshotDate, source: 'bundled' };
  }
  return loadAdvisoryFile(file);
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function loadAdvisoryFile(file: string): Promise<AdvisoriesSettings> {
  let read;
  try {
    read = await readFileBounded(file, MAX_ADVISORY_DB_BYTES, { refuseLarger: true });
  } catch (error) {
    throw new MlsecError('SCAN_ADVISORIES_INVALID', `cannot read ${file}`, { cause: error });
  }
  if (!read || read.truncated) {
    throw new MlsecError(
      'SCAN_ADVISORIES_INVALID',
      `${file} is missing, not a regular file or larger than ${MAX_ADVISORY_DB_BYTES} bytes`,
    );
  }
  const db = parseAdvisoryDatabase(Buffer.from(read.bytes).toString('utf8'));
  return { index: createAdvisoryIndex(db), snapshotDate: db.snapshotDate, source: file };
}

async function loadSecrets(init: SecretsInit | undefined): Promise<SecretsSettings> {
  const file = init?.configFile;
  const config = file === undefined ? mlSecretsConfig() : await loadSecretsConfig(file);
  return { config, salt: init?.salt ?? DEFAULT_SECRETS_SALT };
}

/**
 * Build the settings the selected detectors use: rule files are read and compiled here, once per thread,
 * so a bad file is one SCAN_* error before the scan starts, not a finding per file.
 */
export async function loadScanSettings(
  init: ScanSettingsInit,
  needs: SettingsNeeds,
): Promise<ScanSettings> {
  const [secrets, advisories] = await Promise.all([
    needs.secrets ? loadSecrets(init.secrets) : undefined,
    needs.advisories ? loadAdvisories(init.advisories) : undefined,
  ]);
  return { ...(secrets ? { secrets } : {}), ...(advisories ? { advisories } : {}) };
}
