import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCapture } from '../../testing/run-cli.ts';

const CLIENT = [
  'login',
  'push',
  'pull',
  'promote',
  'approve',
  'rollback',
  'history',
  'namespace',
  'grant',
  'token',
  'policy',
];

describe('mlsec registry --help', () => {
  it('lists every subcommand, server side included', async () => {
    const help = await runCapture(['registry', '--help']);
    assert.equal(help.code, 0);
    for (const name of ['init', 'serve', 'audit', ...CLIENT]) {
      assert.match(help.out, new RegExp(`^ {2}${name} `, 'm'), name);
    }
    assert.match(help.out, /Exit codes: 0 done; 1 a promotion refused/);
  });

  it('is listed by mlsec --help', async () => {
    assert.match((await runCapture(['--help'])).out, /^ {2}registry {3}/m);
  });

  for (const name of CLIENT) {
    it(`gives ${name} a usage line, exit codes and an example`, async () => {
      for (const argv of [
        ['registry', name, '--help'],
        ['registry', 'help', name],
      ]) {
        const help = await runCapture(argv);
        assert.equal(help.code, 0, help.err);
        assert.match(help.out, new RegExp(`^Usage: mlsec registry ${name} `));
        assert.match(help.out, /\nExit codes: 0 /);
        assert.match(help.out, /\nExamples?:\n {2}(\S+=\S+ )?mlsec registry /);
      }
    });
  }

  it('points at --help after a usage error, and names an unknown subcommand', async () => {
    const bad = await runCapture(['registry', 'push', 'no-model-ref', 'dir']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /^mlsec: error CLI_USAGE: give NAMESPACE\/MODEL@VERSION\n/);
    assert.match(bad.err, /Run 'mlsec registry push --help' for usage/);
    const unknown = await runCapture(['registry', 'frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /unknown registry subcommand "frobnicate"/);
  });
});
