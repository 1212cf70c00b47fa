import { snippet } from '@mlsec/core';
import type { ScanContext } from '../../engine/context.ts';
import { detectSecrets } from '../../secrets/detect.ts';
import type { SecretFinding } from '../../secrets/detect.ts';
import type { SecretsSettings } from '../../engine/settings.ts';

/** One place a secret was found. */
export interface SecretOccurrence {
  readonly finding: SecretFinding;
  readonly line: number;
  readonly column: number;
  /** Notebook cell, 1-based. */
  readonly cell?: number;
  /** Where in the cell: 'source', 'output 2 (stream stdout)', 'metadata'; or a tracking-file field. */
  readonly part?: string;
  /** JSON pointer of the notebook string that holds the secret. */
  readonly pointer?: string;
}

/** Rules that match any credential-looking value: they give way to a specific rule on the same secret. */
const CATCH_ALL = new Set(['generic-api-key', 'url-embedded-credentials']);

/** Most other places listed in one finding's evidence. */
const MAX_OTHER_PLACES = 5;

function place(o: SecretOccurrence): string {
  const inCell = o.cell !== undefined ? `cell ${o.cell}${o.part ? ` ${o.part}` : ''} ` : '';
  return `${inCell}line ${o.line}`;
}

function byPosition(a: SecretOccurrence, b: SecretOccurrence): number {
  return (a.cell ?? 0) - (b.cell ?? 0) || a.line - b.line || a.column - b.column;
}

/**
 * Gathers the secrets found in one file (its chunks, cells, outputs and derived texts) and reports
 * each (rule, secret) pair once, at its first place, with how often and where else it occurs. The
 * same secret at the same place found by a catch-all rule and a specific one is the specific one's.
 */
export class SecretCollector {
  private readonly atPlace = new Map<string, SecretOccurrence>();

  add(occurrence: SecretOccurrence): void {
    const f = occurrence.finding;
    // In a notebook the part tells outputs of one cell apart; elsewhere it only names a derived text
    // (a W&B config value), which must not count as a second place on the same line.
    const part = occurrence.cell !== undefined ? (occurrence.part ?? '') : '';
    const key = `${f.fingerprint}\0${occurrence.cell ?? 0}\0${part}\0${occurrence.line}`;
    const present = this.atPlace.get(key);
    if (present === undefined) {
      this.atPlace.set(key, occurrence);
      return;
    }
    if (present.finding.ruleId === f.ruleId) return; // the same match seen twice (chunk overlap)
    if (CATCH_ALL.has(present.finding.ruleId) && !CATCH_ALL.has(f.ruleId)) {
      this.atPlace.set(key, occurrence);
    } else if (!(CATCH_ALL.has(f.ruleId) && !CATCH_ALL.has(present.finding.ruleId))) {
      // Two specific rules on one secret: keep both (different services may share a format).
      this.atPlace.set(`${key}\0${f.ruleId}`, occurrence);
    }
  }

  /**
   * Run the rules over `text` and add each secret found, placed by `place` (path-only rules are judged
   * once per file by the caller, so they are skipped here).
   */
  scan(
    text: string,
    settings: SecretsSettings,
    path: string,
    place: (finding: SecretFinding) => Omit<SecretOccurrence, 'finding'>,
  ): void {
    for (const finding of detectSecrets(text, settings.config, { path, salt: settings.salt })) {
      if (!finding.fileOnly) this.add({ finding, ...place(finding) });
    }
  }

  get size(): number {
    return this.atPlace.size;
  }

  /** Report one finding per (rule, secret) through ctx.report. */
  report(ctx: ScanContext, extra: Readonly<Record<string, string>> = {}): void {
    const groups = new Map<string, SecretOccurrence[]>();
    for (const o of this.atPlace.values()) {
      const key = `${o.finding.ruleId}\0${o.finding.fingerprint}`;
      const list = groups.get(key);
      if (list) list.push(o);
      else groups.set(key, [o]);
    }
    for (const list of groups.values()) {
      list.sort(byPosition);
      const first = list[0]!;
      const f = first.finding;
      const others = list.slice(1);
      const where =
        first.cell !== undefined
          ? ` in cell ${first.cell}${first.part ? ` ${first.part}` : ''}`
          : '';
      const more = others.length > 0 ? ` It occurs ${list.length} times in this file.` : '';
      ctx.report({
        ruleId: `secrets/${f.ruleId}`,
        // The rule's own description goes to the catalogue entry (SARIF rule text); the message stays short.
        message: `Secret ${snippet(f.masked, 16)} (${snippet(f.ruleId, 80)})${where}.${more}`,
        line: first.line,
        column: first.column,
        ...(first.cell !== undefined ? { cell: first.cell } : {}),
        evidence: {
          rule: snippet(f.ruleId, 80),
          masked: snippet(f.masked, 16),
          secretHash: `hmac-sha256:${f.fingerprint}`,
          ...(f.entropy !== undefined ? { entropy: f.entropy } : {}),
          ...(first.part !== undefined ? { part: first.part } : {}),
          ...(first.pointer !== undefined ? { pointer: snippet(first.pointer, 120) } : {}),
          ...(others.length > 0
            ? {
                occurrences: list.length,
                alsoAt:
                  others.slice(0, MAX_OTHER_PLACES).map(place).join('; ') +
                  (others.length > MAX_OTHER_PLACES ? '; …' : ''),
              }
            : {}),
          ...extra,
        },
        // Rule, path and the secret's salted hash identify the finding (baselines): not the line.
        key: [f.fingerprint],
      });
    }
  }
}
