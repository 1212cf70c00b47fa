import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { derivedTexts } from './tracking.ts';

describe('derivedTexts (experiment-tracking files)', () => {
  it('writes an mlruns param or tag as name=value', () => {
    assert.deepEqual(derivedTexts('mlruns/0/abc/params/hf_token', 'value-1\n', 1e6), [
      { text: 'hf_token=value-1', lines: [1], part: 'param hf_token' },
    ]);
    assert.equal(
      derivedTexts('mlruns/1/r/tags/mlflow.user', 'me', 1e6)[0]?.part,
      'tag mlflow.user',
    );
    assert.deepEqual(derivedTexts('src/params/lr', '0.1', 1e6), []);
  });

  it('puts W&B config values next to their keys, with the value line', () => {
    const config = 'epochs:\n  desc: null\n  value: 3\nhub_token:\n  desc: null\n  value: abc\n';
    assert.deepEqual(derivedTexts('wandb/run-1/files/config.yaml', config, 1e6), [
      { text: 'epochs: 3\nhub_token: abc', lines: [3, 6], part: 'config value' },
    ]);
  });

  it('joins a recorded command line into --flag=value pairs at their lines', () => {
    const meta =
      '{\n  "args": [\n    "--epochs",\n    "3",\n    "--verbose",\n    "--api_key",\n    "k"\n  ]\n}\n';
    assert.deepEqual(derivedTexts('x/wandb/run-2/files/wandb-metadata.json', meta, 1e6), [
      { text: '--epochs=3\n--verbose\n--api_key=k', lines: [4, 5, 7], part: 'command line' },
    ]);
    assert.deepEqual(derivedTexts('wandb/run-2/files/wandb-metadata.json', '{not json', 1e6), []);
  });
});
