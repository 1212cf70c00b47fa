import { execFile } from 'node:child_process';

/** What a finished helper process printed; `ok` is false on a non-zero exit, a timeout or no binary. */
export interface ToolOutput {
  readonly ok: boolean;
  readonly stdout: string;
}

/** Options for {@link runTool}. */
export interface RunToolOptions {
  readonly cwd?: string;
  /** Milliseconds before the process is killed (default 10 s). */
  readonly timeoutMs?: number;
  /** Most stdout bytes kept; more counts as a failure (default 4 MiB). */
  readonly maxBuffer?: number;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Run a helper binary (git, nvidia-smi, python3) with execFile: no shell, arguments passed as a list,
 * bounded time and output. Never throws: a missing binary or a failure is `{ ok: false }`, because a
 * provenance capture must not fail on optional evidence.
 */
export function runTool(
  file: string,
  args: readonly string[],
  options: RunToolOptions = {},
): Promise<ToolOutput> {
  return new Promise((resolvePromise) => {
    try {
      execFile(
        file,
        [...args],
        {
          cwd: options.cwd,
          timeout: options.timeoutMs ?? 10_000,
          maxBuffer: options.maxBuffer ?? 4 * 1024 * 1024,
          env: options.env ?? process.env,
          encoding: 'utf8',
          windowsHide: true,
        },
        (error, stdout) => resolvePromise({ ok: error === null, stdout: String(stdout) }),
      ).stdin?.end();
    } catch {
      resolvePromise({ ok: false, stdout: '' });
    }
  });
}
