/**
 * Poetry version constraints as PEP 440 specifier sets: `^1.2.3` → `>=1.2.3,<2.0.0`, `~1.2` →
 * `>=1.2,<1.3`, `1.2.3` → `==1.2.3`, `*` → '', `1.2.*` → `==1.2.*`; comma- or space-separated clauses
 * combined. Constraints with `||` (a union PEP 440 cannot express) and anything unreadable give undefined.
 */
export function poetryConstraint(input: string): string | undefined {
  const text = input.trim();
  if (text === '' || text === '*') return '';
  if (text.includes('||') || text.length > 256) return undefined;
  const clauses = text
    .split(/\s*,\s*|\s+(?=[~^<>=!\d])/)
    .map((c) => c.replace(/\s+/g, ''))
    .filter((c) => c !== '');
  const out: string[] = [];
  for (const clause of clauses) {
    const converted = convertClause(clause);
    if (converted === undefined) return undefined;
    if (converted !== '') out.push(converted);
  }
  return out.join(',');
}

/** Version-like text (checked as PEP 440 by the matcher): linear, no nested quantifiers. */
const VERSION = /^v?\d[A-Za-z0-9._+-]*$/;

function convertClause(clause: string): string | undefined {
  if (clause === '*') return '';
  if (clause.startsWith('^')) return caret(clause.slice(1));
  if (clause.startsWith('~=')) return VERSION.test(clause.slice(2)) ? clause : undefined;
  if (clause.startsWith('~')) return tilde(clause.slice(1));
  const op = /^(===|==|!=|<=|>=|<|>|=)?(.*)$/.exec(clause);
  const operator = op?.[1] ?? '';
  const version = op?.[2] ?? '';
  if (version.endsWith('.*')) {
    if (!VERSION.test(version.slice(0, -2))) return undefined;
    return operator === '!='
      ? `!=${version}`
      : operator === '' || operator === '==' || operator === '='
        ? `==${version}`
        : undefined;
  }
  if (!VERSION.test(version)) return undefined;
  if (operator === '' || operator === '=') return `==${version}`;
  return `${operator}${version}`;
}

function release(version: string): number[] | undefined {
  const head = /^v?(\d+(?:\.\d+)*)/.exec(version)?.[1];
  if (head === undefined || !VERSION.test(version)) return undefined;
  return head.split('.').map(Number);
}

/** `^1.2.3` allows changes that keep the leftmost non-zero part. */
function caret(version: string): string | undefined {
  const parts = release(version);
  if (parts === undefined) return undefined;
  const first = parts.findIndex((n) => n !== 0);
  const keep = first === -1 ? Math.min(parts.length, 2) - 1 : first;
  const upper = parts.slice(0, keep + 1);
  upper[keep] = (upper[keep] ?? 0) + 1;
  while (upper.length < parts.length) upper.push(0);
  return `>=${version},<${upper.join('.')}`;
}

/** `~1.2.3` allows patch changes; `~1` allows minor ones. */
function tilde(version: string): string | undefined {
  const parts = release(version);
  if (parts === undefined) return undefined;
  const keep = parts.length === 1 ? 0 : 1;
  const upper = parts.slice(0, keep + 1);
  upper[keep] = (upper[keep] ?? 0) + 1;
  return `>=${version},<${upper.join('.')}`;
}
