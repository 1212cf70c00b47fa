import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `KNOWN_MODEL_TEXT` of the reference's tests/test_support.py. */
export const KNOWN_MODEL_TEXT = 'This is a simple model';

/** The reference's pytest fixtures (tests/conftest.py), keyed by fixture name. */
export const REFERENCE_MODELS = [
  'sample_model_file',
  'empty_model_file',
  'sample_model_folder',
  'empty_model_folder',
  'model_folder_with_empty_file',
  'deep_model_folder',
  'symlink_model_folder',
] as const;

export type ReferenceModel = (typeof REFERENCE_MODELS)[number];

/** A scratch directory for one test file; `cleanup()` removes it. */
export async function scratch(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'mlsec-manifest-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Build one reference test model under `base`; returns the model path to hash. */
export async function buildReferenceModel(base: string, which: ReferenceModel): Promise<string> {
  const at = join(base, which);
  await mkdir(at);
  switch (which) {
    case 'sample_model_file':
      await writeFile(join(at, 'file'), KNOWN_MODEL_TEXT);
      return join(at, 'file');
    case 'empty_model_file':
      await writeFile(join(at, 'file'), '');
      return join(at, 'file');
    case 'sample_model_folder': {
      for (let i = 0; i < 2; i++) {
        await mkdir(join(at, `d${i}`));
        for (let j = 0; j < 3; j++)
          await writeFile(join(at, `d${i}`, `f${i}${j}`), `This is file f${i}${j} in d${i}.`);
      }
      for (let i = 0; i < 4; i++) await writeFile(join(at, `f${i}`), `This is file f${i} in root.`);
      return at;
    }
    case 'empty_model_folder':
      return at;
    case 'model_folder_with_empty_file':
      await writeFile(join(at, 'empty_file'), '');
      return at;
    case 'deep_model_folder': {
      const deep = join(at, 'd0', 'd1', 'd2', 'd3', 'd4');
      await mkdir(deep, { recursive: true });
      for (let i = 0; i < 4; i++) await writeFile(join(deep, `f${i}`), `This is file f${i}.`);
      return at;
    }
    case 'symlink_model_folder': {
      const external = join(at, 'external');
      await writeFile(external, KNOWN_MODEL_TEXT);
      await mkdir(join(at, 'model'));
      await symlink(external, join(at, 'model', 'symlink_file'));
      return join(at, 'model');
    }
  }
}
