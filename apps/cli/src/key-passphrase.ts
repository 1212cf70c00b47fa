import type { CommandIo } from './io.ts';

/** Environment variable that supplies a key passphrase non-interactively (CI, scripts). */
export const PASSPHRASE_ENV = 'MLSEC_KEY_PASSPHRASE';

/** The slice of a TTY input stream the prompt needs (process.stdin by default). */
export interface PromptInput {
  readonly isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  off(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

/**
 * A key passphrase from MLSEC_KEY_PASSPHRASE, else typed at a terminal prompt on stderr with echo off
 * (`confirm` asks twice, for a new key). Undefined when neither is available (not a TTY). The passphrase
 * is never printed, logged, or put in an error message.
 */
export async function keyPassphrase(
  io: CommandIo,
  prompt: string,
  options: { confirm?: boolean; input?: PromptInput } = {},
): Promise<string | undefined> {
  const fromEnv = io.env[PASSPHRASE_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const input = options.input ?? process.stdin;
  if (input.isTTY !== true || input.setRawMode === undefined) return undefined;
  const first = await readHidden(io, input, prompt);
  if (!options.confirm) return first;
  const again = await readHidden(io, input, 'Repeat the passphrase: ');
  return again === first ? first : undefined;
}

/** Read one line with the terminal in raw mode, so nothing typed is echoed. Ctrl-C or Ctrl-D cancel. */
function readHidden(
  io: CommandIo,
  input: PromptInput,
  prompt: string,
): Promise<string | undefined> {
  io.stderr.write(prompt);
  input.setRawMode?.(true);
  input.resume();
  return new Promise((resolve) => {
    let text = '';
    const finish = (value: string | undefined): void => {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
      io.stderr.write('\n');
      resolve(value);
    };
    const onData = (chunk: Buffer | string): void => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n') return finish(text);
        if (ch === '\u0003' || ch === '\u0004') return finish(undefined);
        if (ch === '\u007f' || ch === '\b') text = text.slice(0, -1);
        else if (ch >= ' ') text += ch;
      }
    };
    input.on('data', onData);
  });
}
