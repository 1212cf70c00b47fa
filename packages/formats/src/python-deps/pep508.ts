import { isValidPackageName } from './package-name.ts';

/** A PEP 508 requirement string, split into its parts (markers kept as text). */
export interface Pep508Requirement {
  readonly name: string;
  readonly extras: readonly string[];
  /** The specifier set without parentheses and spaces around clauses; '' when there is none. */
  readonly specifier: string;
  readonly url?: string;
  readonly markers?: string;
}

const SPEC_CLAUSE = /^(?:~=|===|==|!=|<=|>=|<|>)\s*[A-Za-z0-9.*+!_-]+$/;

/**
 * Parse one PEP 508 requirement (`name[extra] (>=1, <2) ; python_version < "3.9"` or
 * `name @ https://… ; markers`); undefined when it is not one. Linear: splits at fixed characters only.
 */
export function parsePep508(input: string): Pep508Requirement | undefined {
  let text = input.trim();
  let markers: string | undefined;
  let url: string | undefined;

  const at = text.indexOf('@');
  const semi = text.indexOf(';');
  if (at !== -1 && (semi === -1 || at < semi)) {
    // name [extras] @ url [ ; markers ] — a `;` inside the URL needs whitespace before it to end it.
    const rest = text.slice(at + 1).trim();
    const end = rest.search(/\s;/);
    url = (end === -1 ? rest : rest.slice(0, end)).trim();
    if (end !== -1) markers = rest.slice(end + 2).trim();
    text = text.slice(0, at).trim();
    if (url === '' || /\s/.test(url)) return undefined;
  } else if (semi !== -1) {
    markers = text.slice(semi + 1).trim();
    text = text.slice(0, semi).trim();
  }
  if (markers === '') return undefined;

  let extras: string[] = [];
  const open = text.indexOf('[');
  let head: string;
  let tail: string;
  if (open !== -1) {
    const close = text.indexOf(']', open);
    if (close === -1) return undefined;
    head = text.slice(0, open).trim();
    extras = text
      .slice(open + 1, close)
      .split(',')
      .map((e) => e.trim())
      .filter((e) => e !== '');
    if (!extras.every(isValidPackageName)) return undefined;
    tail = text.slice(close + 1).trim();
  } else {
    const cut = text.search(/[\s(<>=!~]/);
    head = cut === -1 ? text : text.slice(0, cut);
    tail = cut === -1 ? '' : text.slice(cut).trim();
  }
  if (!isValidPackageName(head)) return undefined;
  if (url !== undefined && tail !== '') return undefined;

  let spec = tail;
  if (spec.startsWith('(')) {
    if (!spec.endsWith(')')) return undefined;
    spec = spec.slice(1, -1).trim();
  }
  const clauses = spec === '' ? [] : spec.split(',').map((c) => c.trim());
  if (!clauses.every((c) => SPEC_CLAUSE.test(c))) return undefined;
  const specifier = clauses.map((c) => c.replace(/\s+/g, '')).join(',');

  const out: { -readonly [K in keyof Pep508Requirement]: Pep508Requirement[K] } = {
    name: head,
    extras,
    specifier,
  };
  if (url !== undefined) out.url = url;
  if (markers !== undefined) out.markers = markers;
  return out;
}

/** The exact version of a specifier set that pins one (`==1.2`, `===1.2`), else undefined. */
export function pinnedVersion(specifier: string): string | undefined {
  if (specifier.includes(',')) return undefined;
  const exact = /^===?(.+)$/.exec(specifier);
  if (!exact || exact[1] === undefined || exact[1].endsWith('.*')) return undefined;
  return exact[1];
}
