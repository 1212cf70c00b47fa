import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { MlsecError, readFileBounded, snippet } from '@mlsec/core';
import {
  bundledAdvisories,
  MAX_ADVISORY_DB_BYTES,
  parseAdvisoryDatabase,
  readOsvDirectory,
  writeAdvisoryDatabase,
} from '@mlsec/scan';
import type { AdvisoryDatabase } from '@mlsec/scan';
import { userAdvisoriesFile } from '../advisories-db.ts';
import { parseCommandArgs } from '../args.ts';
import { EXIT } from '../exit-codes.ts';
import type { ExitCode } from '../exit-codes.ts';
import type { CommandIo } from '../io.ts';

export const ADVISORIES_HELP = `Usage: mlsec advisories update --from DIR [--out FILE] [--date YYYY-MM-DD] [--force]
       mlsec advisories show [--advisories FILE]

mlsec checks Python dependency files against OSV advisories (PyPI ecosystem). It ships a snapshot of
the Python Packaging Advisory Database; 'update' compiles a newer OSV export into your own database,
which every later 'mlsec scan' uses while its snapshot is newer than the shipped one. Nothing is
downloaded: fetch the export yourself (e.g. a checkout of github.com/pypa/advisory-database, or
https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip unpacked).

update   read every *.yaml, *.yml and *.json OSV record under DIR (symbolic links not followed;
         withdrawn advisories kept but never matched) and write the database
  --from <DIR>     folder of OSV records (required)
  --out <FILE>     where to write (default: the data folder, see below)
  --date <DATE>    snapshot date YYYY-MM-DD (default: the newest 'modified' date of the records)
  --force          replace a database whose snapshot is newer than this one
show     print the snapshot a scan would use now: date, source, counts
  --advisories <FILE>   show this database instead (as 'mlsec scan --advisories FILE' would use it)

Data folder: $MLSEC_DATA_DIR, else $XDG_DATA_HOME/mlsec, else ~/.local/share/mlsec; the database is
advisories.json there. Every scan report names the snapshot date it was checked against.

Examples:
  git clone --depth 1 https://github.com/pypa/advisory-database /tmp/pypa
  mlsec advisories update --from /tmp/pypa/vulns
  mlsec advisories show
  mlsec scan requirements.txt                 uses the newer database from now on
`;

/** The counts `update` and `show` print. */
function describe(db: AdvisoryDatabase): string {
  const packages = new Set(db.advisories.flatMap((a) => a.affected.map((p) => p.name)));
  const withdrawn = db.advisories.filter((a) => a.withdrawn !== undefined).length;
  return (
    `${db.advisories.length} advisories (${withdrawn} withdrawn) for ${packages.size} packages, ` +
    `snapshot ${db.snapshotDate}`
  );
}

/** Read a database file: undefined when there is none; MlsecError when it is not one. */
async function readDatabase(file: string): Promise<AdvisoryDatabase | undefined> {
  let read;
  try {
    read = await readFileBounded(file, MAX_ADVISORY_DB_BYTES, { refuseLarger: true });
  } catch (error) {
    throw new MlsecError('SCAN_ADVISORIES_INVALID', `cannot read ${snippet(file)}`, {
      cause: error,
    });
  }
  if (read === undefined) return undefined;
  if (read.truncated) {
    throw new MlsecError('SCAN_ADVISORIES_INVALID', `${snippet(file)} is larger than 64 MiB`);
  }
  return parseAdvisoryDatabase(Buffer.from(read.bytes).toString('utf8'));
}

async function update(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    from: { type: 'string' },
    out: { type: 'string', short: 'o' },
    date: { type: 'string' },
    force: { type: 'boolean', default: false },
  });
  if (positionals.length > 0 || values.from === undefined) {
    throw new MlsecError(
      'CLI_USAGE',
      'advisories update needs --from DIR (and no other arguments)',
    );
  }
  if (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) {
    throw new MlsecError('CLI_USAGE', '--date must be YYYY-MM-DD');
  }
  const fallback = userAdvisoriesFile(io.env);
  const out = values.out !== undefined ? resolve(io.cwd, values.out) : fallback;
  if (out === undefined) {
    throw new MlsecError(
      'CLI_USAGE',
      'no data folder: set MLSEC_DATA_DIR (or HOME) or pass --out FILE',
    );
  }
  const from = resolve(io.cwd, values.from);
  const { database, skipped } = readOsvDirectory(from, {
    ...(values.date !== undefined ? { snapshotDate: values.date } : {}),
    source: 'OSV records (PyPI ecosystem) compiled by mlsec advisories update',
  });
  let existing: AdvisoryDatabase | undefined;
  try {
    existing = await readDatabase(out);
  } catch (error) {
    if (!values.force) throw error;
  }
  if (existing && existing.snapshotDate > database.snapshotDate && !values.force) {
    throw new MlsecError(
      'CLI_ADVISORIES_OLDER',
      `${snippet(out)} holds a newer snapshot (${existing.snapshotDate}) than ${snippet(values.from)} ` +
        `(${database.snapshotDate}); pass --force to replace it`,
    );
  }
  try {
    await mkdir(dirname(out), { recursive: true });
    const temporary = `${out}.${process.pid}.tmp`;
    await writeFile(temporary, writeAdvisoryDatabase(database));
    await rename(temporary, out);
  } catch (error) {
    throw new MlsecError('CLI_OUTPUT_FAILED', `cannot write ${snippet(out)}`, { cause: error });
  }
  io.stdout.write(`Compiled ${describe(database)} from ${values.from}.\n`);
  if (skipped.length > 0) {
    io.stdout.write(`Skipped ${skipped.length} files (not PyPI advisories or unreadable), e.g.:\n`);
    for (const s of skipped.slice(0, 5))
      io.stdout.write(`  ${snippet(s.path, 120)}: ${snippet(s.reason, 120)}\n`);
  }
  io.stdout.write(`Wrote ${out}\n`);
  const shipped = bundledAdvisories().snapshotDate;
  if (values.out === undefined && database.snapshotDate <= shipped) {
    io.stdout.write(
      `Note: the shipped snapshot (${shipped}) is not older, so scans keep using it; ` +
        `pass --advisories ${out} to use this one.\n`,
    );
  }
  return EXIT.ok;
}

async function show(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, { advisories: { type: 'string' } });
  if (positionals.length > 0)
    throw new MlsecError('CLI_USAGE', 'advisories show takes no arguments');
  const shipped = bundledAdvisories();
  if (values.advisories !== undefined) {
    const file = resolve(io.cwd, values.advisories);
    const db = await readDatabase(file);
    if (!db) throw new MlsecError('SCAN_ADVISORIES_INVALID', `${snippet(file)} does not exist`);
    io.stdout.write(`Database: ${file}\n  ${describe(db)}\n  source: ${snippet(db.source)}\n`);
    return EXIT.ok;
  }
  const userFile = userAdvisoriesFile(io.env);
  const user = userFile === undefined ? undefined : await readDatabase(userFile);
  const used = user && user.snapshotDate > shipped.snapshotDate ? 'user' : 'shipped';
  io.stdout.write(
    `Shipped snapshot${used === 'shipped' ? ' (used by scans)' : ''}:\n  ${describe(shipped)}\n` +
      `  source: ${snippet(shipped.source)}\n`,
  );
  if (user && userFile !== undefined) {
    io.stdout.write(
      `Your database${used === 'user' ? ' (used by scans)' : ' (older: not used)'}: ${userFile}\n` +
        `  ${describe(user)}\n`,
    );
  } else {
    io.stdout.write(
      `No database of your own${userFile !== undefined ? ` at ${userFile}` : ''}; ` +
        "'mlsec advisories update --from DIR' makes one.\n",
    );
  }
  return EXIT.ok;
}

/** `mlsec advisories update|show`: returns the exit code. */
export async function advisoriesCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const [sub, ...rest] = argv;
  if (
    sub === undefined ||
    sub === '--help' ||
    sub === '-h' ||
    rest.includes('--help') ||
    rest.includes('-h')
  ) {
    io.stdout.write(ADVISORIES_HELP);
    return sub === undefined ? EXIT.usage : EXIT.ok;
  }
  if (sub === 'update') return update(rest, io);
  if (sub === 'show') return show(rest, io);
  throw new MlsecError(
    'CLI_USAGE',
    `unknown advisories command ${JSON.stringify(snippet(sub, 40))}; use update or show`,
  );
}
