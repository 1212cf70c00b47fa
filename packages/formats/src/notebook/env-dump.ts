import { COMMON_ENV_NAMES, SECRET_ENV_NAMES, SECRET_ENV_SUFFIX } from './secret-env-names.ts';

/**
 * How the environment was printed: `name-value-lines` (`!env`, `!printenv`, `export -p`, `%env`
 * set lines `env: NAME=value`), `environ-repr` (`os.environ` as the cell's value: `environ({...})`),
 * `dict-repr` (`%env` with no argument, `dict(os.environ)`: `{'PATH': ..., ...}`).
 */
export type EnvironmentDumpForm = 'name-value-lines' | 'environ-repr' | 'dict-repr';

/** An environment dump in a text; names only, never values. */
export interface EnvironmentDump {
  readonly form: EnvironmentDumpForm;
  /** 1-based line of the text where the dump starts. */
  readonly line: number;
  /** How many variables the dump lists. */
  readonly variables: number;
  /** Names of SECRET_ENV_NAMES present, sorted. */
  readonly secretNames: readonly string[];
  /** Other names that look like credentials by their suffix (SECRET_ENV_SUFFIX), sorted. */
  readonly suspectNames: readonly string[];
  /** Of secretNames and suspectNames, those whose value is empty or masked (IPython's `<hidden>`). */
  readonly hiddenNames: readonly string[];
}

/** Fewest variables listed for NAME=value lines or a plain dict to count as a dump. */
export const MIN_DUMP_VARIABLES = 5;

/** `NAME=value` as env/printenv print it, `declare -x NAME="value"` (export -p), `env: NAME=value` (%env). */
const LINE = /^(?:declare -x |export |env: )?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;
/** One `'NAME': 'value'` pair of a Python dict repr (values are strs: repr quotes them either way). */
const PAIR = /(['"])([A-Za-z_][A-Za-z0-9_]*)\1:\s*(['"])((?:(?!\3)[^\\]|\\.)*)\3/g;
/** Longest line read as a dict repr: a value without its closing quote is scanned to the line's end. */
const MAX_REPR_LINE = 256 * 1024;
const HIDDEN = new Set(['', '<hidden>', '""', "''", '***', '********']);

interface Variable {
  readonly name: string;
  readonly value: string;
}

/**
 * Find environment dumps in a text (a notebook output segment, a console log): many `NAME=value`
 * lines, or a Python `environ({...})` / dict repr of the environment, with at least two variables
 * every environment has (PATH, HOME, …). For each, the known secret-bearing variable names present.
 * Values are read only to tell whether they were masked; they are never returned.
 *
 * @example
 * for (const dump of findEnvironmentDumps(segment)) report(dump.secretNames, dump.line);
 */
export function findEnvironmentDumps(segment: { readonly text: string }): EnvironmentDump[] {
  const dumps: EnvironmentDump[] = [];
  const lines = segment.text.split('\n');
  let run: Variable[] = [];
  let runStart = 0;
  const endRun = (): void => {
    if (run.length >= MIN_DUMP_VARIABLES || hasSecretSet(run)) {
      const dump = describe('name-value-lines', runStart + 1, run);
      if (dump !== undefined) dumps.push(dump);
    }
    run = [];
  };
  lines.forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const match = LINE.exec(line);
    if (match === null) {
      // A multi-line value continues the previous variable; a blank or other line ends the run.
      if (line.trim() === '' || run.length === 0) endRun();
      return;
    }
    if (run.length === 0) runStart = index;
    run.push({ name: match[1] ?? '', value: match[2] ?? '' });
  });
  endRun();
  lines.forEach((line, index) => {
    if (line.length > MAX_REPR_LINE || !line.includes(':')) return;
    const pairs = [...line.matchAll(PAIR)].map((m) => ({ name: m[2] ?? '', value: m[4] ?? '' }));
    if (pairs.length === 0) return;
    const environ = /environ\(\{/.test(line);
    if (!environ && pairs.length < MIN_DUMP_VARIABLES) return;
    const dump = describe(environ ? 'environ-repr' : 'dict-repr', index + 1, pairs);
    if (dump !== undefined) dumps.push(dump);
  });
  return dumps.sort((a, b) => a.line - b.line);
}

/** `%env NAME=value` prints `env: NAME=value`: one such line with a secret name is a leak by itself. */
function hasSecretSet(run: readonly Variable[]): boolean {
  return run.some((v) => SECRET_ENV_NAMES.has(v.name));
}

function describe(
  form: EnvironmentDumpForm,
  line: number,
  variables: readonly Variable[],
): EnvironmentDump | undefined {
  const names = new Set(variables.map((v) => v.name));
  const common = [...names].filter((n) => COMMON_ENV_NAMES.has(n)).length;
  const secretNames = [...names].filter((n) => SECRET_ENV_NAMES.has(n)).sort();
  const suspectNames = [...names]
    .filter((n) => !SECRET_ENV_NAMES.has(n) && SECRET_ENV_SUFFIX.test(n))
    .sort();
  // NAME=value lines naming a known secret are a leak even without PATH and HOME (`%env` set lines).
  const secretLines = form === 'name-value-lines' && secretNames.length > 0;
  if (common < 2 && !secretLines) return undefined;
  const flagged = new Set([...secretNames, ...suspectNames]);
  const hiddenNames = [
    ...new Set(
      variables.filter((v) => flagged.has(v.name) && HIDDEN.has(v.value.trim())).map((v) => v.name),
    ),
  ].sort();
  return { form, line, variables: names.size, secretNames, suspectNames, hiddenNames };
}
