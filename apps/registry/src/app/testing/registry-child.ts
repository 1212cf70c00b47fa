import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** A registry server in a child process, to be killed. */
export interface RegistryChild {
  readonly url: string;
  /** SIGKILL: no close hook, no final checkpoint, transactions cut wherever they are. */
  kill(): Promise<void>;
}

/**
 * Start the registry of data folder `dir` in a child node (from source, as the test runner does) and
 * wait until it listens; its temporary files go to `tmp`.
 */
export async function startRegistryChild(dir: string, tmp: string): Promise<RegistryChild> {
  const script = fileURLToPath(new URL('serve-child.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--conditions=@mlsec/source', '--import', 'tsx', script, dir, tmp],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    if (stderr.length < 4000) stderr += text;
  });
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout });
  const listening = (async () => {
    for await (const line of lines) {
      if (line.startsWith('listening ')) return line.slice('listening '.length);
    }
    return undefined;
  })();
  const url = await Promise.race([listening, exited.then(() => undefined)]);
  if (url === undefined) {
    child.kill('SIGKILL');
    throw new Error(`the registry child did not start: ${stderr}`);
  }
  return {
    url,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
