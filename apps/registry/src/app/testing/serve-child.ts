// A registry server to kill: starts the registry of data folder DIR on 127.0.0.1:0 from source,
// prints "listening URL" once it accepts requests, then serves until the test SIGKILLs it. Its
// temporary files (the version checks' copies) go to TMP, so a kill leaves none outside the test's
// folder; TMPDIR is set here, not by the parent, so that tsx keeps its usual compile cache.
// Usage: node --conditions=@mlsec/source --import tsx serve-child.ts DIR TMP
import { startRegistry } from '../start.ts';

const [dir = '', tmp = ''] = process.argv.slice(2);
process.env['TMPDIR'] = tmp;
const registry = await startRegistry(dir, { port: 0, checkpointEveryMs: 100 });
process.stdout.write(`listening ${registry.url}\n`);
