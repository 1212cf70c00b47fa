import { SECRET_ENV_NAMES, SECRET_ENV_SUFFIX } from '@mlsec/formats';

/** A committed credential store: which file kind, and the names (never values) of what it holds. */
export interface CredentialStore {
  readonly kind: string;
  /** Names of the non-empty credential fields, in file order, without repeats. */
  readonly fields: readonly string[];
  /** 1-based line of the first one. */
  readonly line: number;
}

interface StoreKind {
  readonly kind: string;
  readonly path: RegExp;
  /** Matches one credential line; group 1 is the field name, group 2 the value. */
  readonly field: RegExp;
}

/** Values that are not credentials: empty, quoted empty, placeholders and references to elsewhere. */
const PLACEHOLDER =
  /^(?:|""|''|<[^>]*>|\$\{?[A-Za-z_][\w]*\}?|\$\(.*\)|x+|\*+|\.+|changeme|change[_-]?me|redacted|example|placeholder|dummy|none|null|todo|your[_-].*|xxx.*)$/i;

/**
 * Files whose whole purpose is holding credentials. Whatever format their tokens have (a rule may
 * know it or not), committing one with a value filled in leaks it.
 */
const STORES: readonly StoreKind[] = [
  { kind: '.netrc', path: /(?:^|\/)[._]netrc$/, field: /\b(password|account)[ \t]+(\S+)/ },
  {
    kind: '.env file',
    path: /(?:^|\/)\.env(?:\.(?!example$|sample$|template$|dist$|defaults?$)[\w.-]+)?$/,
    field: /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*(.*?)[ \t]*$/,
  },
  {
    kind: '.databrickscfg',
    path: /(?:^|\/)\.databrickscfg$/,
    field: /^[ \t]*(token|password|client_secret)[ \t]*=[ \t]*(.*?)[ \t]*$/,
  },
  {
    kind: 'kaggle.json',
    path: /(?:^|\/)kaggle\.json$/,
    field: /"(key)"[ \t]*:[ \t]*"([^"]*)"/,
  },
  {
    kind: 'Hugging Face token file',
    path: /(?:^|\/)(?:\.cache\/)?\.?huggingface\/(?:token|stored_tokens)$/,
    field: /^(?:([^=\s]+)[ \t]*=[ \t]*)?(hf_\S+|\S{20,})[ \t]*$/,
  },
  {
    kind: 'AWS credentials file',
    path: /(?:^|\/)\.aws\/credentials$/,
    field: /^[ \t]*(aws_secret_access_key|aws_session_token)[ \t]*=[ \t]*(.*?)[ \t]*$/,
  },
  {
    kind: '.pypirc',
    path: /(?:^|\/)\.pypirc$/,
    field: /^[ \t]*(password)[ \t]*[=:][ \t]*(.*?)[ \t]*$/,
  },
  {
    kind: '.git-credentials',
    path: /(?:^|\/)\.git-credentials$/,
    field: /^[a-z][\w+.-]*:\/\/[^:@/\s]+:([^@\s]+)()@/,
  },
];

/** Names in a .env file that are worth reporting: known secret variables or secret-like suffixes. */
function secretName(kind: string, name: string): boolean {
  if (kind !== '.env file') return true;
  const upper = name.toUpperCase();
  return SECRET_ENV_NAMES.has(upper) || SECRET_ENV_SUFFIX.test(upper);
}

function unquote(value: string): string {
  const v = value.trim();
  return /^(['"]).*\1$/.test(v) ? v.slice(1, -1) : v;
}

/** The credential store `path` names, with the fields it fills in; undefined for other files. */
export function findCredentialStore(path: string, text: string): CredentialStore | undefined {
  const store = STORES.find((s) => s.path.test(path));
  if (!store) return undefined;
  const fields: string[] = [];
  let line = 0;
  text.split('\n').forEach((content, i) => {
    const m = store.field.exec(content);
    if (!m) return;
    const name = store.kind === '.git-credentials' ? 'url password' : (m[1] ?? 'token');
    const value = store.kind === '.git-credentials' ? (m[1] ?? '') : unquote(m[2] ?? '');
    if (PLACEHOLDER.test(value) || !secretName(store.kind, name)) return;
    if (!fields.includes(name)) fields.push(name);
    if (line === 0) line = i + 1;
  });
  return fields.length > 0 ? { kind: store.kind, fields, line } : undefined;
}
