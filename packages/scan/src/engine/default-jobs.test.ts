import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { describe, it } from 'node:test';
import { defaultJobs } from './scan.ts';

const MB = 1024 * 1024;
const files = (count: number, size: number) => Array.from({ length: count }, () => ({ size }));

describe('defaultJobs', () => {
  it('scans small trees in this thread', () => {
    assert.equal(defaultJobs(files(3000, 20 * 1024)), 1);
    assert.equal(defaultJobs([]), 1);
  });

  it('uses workers for several large files, or many bytes in all', () => {
    const cores = Math.min(4, availableParallelism());
    assert.equal(defaultJobs([...files(2, 9 * MB), ...files(10, 1024)]), Math.min(cores, 2));
    assert.equal(defaultJobs(files(400, MB)), cores);
  });

  it('keeps one huge file in this thread (nothing to share)', () => {
    assert.equal(defaultJobs(files(1, 900 * MB)), 1);
  });
});
