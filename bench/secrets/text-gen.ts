// Deterministic generators of ML-repository text for the secrets benchmark: training scripts, YAML
// configs, shell launchers, training logs and notebooks (nbformat v4 with outputs). Everything comes
// from a seeded generator, so the same seed gives the same bytes on every machine.

/** xorshift32: small, fast and the same everywhere. */
export class Rng {
  private x: number;

  constructor(seed: number) {
    this.x = seed >>> 0 || 1;
  }

  next(): number {
    let x = this.x;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.x = x >>> 0;
    return this.x;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return this.next() % n;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  float(): number {
    return this.next() / 0x1_0000_0000;
  }

  chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }
}

const HEXDIGITS = '0123456789abcdef';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const MODELS = [
  'bert-base-uncased',
  'distilbert-base-uncased',
  'roberta-large',
  'gpt2-medium',
  'meta-llama/Llama-2-7b-hf',
  'mistralai/Mistral-7B-v0.1',
  'google/flan-t5-base',
  'openai/clip-vit-base-patch32',
];
const DATASETS = [
  'imdb',
  'glue/sst2',
  'squad_v2',
  'cifar10',
  'wikitext-103',
  'c4/en',
  'openwebtext',
];
const NAMES = [
  'model',
  'trainer',
  'tokenizer',
  'optimizer',
  'scheduler',
  'loader',
  'batch',
  'loss',
];

/** A Python training script of about `lines` lines, in the style of Hugging Face examples. */
export function pythonScript(rng: Rng, lines: number): string {
  const model = rng.pick(MODELS);
  const out: string[] = [
    `"""Fine-tune ${model} on ${rng.pick(DATASETS)} and log the run."""`,
    'import argparse',
    'import logging',
    'import os',
    '',
    'import torch',
    'import wandb',
    'from datasets import load_dataset',
    'from transformers import AutoModelForSequenceClassification, AutoTokenizer, get_scheduler',
    '',
    'logger = logging.getLogger(__name__)',
    '',
  ];
  let fn = 0;
  while (out.length < lines) {
    const name = `${rng.pick(['train', 'evaluate', 'collate', 'prepare', 'save'])}_${rng.pick(NAMES)}_${fn++}`;
    out.push(`def ${name}(args, ${rng.pick(NAMES)}, step=${rng.int(1000)}):`);
    out.push(
      `    """${rng.pick(['Run one epoch', 'Tokenize the batch', 'Save a checkpoint', 'Compute metrics'])} for ${name}."""`,
    );
    const body = 4 + rng.int(14);
    for (let i = 0; i < body; i++) {
      switch (rng.int(9)) {
        case 0:
          out.push(`    tokenizer = AutoTokenizer.from_pretrained("${model}", use_fast=True)`);
          break;
        case 1:
          out.push(`    batch = {k: v.to(args.device) for k, v in batch.items() if k != "labels"}`);
          break;
        case 2:
          out.push(
            `    loss = outputs.loss / args.gradient_accumulation_steps  # step ${rng.int(10000)}`,
          );
          break;
        case 3:
          out.push(`    logger.info("epoch %d step %d loss %.4f", epoch, step, loss.item())`);
          break;
        case 4:
          out.push(`    api_key = os.environ.get("WANDB_API_KEY")  # set by the launcher`);
          break;
        case 5:
          out.push(`    wandb.log({"train/loss": loss.item(), "lr": scheduler.get_last_lr()[0]})`);
          break;
        case 6:
          out.push(
            `    torch.save(model.state_dict(), os.path.join(args.output_dir, "step-${rng.int(50000)}.pt"))`,
          );
          break;
        case 7:
          out.push(`    if step % ${1 + rng.int(500)} == 0 and args.max_grad_norm > 0:`);
          out.push(
            '        torch.nn.utils.clip_grad_norm_(model.parameters(), args.max_grad_norm)',
          );
          break;
        default:
          out.push(
            `    hidden = model.encoder.layer[${rng.int(24)}].attention.self.query.weight.shape[${rng.int(2)}]`,
          );
      }
    }
    out.push(`    return ${rng.pick(NAMES)}`, '', '');
  }
  out.push('if __name__ == "__main__":', '    main()', '');
  return out.join('\n');
}

/** A training config in YAML. */
export function yamlConfig(rng: Rng): string {
  const out = [
    `experiment: ${rng.pick(DATASETS).replace('/', '-')}-${rng.int(1000)}`,
    'model:',
    `  name: ${rng.pick(MODELS)}`,
    `  hidden_size: ${256 * (1 + rng.int(16))}`,
    `  num_layers: ${2 + rng.int(46)}`,
    `  dropout: 0.${rng.int(5)}`,
    'data:',
    `  dataset: ${rng.pick(DATASETS)}`,
    `  max_length: ${128 * (1 + rng.int(16))}`,
    `  cache_dir: /mnt/data/cache/${rng.chars(HEXDIGITS, 8)}`,
    'training:',
    `  learning_rate: ${(rng.float() / 1000).toExponential(2)}`,
    `  batch_size: ${8 * (1 + rng.int(32))}`,
    `  epochs: ${1 + rng.int(20)}`,
    `  seed: ${rng.int(100000)}`,
    'tracking:',
    '  backend: wandb',
    `  project: team-${rng.int(40)}`,
    '  api_key: ${WANDB_API_KEY}',
    '',
  ];
  for (let i = rng.int(60); i > 0; i--) out.push(`  extra_${i}: ${rng.int(1e6)}`);
  return `${out.join('\n')}\n`;
}

/** A shell launcher for a multi-node run. */
export function shellScript(rng: Rng): string {
  const out = [
    '#!/usr/bin/env bash',
    'set -euo pipefail',
    `export MASTER_ADDR=10.0.${rng.int(255)}.${rng.int(255)}`,
    `export MASTER_PORT=${20000 + rng.int(10000)}`,
    'export WANDB_PROJECT=pretrain',
    'export HF_HOME=/mnt/cache/hf',
    `NODES=${1 + rng.int(16)}`,
  ];
  for (let i = 10 + rng.int(80); i > 0; i--) {
    out.push(
      rng.int(2) === 0
        ? `torchrun --nnodes=$NODES --nproc_per_node=8 train.py --config configs/run-${rng.int(500)}.yaml --seed ${rng.int(1e5)}`
        : `echo "[$(date -Is)] launching shard ${rng.int(1000)} on $(hostname)"`,
    );
  }
  return `${out.join('\n')}\n`;
}

/** `bytes` of a training log: progress lines, metrics, warnings. */
export function trainingLog(rng: Rng, bytes: number): string {
  const out: string[] = [];
  let size = 0;
  let step = 0;
  while (size < bytes) {
    const kind = rng.int(20);
    let line: string;
    if (kind < 14) {
      line = `[2024-0${1 + rng.int(9)}-1${rng.int(9)} 1${rng.int(9)}:${10 + rng.int(49)}:${10 + rng.int(49)},${rng.int(999)}] INFO trainer.py:${100 + rng.int(900)} step ${step++} | loss ${(rng.float() * 3).toFixed(4)} | lr ${(rng.float() / 1e3).toExponential(3)} | grad_norm ${(rng.float() * 10).toFixed(3)} | tokens/s ${rng.int(90000)}`;
    } else if (kind < 17) {
      line = ` ${rng.int(100)}%|${'█'.repeat(rng.int(30))}${' '.repeat(rng.int(10))}| ${rng.int(5000)}/5000 [${rng.int(60)}:${10 + rng.int(49)}<${rng.int(60)}:${10 + rng.int(49)}, ${(rng.float() * 9).toFixed(2)}it/s]`;
    } else if (kind < 19) {
      line = `WARNING:root:checkpoint ${rng.chars(HEXDIGITS, 12)} saved to s3://ml-artifacts/runs/${rng.chars(HEXDIGITS, 32)}/step-${step}`;
    } else {
      line = `wandb: Syncing run ${rng.pick(['lively', 'quiet', 'bold', 'young'])}-${rng.pick(['sun', 'river', 'leaf'])}-${rng.int(300)}; tokenizer vocab ${30000 + rng.int(20000)}`;
    }
    out.push(line);
    size += line.length + 1;
  }
  return `${out.join('\n')}\n`;
}

type Output = Record<string, unknown>;

function lines(text: string): string[] {
  const parts = text.split('\n');
  return parts
    .map((line, i) => (i < parts.length - 1 ? `${line}\n` : line))
    .filter((l) => l !== '');
}

function outputsFor(rng: Rng, count: number): Output[] {
  const outputs: Output[] = [];
  switch (rng.int(6)) {
    case 0:
    case 1:
      outputs.push({
        name: 'stdout',
        output_type: 'stream',
        text: lines(trainingLog(rng, 500 + rng.int(6000))),
      });
      break;
    case 2: {
      const rows = Array.from(
        { length: 5 + rng.int(30) },
        (_, i) =>
          `    <tr><th>${i}</th><td>${rng.pick(MODELS)}</td><td>${rng.float().toFixed(4)}</td></tr>\n`,
      );
      outputs.push({
        data: {
          'text/html': ['<table border="1" class="dataframe">\n', ...rows, '</table>'],
          'text/plain': rows.map((r) => r.replace(/<[^>]+>/g, ' ')),
        },
        execution_count: count,
        metadata: {},
        output_type: 'execute_result',
      });
      break;
    }
    case 3:
      // A matplotlib figure: base64 PNG bytes are most of a real notebook's size.
      outputs.push({
        data: {
          'image/png': rng.chars(B64, 8000 + rng.int(60000)),
          'text/plain': ['<Figure size 640x480 with 1 Axes>'],
        },
        metadata: { needs_background: 'light' },
        output_type: 'display_data',
      });
      break;
    case 4:
      outputs.push({
        ename: 'RuntimeError',
        evalue: 'CUDA out of memory.',
        output_type: 'error',
        traceback: [
          '\u001b[0;31m---------------------------------------------------------------------------\u001b[0m',
          '\u001b[0;31mRuntimeError\u001b[0m                              Traceback (most recent call last)',
          `Cell \u001b[0;32mIn[${count}], line ${1 + rng.int(40)}\u001b[0m`,
          '\u001b[0;31mRuntimeError\u001b[0m: CUDA out of memory. Tried to allocate 2.00 GiB',
        ],
      });
      break;
    default:
  }
  return outputs;
}

/** A notebook of about `bytes` (nbformat 4.5), with code, markdown and outputs of every kind. */
export function notebook(
  rng: Rng,
  bytes: number,
  extra?: { source?: string; output?: string },
): string {
  const cells: Record<string, unknown>[] = [];
  let size = 0;
  let count = 1;
  while (size < bytes) {
    if (rng.int(4) === 0) {
      const md = `## ${rng.pick(['Load the data', 'Train', 'Evaluate', 'Plot the curves'])}\n\nWe use ${rng.pick(MODELS)} on ${rng.pick(DATASETS)}.`;
      cells.push({
        cell_type: 'markdown',
        id: rng.chars(HEXDIGITS, 8),
        metadata: {},
        source: lines(md),
      });
      size += md.length + 80;
      continue;
    }
    const source = pythonScript(rng, 5 + rng.int(40));
    const outputs = outputsFor(rng, count);
    cells.push({
      cell_type: 'code',
      execution_count: count,
      id: rng.chars(HEXDIGITS, 8),
      metadata: {},
      outputs,
      source: lines(source),
    });
    count++;
    size += source.length + JSON.stringify(outputs).length + 120;
  }
  if (extra?.source !== undefined || extra?.output !== undefined) {
    cells.splice(Math.floor(cells.length / 2), 0, {
      cell_type: 'code',
      execution_count: count,
      id: rng.chars(HEXDIGITS, 8),
      metadata: {},
      outputs:
        extra.output === undefined
          ? []
          : [{ name: 'stdout', output_type: 'stream', text: lines(extra.output) }],
      source: lines(extra.source ?? 'print("done")\n'),
    });
  }
  const nb = {
    cells,
    metadata: {
      kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
      language_info: { name: 'python', version: '3.11.6' },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return `${JSON.stringify(nb, null, 1)}\n`;
}
