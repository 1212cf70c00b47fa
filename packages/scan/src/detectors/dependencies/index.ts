import type { Detector } from '../../engine/context.ts';

/** Python dependency files checked against the advisory database (placeholder: filled in by issue 4). */
export const dependenciesDetector: Detector = {
  id: 'dependencies',
  formats: [],
  uses: ['advisories'],
  async run() {},
};
