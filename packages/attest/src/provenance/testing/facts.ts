import type { ProvenanceFacts } from '../types.ts';

const hex = (c: string) => c.repeat(64);

/** Fixed facts for pure tests of the statement builder and the schemas. */
export function sampleFacts(): ProvenanceFacts {
  return {
    model: {
      name: 'resnet',
      path: 'out/resnet',
      rootSha256: hex('a'),
      files: [
        { name: 'config.json', sha256: hex('b') },
        { name: 'weights.bin', sha256: hex('c') },
      ],
    },
    datasets: [
      {
        name: 'train',
        path: 'data/my train',
        rootSha256: hex('d'),
        fileCount: 1,
        totalBytes: 10,
        files: [{ name: 'a.csv', sha256: hex('e') }],
      },
    ],
    hyperparameters: { lr: 0.01, layers: [1, 2], nested: { dropout: 0.1 } },
    environment: {
      node: 'v20.20.0',
      os: 'Linux 6.8.0',
      arch: 'x64',
      cpus: { model: 'Test CPU', count: 8 },
      memoryBytes: 1024,
      gpus: [{ name: 'NVIDIA A100', driverVersion: '535.1', memoryBytes: 42949672960 }],
      python: {
        lockFiles: [{ name: 'uv.lock', sha256: hex('f') }],
        pipFreeze: { sha256: hex('1'), packages: ['numpy==2.0.0'] },
      },
    },
    source: {
      remote: 'https://example.com/org/repo.git',
      commit: '0123456789abcdef0123456789abcdef01234567',
      dirty: false,
      branch: 'main',
    },
    builderVersion: '1.2.3',
    invocationId: '00000000-0000-4000-8000-000000000000',
    startedOn: '2024-05-01T08:00:00.000Z',
    finishedOn: '2024-05-01T09:00:00.000Z',
  };
}
