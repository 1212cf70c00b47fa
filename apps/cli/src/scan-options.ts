import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { makeLimits, MlsecError } from '@mlsec/core';
import { loadPolicy, scannerNames } from '@mlsec/scan';
import type { PolicyOptions, ScanOptions } from '@mlsec/scan';
import { positiveInt } from './args.ts';
import type { Baseline } from './baseline.ts';
import { loadBaseline } from './baseline.ts';
import type { CommandIo } from './io.ts';
import { advisoriesInit } from './advisories-db.ts';

/** The flags that choose what a scan looks at and how: shared by `scan` and `baseline create`. */
export const SCAN_SELECTION_OPTIONS = {
  policy: { type: 'string' },
  'secrets-config': { type: 'string' },
  advisories: { type: 'string' },
  jobs: { type: 'string', short: 'j' },
  'max-depth': { type: 'string' },
  only: { type: 'string' },
  skip: { type: 'string' },
  exclude: { type: 'string', multiple: true },
} as const;

/** Help lines of SCAN_SELECTION_OPTIONS. */
export const SCAN_SELECTION_HELP = `      --policy <FILE>               JSON/YAML policy extending the allow and deny lists (docs/policy.md)
      --secrets-config <FILE>       gitleaks-format TOML rules instead of the shipped gitleaks + ML rules;
                                    add \`[extend] useDefault = true\` to build on the shipped ones
      --advisories <FILE>           advisory database written by 'mlsec advisories update'
  -j, --jobs <N>                    worker threads (default: 1, or up to 4 when the scan holds several
                                    files over 8 MB or more than 256 MB in all)
      --only <NAMES>                run only these scanners, comma-separated (see below)
      --skip <NAMES>                do not run these scanners
      --max-depth <N>               deepest archive/compression nesting scanned (default: 8)
      --exclude <GLOB>              leave out matching files and folders (repeatable, comma-separated):
                                    a name anywhere (node_modules, .venv, *.log) or a path (data/raw/**)`;

/** Words of `text` in lines of at most `width` columns. */
function wrapWords(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  return [...lines, line].join('\n');
}

/** Help paragraph naming the scanners --only and --skip accept (from the detector list itself). */
export const SCANNERS_HELP = wrapWords(
  `Scanners for --only/--skip (groups and single detectors): ${scannerNames().join(', ')}. ` +
    'Skipping archives also skips what is inside them.',
  100,
);

interface SelectionValues {
  readonly policy?: string | undefined;
  readonly 'secrets-config'?: string | undefined;
  readonly advisories?: string | undefined;
  readonly jobs?: string | undefined;
  readonly 'max-depth'?: string | undefined;
  readonly only?: string | undefined;
  readonly skip?: string | undefined;
  readonly exclude?: readonly string[] | undefined;
}

/** Read a configuration file named by a flag; a failure is the flag's error code. */
export async function readFlagFile(
  path: string,
  flag: string,
  code: 'SCAN_POLICY_INVALID' | 'SCAN_BASELINE_INVALID',
): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new MlsecError(code, `cannot read --${flag} file ${path}`, { cause: error });
  }
}

async function policyFrom(path: string | undefined): Promise<PolicyOptions> {
  if (path === undefined) return {};
  const loaded = loadPolicy(await readFlagFile(path, 'policy', 'SCAN_POLICY_INVALID'));
  if (!loaded.ok) throw new MlsecError('SCAN_POLICY_INVALID', `${path}: ${loaded.error}`);
  return loaded.options;
}

/** Read `--baseline FILE` (relative to the working directory). */
export async function baselineFrom(
  path: string | undefined,
  io: CommandIo,
): Promise<Baseline | undefined> {
  if (path === undefined) return undefined;
  return loadBaseline(
    await readFlagFile(resolve(io.cwd, path), 'baseline', 'SCAN_BASELINE_INVALID'),
  );
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/**
 * ScanOptions from the selection flags. `salt` keys the secret hashes (a baseline's salt, so its
 * entries match); without one the documented default is used.
 */
export async function scanOptionsFrom(
  values: SelectionValues,
  io: CommandIo,
  salt?: string,
): Promise<ScanOptions> {
  const jobs = values.jobs === undefined ? undefined : positiveInt('jobs', values.jobs);
  const limits = makeLimits(
    values['max-depth'] === undefined
      ? {}
      : { maxDepth: positiveInt('max-depth', values['max-depth']) },
  );
  const secretsFile = values['secrets-config'];
  const secrets = {
    ...(secretsFile !== undefined ? { configFile: resolve(io.cwd, secretsFile) } : {}),
    ...(salt !== undefined ? { salt } : {}),
  };
  return {
    cwd: io.cwd,
    limits,
    policy: await policyFrom(
      values.policy === undefined ? undefined : resolve(io.cwd, values.policy),
    ),
    settings: {
      secrets,
      advisories: advisoriesInit(values.advisories, io),
    },
    ...(jobs !== undefined ? { jobs } : {}),
    ...(values.only !== undefined ? { only: list(values.only) } : {}),
    ...(values.skip !== undefined ? { skip: list(values.skip) } : {}),
    ...(values.exclude !== undefined ? { exclude: values.exclude.flatMap(list) } : {}),
  };
}
