import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { snippet } from '@mlsec/core';
import type { Finding, Limits } from '@mlsec/core';
import type { Policy } from '../policy/types.ts';
import type { RepoContext, RepoDetector } from './context.ts';
import { FILES_IN_FLIGHT, forEachConcurrent } from './concurrency.ts';
import { makeFinding } from './make-finding.ts';
import type { WalkedFolder } from './walk.ts';

async function readText(path: string, maxBytes: number): Promise<string | undefined> {
  try {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      const buffer = Buffer.alloc(Math.max(0, Math.min(size, maxBytes)));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      return buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}

/** Run every repository detector on every folder it applies to; failures become findings. */
export async function runRepoDetectors(
  folders: readonly WalkedFolder[],
  detectors: readonly RepoDetector[],
  limits: Limits,
  policy: Policy,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  await forEachConcurrent(folders, FILES_IN_FLIGHT, async (folder) => {
    const files = folder.files.slice(0, limits.maxEntries);
    const relativeRoot = folder.relative === '.' ? '' : folder.relative;
    const pathOf = (file: string): string =>
      [relativeRoot, file].filter((part) => part !== '').join('/') || '.';
    for (const detector of detectors) {
      if (!detector.applies(files)) continue;
      const ctx: RepoContext = {
        root: folder.absolute,
        relativeRoot,
        files,
        limits,
        policy,
        readText: (file, maxBytes) => readText(join(folder.absolute, file), maxBytes),
        report: (input) => {
          const finding = makeFinding({ path: pathOf(input.file) }, input);
          if (seen.has(finding.fingerprint)) return;
          seen.add(finding.fingerprint);
          findings.push(finding);
        },
      };
      try {
        await detector.run(ctx);
      } catch (error) {
        findings.push(
          makeFinding(
            { path: pathOf('') },
            {
              ruleId: 'scan/internal-error',
              message: `Detector ${detector.id} failed: ${snippet(error instanceof Error ? error.message : String(error))}.`,
              evidence: { detector: detector.id },
            },
          ),
        );
      }
    }
  });
  return findings;
}
