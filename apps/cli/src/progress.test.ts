import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CommandIo } from './io.ts';
import { convertProgress, hashProgress, progressReporter } from './progress.ts';

function io(isTTY: boolean): CommandIo & { err: () => string } {
  let err = '';
  return {
    stdout: { write: () => true, isTTY },
    stderr: { write: (text: string) => (err += text), isTTY, columns: 60 },
    cwd: '/',
    env: {},
    err: () => err,
  };
}

const progress = {
  done: 3,
  total: 3,
  bytesDone: 2_500_000,
  bytesTotal: 2_500_000,
  path: 'models/model.pt',
};

describe('progressReporter', () => {
  it('draws one line on a terminal and clears it at the end', () => {
    const terminal = io(true);
    const reporter = progressReporter(terminal, true);
    reporter.update(progress);
    reporter.end();
    assert.match(
      terminal.err(),
      /scanning 3\/3 files, 2\.5 MB\/2\.5 MB \(100%\) models\/model\.pt/,
    );
    assert.ok(terminal.err().endsWith('\r\u001b[2K'));
    assert.ok(
      terminal
        .err()
        .split('\r\u001b[2K')
        .every((line) => line.length <= 59),
    );
  });

  it('stays silent when stderr is not a terminal, or when disabled', () => {
    for (const [tty, enabled] of [
      [false, true],
      [true, false],
    ] as const) {
      const target = io(tty);
      const reporter = progressReporter(target, enabled);
      reporter.update(progress);
      reporter.end();
      assert.equal(target.err(), '');
    }
  });
});

describe('hashProgress', () => {
  it('draws the verb, files, bytes and percentage, throttled but always showing the last update', () => {
    const terminal = io(true);
    const reporter = hashProgress(terminal, 'hashing');
    reporter.update({ filesDone: 1, filesTotal: 4, bytesDone: 1_000_000, bytesTotal: 4_000_000 });
    reporter.update({ filesDone: 2, filesTotal: 4, bytesDone: 2_000_000, bytesTotal: 4_000_000 });
    reporter.update({ filesDone: 4, filesTotal: 4, bytesDone: 4_000_000, bytesTotal: 4_000_000 });
    reporter.end();
    const lines = terminal
      .err()
      .split('\r\u001b[2K')
      .filter((l) => l !== '');
    assert.deepEqual(lines, [
      'hashing 1/4 files, 1.0 MB/4.0 MB (25%)',
      'hashing 4/4 files, 4.0 MB/4.0 MB (100%)',
    ]);
  });

  it('stays silent when stderr is not a terminal', () => {
    const target = io(false);
    const reporter = hashProgress(target, 'verifying');
    reporter.update({ filesDone: 1, filesTotal: 1, bytesDone: 1, bytesTotal: 1 });
    reporter.end();
    assert.equal(target.err(), '');
  });
});

describe('convertProgress', () => {
  it('shows the stage, the file and the bytes, and stays silent off a terminal', () => {
    const terminal = io(true);
    const reporter = convertProgress(terminal, 'model.bin');
    reporter.update({ stage: 'write', bytesDone: 500_000, bytesTotal: 2_000_000 });
    reporter.update({ stage: 'verify', bytesDone: 2_000_000, bytesTotal: 2_000_000 });
    reporter.end();
    assert.match(terminal.err(), /writing model\.bin 500\.0 KB\/2\.0 MB \(25%\)/);
    assert.match(terminal.err(), /verifying model\.bin 2\.0 MB\/2\.0 MB \(100%\)/);
    const pipe = io(false);
    convertProgress(pipe, 'model.bin').update({ stage: 'write', bytesDone: 1, bytesTotal: 2 });
    assert.equal(pipe.err(), '');
  });
});
