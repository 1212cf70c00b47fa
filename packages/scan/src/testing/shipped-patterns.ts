import { readFileSync } from 'node:fs';
import { parse } from 'smol-toml';

const FILES = {
  gitleaks: new URL('../../data/gitleaks/gitleaks.toml', import.meta.url),
  ml: new URL('../../data/ml-secrets.toml', import.meta.url),
} as const;

/** The id and regex of every shipped secrets rule that has one: the gitleaks defaults, then the ML pack. */
export function shippedPatterns(
  which: readonly (keyof typeof FILES)[] = ['gitleaks', 'ml'],
): { id: string; regex: string }[] {
  return which.flatMap((name) => {
    const doc = parse(readFileSync(FILES[name], 'utf8')) as {
      rules: { id: string; regex?: string }[];
    };
    return doc.rules.flatMap((r) => (r.regex ? [{ id: r.id, regex: r.regex }] : []));
  });
}
