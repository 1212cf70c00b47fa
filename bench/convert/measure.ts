// One measurement of the conversion benchmark, in a process of its own so that its peak RSS is the
// conversion's alone: `node --import tsx bench/convert/measure.ts baseline|convert|verify IN OUT`.
// Prints one JSON line: seconds (the convertFile call only), maxRssBytes, tensors written/verified.
// `baseline` loads the same modules and converts nothing (the RSS every measurement starts from).
import { statSync } from 'node:fs';
import { convertFile } from '@mlsec/scan';

const [mode, input = '', output = ''] = process.argv.slice(2);
if (mode !== 'baseline' && mode !== 'convert' && mode !== 'verify') {
  throw new Error('usage: measure.ts baseline|convert|verify INPUT OUTPUT');
}
let seconds = 0;
let written = 0;
let verified = 0;
let outputBytes = 0;
if (mode !== 'baseline') {
  const start = performance.now();
  const result = await convertFile(input, output, { verify: mode === 'verify' });
  seconds = (performance.now() - start) / 1000;
  written = result.written.length;
  verified = result.verified ?? 0;
  outputBytes = statSync(output).size;
}
// resourceUsage().maxRSS is in kilobytes (getrusage's ru_maxrss).
const maxRssBytes = process.resourceUsage().maxRSS * 1024;
process.stdout.write(
  `${JSON.stringify({ seconds, maxRssBytes, written, verified, outputBytes })}\n`,
);
