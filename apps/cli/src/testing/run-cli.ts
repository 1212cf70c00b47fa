import type { CommandIo } from '../io.ts';
import { runCli } from '../run.ts';

/** What a command wrote and returned. */
export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Run `mlsec <argv>` in-process with captured, non-TTY streams (tests only). */
export async function runCapture(
  argv: readonly string[],
  options: { readonly cwd?: string; readonly env?: Readonly<Record<string, string>> } = {},
): Promise<CliRun> {
  let out = '';
  let err = '';
  const io: CommandIo = {
    stdout: { write: (text: string) => (out += text), isTTY: false },
    stderr: { write: (text: string) => (err += text), isTTY: false },
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? {},
  };
  const code = await runCli(argv, io);
  return { code, out, err };
}
