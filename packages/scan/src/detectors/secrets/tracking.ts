import { parseJson } from '@mlsec/formats';

/**
 * A text derived from a structured file so that rules keyed on a name see the value next to it: an
 * MLflow param file holds only the value (its name is the file name), W&B's config.yaml puts the value
 * two lines under the key, wandb-metadata.json keeps the command line as a JSON list.
 */
export interface DerivedText {
  readonly text: string;
  /** Line of the file each derived line comes from (1-based), by derived line index. */
  readonly lines: readonly number[];
  /** What it is, for the finding: 'param lr', 'config.yaml value', 'command line'. */
  readonly part: string;
}

const MLRUNS_VALUE = /(?:^|\/)mlruns\/(?:[^/]+\/)+(params|tags)\/([^/]+)$/;
const WANDB_CONFIG = /(?:^|\/)wandb\/[^/]+\/files\/config\.ya?ml$/;
const WANDB_METADATA = /(?:^|\/)wandb\/[^/]+\/files\/wandb-metadata\.json$/;
const TOP_KEY = /^([A-Za-z_][\w.-]{0,200}):\s*$/;
const VALUE_LINE = /^\s+value:[ \t]*(\S.{0,4000})$/;
/** Most arguments of a recorded command line read. */
const MAX_ARGS = 10_000;

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** `name=value` for a file of mlruns/<experiment>/<run>/params|tags/<name>. */
function mlrunsValue(kind: string, name: string, text: string): DerivedText {
  const value = text.replace(/\r?\n$/, '');
  return {
    text: `${name}=${value}`,
    lines: value.split('\n').map((_, i) => i + 1),
    part: `${kind === 'params' ? 'param' : 'tag'} ${name}`,
  };
}

/** `key: value` for each top-level `key:` followed by an indented `value:` (W&B's config.yaml). */
function wandbConfig(text: string): DerivedText | undefined {
  const out: string[] = [];
  const lines: number[] = [];
  let key: string | undefined;
  text.split('\n').forEach((line, i) => {
    const top = TOP_KEY.exec(line);
    if (top) {
      key = top[1];
      return;
    }
    if (!/^\s/.test(line)) key = undefined;
    const value = key === undefined ? null : VALUE_LINE.exec(line);
    if (key !== undefined && value) {
      out.push(`${key}: ${value[1]}`);
      lines.push(i + 1);
    }
  });
  return out.length > 0 ? { text: out.join('\n'), lines, part: 'config value' } : undefined;
}

/** The recorded command line, with `--flag value` pairs written `--flag=value`. */
function wandbArgs(text: string, maxBytes: number): DerivedText | undefined {
  const parsed = parseJson(text, { maxDepth: 16, maxStringLength: maxBytes, maxEntries: MAX_ARGS });
  if (!parsed.ok) return undefined;
  const doc = parsed.value;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return undefined;
  const args = (doc as Record<string, unknown>)['args'];
  if (!Array.isArray(args)) return undefined;
  const strings = args.filter((a): a is string => typeof a === 'string');
  const out: string[] = [];
  const lines: number[] = [];
  // Each argument is looked for as a JSON string after the previous one, to find its line.
  // Lines are counted incrementally as the cursor moves, so the whole walk is linear in the text.
  let cursor = Math.max(0, text.indexOf('"args"'));
  let line = lineAt(text, cursor);
  const lineOf = (value: string): number => {
    const at = text.indexOf(JSON.stringify(value), cursor);
    if (at < 0) return line;
    for (let i = text.indexOf('\n', cursor); i !== -1 && i < at; i = text.indexOf('\n', i + 1))
      line++;
    cursor = at + 1;
    return line;
  };
  for (let i = 0; i < strings.length; i++) {
    const arg = strings[i]!;
    const next = strings[i + 1];
    const paired =
      arg.startsWith('-') && !arg.includes('=') && next !== undefined && !next.startsWith('-');
    out.push(paired ? `${arg}=${next}` : arg);
    const argLine = lineOf(arg);
    lines.push(paired ? lineOf(next) : argLine);
    if (paired) i++;
  }
  return out.length > 0 ? { text: out.join('\n'), lines, part: 'command line' } : undefined;
}

/** Derived texts for experiment-tracking files (mlruns, wandb); [] for any other file. */
export function derivedTexts(path: string, text: string, maxBytes: number): DerivedText[] {
  const mlruns = MLRUNS_VALUE.exec(path);
  if (mlruns) return [mlrunsValue(mlruns[1]!, mlruns[2]!, text)];
  if (WANDB_CONFIG.test(path)) return [wandbConfig(text)].filter((d) => d !== undefined);
  if (WANDB_METADATA.test(path)) return [wandbArgs(text, maxBytes)].filter((d) => d !== undefined);
  return [];
}
