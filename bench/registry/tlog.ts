// Transparency-log speed (issue 6, item 10): append rate to 1,000,000 entries on the in-memory hash
// store, then the time to produce and verify inclusion and consistency proofs at that size (median of
// many random queries), and to sign and open a checkpoint. Run:
//   node --conditions=@mlsec/source --import tsx bench/registry/tlog.ts [entries]
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  MemoryHashStore,
  TreeHashes,
  generateNoteKey,
  openCheckpoint,
  parseVerifierKey,
  signCheckpoint,
  verifyConsistency,
  verifyInclusion,
} from '../../apps/registry/src/tlog/index.ts';
import { median, pick } from '../stats.ts';

const ENTRIES = Number(process.argv[2] ?? 1_000_000);
const QUERIES = 2000;

const micros = (ms: number): string => `${(ms * 1000).toFixed(1)} µs`;

// Entries as the registry will log them: a few hundred bytes of canonical JSON.
const entryCount = 1024;
const entries = Array.from({ length: entryCount }, () => randomBytes(256));

const tree = new TreeHashes(new MemoryHashStore());
const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().external;
const appendStart = performance.now();
for (let i = 0; i < ENTRIES; i++) tree.appendEntry(entries[i % entryCount] as Uint8Array);
const appendMs = performance.now() - appendStart;
const memoryMb =
  (process.memoryUsage().heapUsed + process.memoryUsage().external - heapBefore) / 1024 / 1024;

const rows: [string, string][] = [
  ['entries appended', ENTRIES.toLocaleString('en')],
  ['append time', `${(appendMs / 1000).toFixed(2)} s`],
  ['append rate', `${Math.round(ENTRIES / (appendMs / 1000)).toLocaleString('en')} entries/s`],
  ['hash store memory (approx.)', `${memoryMb.toFixed(0)} MB`],
];

const time = (fn: () => void): number => {
  const start = performance.now();
  fn();
  return performance.now() - start;
};

const rootMs: number[] = [];
const inclusionMake: number[] = [];
const inclusionCheck: number[] = [];
const consistencyMake: number[] = [];
const consistencyCheck: number[] = [];
let proofHashes = 0;
const n = tree.size;
const root = tree.root(n);
for (let q = 0; q < QUERIES; q++) {
  const m = pick(n);
  rootMs.push(time(() => tree.root(1 + pick(n))));
  let path: Uint8Array[] = [];
  inclusionMake.push(time(() => (path = tree.inclusionProof(m, n))));
  const leaf = tree.leafHash(m);
  inclusionCheck.push(
    time(() => {
      if (!verifyInclusion(m, n, leaf, path, root).ok) throw new Error('inclusion failed');
    }),
  );
  const old = 1 + pick(n - 1);
  const oldRoot = tree.root(old);
  let proof: Uint8Array[] = [];
  consistencyMake.push(time(() => (proof = tree.consistencyProof(old, n))));
  consistencyCheck.push(
    time(() => {
      if (!verifyConsistency(old, n, oldRoot, root, proof).ok)
        throw new Error('consistency failed');
    }),
  );
  proofHashes = Math.max(proofHashes, path.length, proof.length);
}

const key = generateNoteKey('registry.example/log');
const verifier = parseVerifierKey(key.verifierKey);
if (!verifier.ok) throw new Error('verifier key');
const signMs: number[] = [];
const openMs: number[] = [];
for (let q = 0; q < 200; q++) {
  let note = '';
  signMs.push(
    time(() => {
      note = signCheckpoint({ origin: 'registry.example/log', size: n, root, extensions: [] }, [
        key.signer,
      ]);
    }),
  );
  openMs.push(
    time(() => {
      if (!openCheckpoint(note, [verifier.value]).ok) throw new Error('checkpoint failed');
    }),
  );
}

rows.push(
  [`root at a random size (median of ${QUERIES})`, micros(median(rootMs))],
  ['inclusion proof: produce', micros(median(inclusionMake))],
  ['inclusion proof: verify', micros(median(inclusionCheck))],
  ['consistency proof: produce', micros(median(consistencyMake))],
  ['consistency proof: verify', micros(median(consistencyCheck))],
  ['longest proof (hashes)', String(proofHashes)],
  ['checkpoint: sign (median of 200)', micros(median(signMs))],
  ['checkpoint: open + verify', micros(median(openMs))],
);

const width = Math.max(...rows.map(([label]) => label.length));
process.stdout.write(`transparency log, Node ${process.version}\n`);
for (const [label, value] of rows) process.stdout.write(`${label.padEnd(width)}  ${value}\n`);
