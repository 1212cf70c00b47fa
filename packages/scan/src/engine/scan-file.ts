import { snippet } from '@mlsec/core';
import type { Finding } from '@mlsec/core';
import type { ArtifactScanner } from './artifact-scanner.ts';
import { openFileSource } from './file-source.ts';
import { makeFinding } from './make-finding.ts';

/** What scanning one file on disk produced. */
export interface FileResult {
  readonly findings: Finding[];
  /** Artifacts scanned: the file plus every nested member and payload. */
  readonly artifacts: number;
  readonly bytes: number;
}

/** Extensions that promise a model or serialized object; used only to notice files we cannot identify. */
const MODEL_EXTENSIONS =
  /\.(pt|pth|bin|ckpt|pkl|pickle|joblib|dill|npy|npz|h5|hdf5|keras|onnx|gguf|safetensors|pb|tflite|mar|msgpack|model)$/i;

/**
 * Scan one file: open it, identify and scan it with every applicable detector, and turn read failures
 * into `scan/unreadable` findings (fail closed) instead of errors.
 */
export async function scanFile(
  absolute: string,
  relative: string,
  scanner: ArtifactScanner,
  sizeHint?: number,
): Promise<FileResult> {
  const findings: Finding[] = [];
  let artifacts = 0;
  const location = { path: relative };
  let source;
  try {
    source = await openFileSource(absolute, sizeHint);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    findings.push(
      makeFinding(location, {
        ruleId: 'scan/unreadable',
        message: `The file could not be opened (${snippet(code, 40)}).`,
        evidence: { error: snippet(code, 40) },
      }),
    );
    return { findings, artifacts: 0, bytes: 0 };
  }
  try {
    const format = await scanner.scanTop(
      source,
      location,
      { finding: (finding) => findings.push(finding), artifact: () => (artifacts += 1) },
      absolute,
    );
    const unrecognized = format === 'unknown' || format === 'text' || format === 'empty';
    if (unrecognized && MODEL_EXTENSIONS.test(relative) && findings.length === 0) {
      findings.push(
        makeFinding(location, {
          ruleId: 'scan/unrecognized-model-file',
          message:
            format === 'empty'
              ? 'The file is empty, but its name suggests a model file.'
              : 'The name suggests a model file, but the content matches no known model format.',
          evidence: { format },
        }),
      );
    }
  } catch (error) {
    findings.push(
      makeFinding(location, {
        ruleId: 'scan/unreadable',
        message: `Reading the file failed (${snippet(error instanceof Error ? error.message : String(error), 80)}).`,
      }),
    );
  } finally {
    await source.close();
  }
  return { findings, artifacts, bytes: source.size };
}
