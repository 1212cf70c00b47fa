import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findEnvironmentDumps } from './env-dump.ts';

/** Fake credentials, assembled here so the file holds no token-shaped literal. */
const FAKE = ['mlsec', 'fake', 'value', '0123456789'].join('-');
const AWS_SECRET = ['AWS', 'SECRET', 'ACCESS', 'KEY'].join('_');

const text = (...lines: string[]): { text: string } => ({ text: lines.join('\n') });

describe('findEnvironmentDumps', () => {
  describe('when !env or !printenv output is saved', () => {
    const output = text(
      'HOSTNAME=a1b2c3',
      'HOME=/root',
      `${AWS_SECRET}=${FAKE}`,
      `HF_TOKEN=${FAKE}`,
      'PATH=/usr/local/bin:/usr/bin',
      `MY_SERVICE_TOKEN=${FAKE}`,
      'LANG=C.UTF-8',
    );

    it('finds one dump and names the secret variables, not their values', () => {
      const dumps = findEnvironmentDumps(output);
      assert.deepEqual(dumps, [
        {
          form: 'name-value-lines',
          line: 1,
          variables: 7,
          secretNames: [AWS_SECRET, 'HF_TOKEN'],
          suspectNames: ['MY_SERVICE_TOKEN'],
          hiddenNames: [],
        },
      ]);
      assert.ok(!JSON.stringify(dumps).includes(FAKE));
    });

    it('reads export -p output with CRLF line ends', () => {
      const lines = output.text.split('\n').map((l) => `declare -x ${l}`);
      const [dump] = findEnvironmentDumps({ text: `$ export -p\r\n${lines.join('\r\n')}\r\n` });
      assert.equal(dump?.line, 2);
      assert.deepEqual(dump?.secretNames, [AWS_SECRET, 'HF_TOKEN']);
    });
  });

  describe('when os.environ is the value of a cell', () => {
    it('reads the environ({...}) repr', () => {
      const repr = `environ({'PATH': '/usr/bin', 'HOME': '/home/u', 'WANDB_API_KEY': '${FAKE}', 'OPENAI_API_KEY': '${FAKE}'})`;
      const [dump] = findEnvironmentDumps(text('out:', repr));
      assert.equal(dump?.form, 'environ-repr');
      assert.equal(dump.line, 2);
      assert.deepEqual(dump.secretNames, ['OPENAI_API_KEY', 'WANDB_API_KEY']);
    });
  });

  describe('when %env prints the whole environment', () => {
    it('reads the dict repr and notes values IPython masked', () => {
      const repr = `{'SHELL': '/bin/bash', 'PWD': '/w', 'TERM': 'xterm-color', 'KAGGLE_KEY': '<hidden>', 'DATABRICKS_TOKEN': '${FAKE}', 'MPLBACKEND': 'agg'}`;
      const [dump] = findEnvironmentDumps(text(repr));
      assert.equal(dump?.form, 'dict-repr');
      assert.deepEqual(dump.secretNames, ['DATABRICKS_TOKEN', 'KAGGLE_KEY']);
      assert.deepEqual(dump.hiddenNames, ['KAGGLE_KEY']);
    });

    it('flags a single %env set line that names a secret', () => {
      const [dump] = findEnvironmentDumps(text(`env: MLFLOW_TRACKING_PASSWORD=${FAKE}`));
      assert.deepEqual(dump?.secretNames, ['MLFLOW_TRACKING_PASSWORD']);
    });
  });

  describe('when the environment holds no known secret', () => {
    it('still reports the dump, with no secret names', () => {
      const dumps = findEnvironmentDumps(
        text('PATH=/bin', 'HOME=/root', 'SHLVL=1', 'TERM=dumb', 'PWD=/', 'LANG=C'),
      );
      assert.equal(dumps.length, 1);
      assert.deepEqual(dumps[0]?.secretNames, []);
    });
  });

  describe('when the text only looks similar', () => {
    it('ignores a few assignments, a config dict and prose', () => {
      const samples = [
        text('a=1', 'b=2', 'LR=0.1'),
        text("{'LR': '0.1', 'BATCH': '32', 'EPOCHS': '3', 'MODEL': 'bert', 'SEED': '1'}"),
        text('LR=0.1', 'BATCH=32', 'EPOCHS=3', 'MODEL=bert', 'SEED=1'),
        text('The PATH and HOME variables are set by the shell.'),
      ];
      for (const sample of samples) assert.deepEqual(findEnvironmentDumps(sample), [], sample.text);
    });
  });
});
