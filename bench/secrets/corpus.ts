import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ALNUM,
  fake,
  HEX,
  join as joinToken,
  LETTERS,
  UPPER_BASE32,
} from '../../packages/scan/src/testing/fake-tokens.ts';
import { notebook, pythonScript, Rng, shellScript, trainingLog, yamlConfig } from './text-gen.ts';

/** Bump when the layout or generators change, so an old corpus is rebuilt. */
const VERSION = 1;
const MB = 1e6;
/** Files per folder, as in a large monorepo of experiments. */
const FILES_PER_DIR = 200;

/** A fake secret placed in the corpus; the bench checks that each is reported at its path. */
export interface Plant {
  readonly path: string;
  readonly secret: string;
  readonly where: string;
}

export interface SecretsCorpus {
  readonly root: string;
  readonly files: readonly string[];
  readonly bytes: number;
  readonly plants: readonly Plant[];
}

type Kind = 'python' | 'yaml' | 'shell' | 'log' | 'notebook';
/** One file of every `cycle.length`: mostly code, a few large logs and notebooks carrying most bytes. */
const CYCLE: readonly Kind[] = [
  'python', 'python', 'python', 'python', 'python', 'python', 'python', 'python',
  'yaml', 'yaml', 'yaml', 'shell', 'shell',
  'notebook', 'notebook', 'notebook',
  'log',
]; // prettier-ignore

const EXTENSION: Readonly<Record<Kind, string>> = {
  python: 'py',
  yaml: 'yaml',
  shell: 'sh',
  log: 'log',
  notebook: 'ipynb',
};

/** The planted secrets, in the order they are placed; each names the file kind it goes into. */
function plantSpecs(): {
  kind: Kind;
  where: string;
  secret: string;
  line: (s: string) => string;
}[] {
  const hf = (seed: number): string => joinToken('hf', '_', fake(LETTERS, 34, seed));
  return [
    { kind: 'python', where: 'script constant', secret: hf(101), line: (s) => `HF_TOKEN = "${s}"` },
    {
      kind: 'yaml',
      where: 'YAML config',
      secret: joinToken('AK', 'IA', fake(UPPER_BASE32, 16, 102)),
      line: (s) => `aws_access_key_id: ${s}`,
    },
    {
      kind: 'shell',
      where: 'shell export',
      secret: joinToken('gh', 'p_', fake(ALNUM, 36, 103)),
      line: (s) => `export GITHUB_TOKEN=${s}`,
    },
    {
      kind: 'notebook',
      where: 'notebook cell source',
      secret: joinToken('wandb', '_v1_', fake(ALNUM, 27, 104), '_', fake(ALNUM, 49, 105)),
      line: (s) => `wandb.login(key="${s}")\n`,
    },
    {
      kind: 'notebook',
      where: 'notebook output',
      secret: hf(106),
      line: (s) => `Logged in to the Hub with token ${s} \n`,
    },
    {
      kind: 'log',
      where: 'training log',
      secret: joinToken('dap', 'i', fake(HEX, 32, 107)),
      line: (s) => `INFO launcher: DATABRICKS_TOKEN=${s} host=https://adb-1.azuredatabricks.net`,
    },
  ];
}

function render(
  kind: Kind,
  rng: Rng,
  plant?: { line: (s: string) => string; secret: string; where: string },
): string {
  const add = (text: string): string => {
    if (!plant) return text;
    const lines = text.split('\n');
    lines.splice(Math.floor(lines.length / 2), 0, plant.line(plant.secret));
    return lines.join('\n');
  };
  switch (kind) {
    case 'python':
      return add(pythonScript(rng, 100 + rng.int(700)));
    case 'yaml':
      return add(yamlConfig(rng));
    case 'shell':
      return add(shellScript(rng));
    case 'log':
      return add(trainingLog(rng, 200_000 + rng.int(4_000_000)));
    case 'notebook': {
      const bytes = 20_000 + rng.int(1_200_000);
      if (!plant) return notebook(rng, bytes);
      const text = plant.line(plant.secret);
      return notebook(
        rng,
        bytes,
        plant.where === 'notebook output'
          ? { source: 'print(login())\n', output: text }
          : { source: text },
      );
    }
  }
}

/**
 * Build (once) a corpus of at least `targetBytes` of ML-repository text under `root`, with every
 * planted secret spread evenly through it (`rounds` rounds of the six plants). The file list and plants
 * are kept in a manifest, so later runs reuse the corpus without regenerating it.
 */
export function ensureSecretsCorpus(
  root: string,
  targetBytes: number,
  log: (line: string) => void,
  rounds = 2,
): SecretsCorpus {
  const manifestPath = join(root, `.complete-v${VERSION}-${targetBytes}.json`);
  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Omit<SecretsCorpus, 'root'>;
    return { root, ...manifest, files: manifest.files.map((f) => join(root, f)) };
  }
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  log(`generating secrets corpus of ${(targetBytes / MB).toFixed(0)} MB (once) …`);
  const specs = plantSpecs();
  const due = specs.length * rounds;
  const files: string[] = [];
  const plants: Plant[] = [];
  const rng = new Rng(20240607);
  let bytes = 0;
  let next = 0;
  for (let i = 0; bytes < targetBytes || next < due; i++) {
    const kind = CYCLE[i % CYCLE.length]!;
    // The next plant goes into the first file of its kind once the corpus has grown past its share.
    const spec = specs[next % specs.length]!;
    const planted = next < due && spec.kind === kind && bytes >= (next * targetBytes) / due;
    const dir = `repo-${String(Math.floor(i / FILES_PER_DIR)).padStart(4, '0')}/${kind}`;
    const rel = `${dir}/${kind}-${i}.${EXTENSION[kind]}`;
    const text = render(kind, rng, planted ? spec : undefined);
    mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, rel), text);
    files.push(rel);
    bytes += Buffer.byteLength(text);
    if (planted) {
      plants.push({ path: rel, secret: spec.secret, where: spec.where });
      next++;
    }
  }
  writeFileSync(manifestPath, JSON.stringify({ files, bytes, plants }));
  return { root, files: files.map((f) => join(root, f)), bytes, plants };
}
