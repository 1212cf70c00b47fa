import { snippet } from '@mlsec/core';
import { IDENTIFY_HEAD_BYTES, looksLikeNotebook } from '@mlsec/formats';
import type { Detector, ScanContext } from '../../engine/context.ts';
import type { SecretsSettings } from '../../engine/settings.ts';
import { detectSecrets } from '../../secrets/detect.ts';
import { SecretCollector } from './collect.ts';
import { findCredentialStore } from './credential-files.ts';
import { reportDumps, scanNotebook } from './notebook.ts';
import { readTextChunks } from './text-chunks.ts';
import { derivedTexts } from './tracking.ts';

/** Texts where printed environments end up: console logs (W&B's output.log, job logs). */
const LOG_FILE = /(?:\.log|\.out|\.err|(?:^|\/)output\.txt)$/i;
/**
 * Largest notebook decoded cell by cell: the JSON tree and the decoded texts take several times the
 * file's size in memory. Larger ones (mostly embedded images) are scanned as plain text, chunk by chunk.
 */
const NOTEBOOK_MAX_BYTES = 256 * 1024 * 1024;
/** Largest file whose whole text is kept for credential-store and tracking-file checks. */
const WHOLE_TEXT_BYTES = 1024 * 1024;

/** Where the artifact is, as one '/'-separated path for path rules: `dir/a.zip/member/file.py`. */
function virtualPath(ctx: ScanContext): string {
  return [ctx.location.path, ...(ctx.location.member ?? [])].join('/');
}

async function isNotebook(ctx: ScanContext, path: string): Promise<boolean> {
  if (ctx.format !== 'json') return false;
  if (/\.ipynb$/i.test(path)) return true;
  const size = ctx.source.size;
  const head = await ctx.source.read(0, Math.min(size, IDENTIFY_HEAD_BYTES));
  const tail = await ctx.source.read(Math.max(0, size - 4096), Math.min(size, 4096));
  return looksLikeNotebook(head, tail);
}

/** Scan the file as lines of text, chunk by chunk; returns the text when the file is small. */
async function scanText(
  ctx: ScanContext,
  settings: SecretsSettings,
  path: string,
  collector: SecretCollector,
): Promise<string | undefined> {
  const limit = ctx.limits.maxBytes;
  const dumps = LOG_FILE.test(path);
  let whole: string | undefined;
  for await (const chunk of readTextChunks(ctx.source, limit)) {
    if (chunk.firstLine === 1 && ctx.source.size <= WHOLE_TEXT_BYTES) whole = chunk.text;
    collector.scan(chunk.text, settings, path, (finding) => ({
      line: finding.secretLine + chunk.firstLine - 1,
      column: finding.secretColumn,
    }));
    if (dumps) reportDumps(ctx, chunk.text, { firstLine: chunk.firstLine });
  }
  if (ctx.source.size > limit) {
    ctx.report({
      ruleId: 'secrets/text-truncated',
      message: `Only the first ${limit} of ${ctx.source.size} bytes were scanned for secrets.`,
      evidence: { scannedBytes: limit, size: ctx.source.size },
    });
  }
  return whole;
}

/** Texts derived from tracking files (mlruns params, W&B config and command line), scanned too. */
function scanDerived(
  text: string,
  settings: SecretsSettings,
  path: string,
  limit: number,
  collector: SecretCollector,
): void {
  for (const derived of derivedTexts(path, text, limit)) {
    collector.scan(derived.text, settings, path, (finding) => ({
      line: derived.lines[finding.secretLine - 1] ?? 1,
      column: 1,
      part: derived.part,
    }));
  }
}

/** Path-only rules (e.g. a .p12 key store): the file's name is the finding. */
function scanPathRules(settings: SecretsSettings, path: string, collector: SecretCollector): void {
  for (const finding of detectSecrets('', settings.config, { path, salt: settings.salt })) {
    if (finding.fileOnly) collector.add({ finding, line: 1, column: 1 });
  }
}

/**
 * Secrets in text files, notebooks and experiment-tracking folders, with the gitleaks-format rules of
 * the scan's settings. Notebooks are decoded cell by cell (JSON escapes undone, ANSI stripped) and
 * their outputs checked for environment dumps; MLflow params/tags and W&B config and command lines
 * are also read as name=value; credential stores (.netrc, .env, kaggle.json, …) are reported even
 * when no rule knows their token format. Findings carry a masked secret and a salted hash, never the
 * secret. Any other file is checked against path-only rules.
 */
export const secretsDetector: Detector = {
  id: 'secrets',
  formats: ['text', 'json', 'unknown'],
  uses: ['secrets'],
  async run(ctx) {
    const settings = ctx.settings.secrets;
    if (!settings) return;
    const path = virtualPath(ctx);
    const collector = new SecretCollector();
    scanPathRules(settings, path, collector);
    if (ctx.format !== 'unknown') {
      let text: string | undefined;
      let notebook = false;
      if (await isNotebook(ctx, path)) {
        const cap = Math.min(ctx.limits.maxBytes, NOTEBOOK_MAX_BYTES);
        if (ctx.source.size <= cap) {
          const bytes = await ctx.source.read(0, ctx.source.size);
          notebook = scanNotebook(ctx, bytes, settings, path, collector);
        } else {
          ctx.report({
            ruleId: 'secrets/notebook-unreadable',
            message: `The notebook is ${ctx.source.size} bytes, more than the ${cap} decoded cell by cell; it was scanned as plain text.`,
            evidence: { code: 'NOTEBOOK_TOO_LARGE', size: ctx.source.size },
          });
        }
      }
      if (!notebook) text = await scanText(ctx, settings, path, collector);
      if (text !== undefined) {
        scanDerived(text, settings, path, ctx.limits.maxBytes, collector);
        const store = collector.size === 0 ? findCredentialStore(path, text) : undefined;
        if (store) {
          ctx.report({
            ruleId: 'secrets/credential-file',
            message: `A ${store.kind} with credentials filled in (${store.fields.map((f) => snippet(f, 60)).join(', ')}) is part of the scanned files.`,
            line: store.line,
            evidence: {
              kind: store.kind,
              fields: store.fields.map((f) => snippet(f, 60)).join(','),
            },
          });
        }
      }
    }
    collector.report(ctx);
  },
};
