import { logicalLines, shellCommands } from './text.ts';

/** One command that starts an MLOps service, with the line it is on. */
export interface Invocation {
  readonly tool: 'mlflow' | 'ray' | 'jupyter';
  /** The words from the tool's sub-command on (`server --host 0.0.0.0 …`). */
  readonly args: readonly string[];
  readonly line: number;
}

const base = (word: string): string => word.slice(word.lastIndexOf('/') + 1);

/** The service a command starts, if it is one of ours. */
function classify(words: readonly string[]): Omit<Invocation, 'line'> | undefined {
  for (let i = 0; i < words.length; i++) {
    const word = base(words[i] ?? '');
    const next = words[i + 1] ?? '';
    if (word === 'mlflow' && (next === 'server' || next === 'ui')) {
      return { tool: 'mlflow', args: words.slice(i + 1) };
    }
    if (word === 'ray' && next === 'start') return { tool: 'ray', args: words.slice(i + 1) };
    if (word === 'jupyter' && /^(?:lab|notebook|server|nbclassic)$/.test(next)) {
      return { tool: 'jupyter', args: words.slice(i + 1) };
    }
    if (/^(?:jupyter-(?:lab|notebook|server)|start-notebook\.(?:sh|py))$/.test(word)) {
      return { tool: 'jupyter', args: words.slice(i) };
    }
  }
  return undefined;
}

/** A JSON exec-form array (`CMD ["mlflow", "server"]`, `command: ["ray", "start"]`) on a line. */
function execForm(text: string): string[] | undefined {
  const start = text.indexOf('[');
  const end = text.lastIndexOf(']');
  if (start === -1 || end < start) return undefined;
  try {
    const value: unknown = JSON.parse(text.slice(start, end + 1));
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  } catch {
    // not JSON: read as shell words
  }
  return undefined;
}

/** Commands of a word list: `sh -c "script"` yields the script's commands. */
export function commandsOfWords(words: readonly string[]): string[][] {
  const shell = /^(?:sh|bash|ash|dash|zsh)$/.test(base(words[0] ?? ''));
  const c = words.findIndex((w) => /^-[a-z]*c$/.test(w));
  if (shell && c !== -1 && words[c + 1] !== undefined) return shellCommands(words[c + 1] ?? '');
  return [[...words]];
}

/** Service invocations among the commands of one line of text (any syntax we know). */
export function invocationsInLine(text: string, line: number): Invocation[] {
  if (!/\b(?:mlflow|ray|jupyter|start-notebook)\b/.test(text)) return [];
  const exec = execForm(text);
  const commands = exec
    ? commandsOfWords(exec)
    : shellCommands(text.replace(/[[\],]/g, ' ')).flatMap(commandsOfWords);
  const out: Invocation[] = [];
  for (const words of commands) {
    const found = classify(words);
    if (found) out.push({ ...found, line });
  }
  return out;
}

/** Service invocations in a shell script, Dockerfile, unit file or any other text. */
export function invocationsInText(text: string): Invocation[] {
  return logicalLines(text).flatMap((l) => invocationsInLine(l.text, l.line));
}

/** Service invocations of a word list from a structured file (a container's command + args). */
export function invocationsInWords(words: readonly string[], line: number): Invocation[] {
  const out: Invocation[] = [];
  for (const command of commandsOfWords(words)) {
    const found = classify(command);
    if (found) out.push({ ...found, line });
  }
  return out;
}
