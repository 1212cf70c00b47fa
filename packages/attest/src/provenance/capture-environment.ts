import { availableParallelism, cpus, release, totalmem, type } from 'node:os';
import { capturePython, type CapturePythonOptions } from './capture-python.ts';
import { runTool } from './run-tool.ts';
import type { EnvironmentFacts, GpuFacts } from './types.ts';

/** Most GPUs recorded; a node with more is not a training box we know. */
const MAX_GPUS = 64;
const MIB = 1024 * 1024;

/** Options for {@link captureEnvironment}. */
export interface CaptureEnvironmentOptions extends CapturePythonOptions {
  /** Folder searched for Python lock files (the repository root). */
  readonly repoDir: string;
  /** Query `nvidia-smi` (default true); absent or failing nvidia-smi gives an empty list. */
  readonly gpus?: boolean;
}

/**
 * The machine a capture runs on: Node, OS, CPU, memory, NVIDIA GPUs (via `nvidia-smi` when present)
 * and Python environment evidence. Optional probes never fail the capture.
 */
export async function captureEnvironment(
  options: CaptureEnvironmentOptions,
): Promise<EnvironmentFacts> {
  const [gpus, python] = await Promise.all([
    options.gpus === false ? [] : queryGpus(),
    capturePython(options.repoDir, options),
  ]);
  return {
    node: process.version,
    os: `${type()} ${release()}`,
    arch: process.arch,
    cpus: { model: cpus()[0]?.model.trim() ?? 'unknown', count: availableParallelism() },
    memoryBytes: totalmem(),
    gpus,
    python,
  };
}

async function queryGpus(): Promise<GpuFacts[]> {
  const run = await runTool(
    'nvidia-smi',
    ['--query-gpu=name,driver_version,memory.total', '--format=csv,noheader'],
    { timeoutMs: 10_000, maxBuffer: 256 * 1024 },
  );
  return run.ok ? parseNvidiaSmi(run.stdout) : [];
}

/**
 * Parse `nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader` output: one
 * `name, driver, 40960 MiB` line per GPU. Malformed lines are skipped; at most 64 GPUs.
 */
export function parseNvidiaSmi(stdout: string): GpuFacts[] {
  const out: GpuFacts[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    if (out.length >= MAX_GPUS) break;
    const parts = line.split(',').map((p) => p.trim());
    if (parts.length !== 3) continue;
    const [name = '', driverVersion = '', memory = ''] = parts;
    if (name === '' || driverVersion === '') continue;
    const mib = /^(\d{1,9}) MiB$/.exec(memory)?.[1];
    out.push(
      mib === undefined
        ? { name: name.slice(0, 200), driverVersion: driverVersion.slice(0, 100) }
        : {
            name: name.slice(0, 200),
            driverVersion: driverVersion.slice(0, 100),
            memoryBytes: Number(mib) * MIB,
          },
    );
  }
  return out;
}
