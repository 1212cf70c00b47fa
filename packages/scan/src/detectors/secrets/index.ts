import type { Detector } from '../../engine/context.ts';

/** Secrets in text files, notebooks and experiment-tracking folders. */
export const secretsDetector: Detector = {
  id: 'secrets',
  formats: [],
  uses: ['secrets'],
  async run() {},
};
