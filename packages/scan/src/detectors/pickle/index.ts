export { pickleDetector, scanPickleStream } from './pickle-detector.ts';
export { pickleProbeDetector } from './probe-detector.ts';
