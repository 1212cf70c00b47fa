import { Worker } from 'node:worker_threads';
import type { WorkerOptions } from 'node:worker_threads';

/**
 * Start a worker thread from a module URL. A `.ts` URL means we run from source (tests, benchmarks under
 * tsx): Node 20 does not apply the parent's `--import tsx` hooks to workers, so a tiny bootstrap
 * registers tsx inside the worker before importing the module. Built code (`.js`) starts directly.
 */
export function startWorker(url: URL, options: WorkerOptions = {}): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url, options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const execArgv = [...(options.execArgv ?? process.execArgv)];
  if (!execArgv.some((arg) => arg.includes('@mlsec/source')))
    execArgv.push('--conditions=@mlsec/source');
  const bootstrap =
    `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); ` +
    `return import(${JSON.stringify(url.href)}); })`;
  return new Worker(bootstrap, { ...options, eval: true, execArgv });
}
