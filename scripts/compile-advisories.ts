// Compiles the OSV advisory snapshot (../shared/data/advisories by default) into the compact database
// @mlsec/scan ships: packages/scan/data/advisories/advisories.json, with the source's LICENSE beside it.
//   node --conditions=@mlsec/source --import tsx scripts/compile-advisories.ts [SOURCE_DIR]
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readOsvDirectory, writeAdvisoryDatabase } from '../packages/scan/src/advisories/index.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = resolve(process.argv[2] ?? join(root, '..', 'shared', 'data', 'advisories'));
const out = join(root, 'packages', 'scan', 'data', 'advisories');

// SOURCE.md names the commit and its date: "- Commit: <sha> (YYYY-MM-DD)".
const sourceMd = readFileSync(join(source, 'SOURCE.md'), 'utf8');
const commit = /Commit: ([0-9a-f]{40}) \((\d{4}-\d{2}-\d{2})\)/.exec(sourceMd);
const [, sha, date] = commit ?? [];
if (sha === undefined || date === undefined) throw new Error('SOURCE.md names no commit and date');
const repository = /Repository: (\S+)/.exec(sourceMd)?.[1] ?? 'unknown';

const vulns = existsSync(join(source, 'pypa', 'vulns')) ? join(source, 'pypa', 'vulns') : source;
const { database, skipped } = readOsvDirectory(vulns, {
  snapshotDate: date,
  source: `Python Packaging Advisory Database (CC-BY-4.0), ${repository} at ${sha}`,
});
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'advisories.json'), writeAdvisoryDatabase(database));
const license = join(source, 'pypa', 'LICENSE');
if (existsSync(license)) copyFileSync(license, join(out, 'LICENSE'));
console.log(
  `${database.advisories.length} advisories (${database.advisories.filter((a) => a.withdrawn).length} withdrawn), snapshot ${database.snapshotDate}; skipped ${skipped.length}`,
);
for (const s of skipped) console.log(`  skipped ${s.path}: ${s.reason}`);
