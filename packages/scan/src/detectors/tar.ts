import { openTar, tarEntrySource } from '@mlsec/formats';
import type { Detector } from '../engine/context.ts';
import { reportArchiveIssues } from './zip.ts';

/**
 * Tar archives (ustar, pax, GNU): reports unsafe names, links that leave the archive, bad checksums and
 * truncation, and hands every regular file to the engine under its name as a lazy slice of the archive.
 * A compressed tar (.tar.gz, .tar.xz) reaches here as the payload of the compressed-stream detector.
 */
export const tarDetector: Detector = {
  id: 'tar',
  formats: ['tar'],
  async run(ctx) {
    const opened = await openTar(ctx.source, ctx.limits);
    reportArchiveIssues(ctx, opened.issues);
    if (!opened.ok) return;
    const tar = opened.value;
    for (const entry of tar.entries) {
      reportArchiveIssues(ctx, entry.issues, entry.name);
      if (entry.type === 'file') await ctx.scanNested(entry.name, tarEntrySource(tar, entry));
    }
  },
};
