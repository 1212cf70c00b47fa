import type { ConfigFile, Reporter } from './model.ts';
import { imagePinProblem } from './images.ts';
import { looksLikeSecretName } from './secret-names.ts';
import { logicalLines, shellCommands } from './text.ts';

/** One Dockerfile instruction with its (continuation-joined) arguments. */
interface Instruction {
  readonly keyword: string;
  readonly args: string;
  readonly line: number;
}

function instructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  for (const { text: line, line: number } of logicalLines(text)) {
    const m = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!m || line.trimStart().startsWith('#')) continue;
    out.push({ keyword: (m[1] ?? '').toUpperCase(), args: (m[2] ?? '').trim(), line: number });
  }
  return out;
}

/** Flags (`--platform=…`) removed from the front of an instruction's arguments. */
function withoutFlags(args: string): { flags: string[]; rest: string } {
  const flags: string[] = [];
  let rest = args;
  for (let m = /^--(\S+)\s*/.exec(rest); m; m = /^--(\S+)\s*/.exec(rest)) {
    flags.push(m[1] ?? '');
    rest = rest.slice(m[0].length);
  }
  return { flags, rest };
}

/** Names declared by ARG/ENV: `NAME`, `NAME=value`, `NAME value` (legacy ENV), `A=1 B=2`. */
function declaredNames(keyword: string, args: string): string[] {
  if (keyword === 'ENV' && !/^[^\s=]+=/.test(args)) return [args.split(/\s+/)[0] ?? ''];
  return shellCommands(args)[0]?.map((word) => word.split('=')[0] ?? '') ?? [];
}

const FETCH = /^(?:curl|wget)$/;
const SHELL = /^(?:sh|bash|ash|dash|zsh|python3?|perl)$/;

/** Dockerfile checks: final-stage user, secrets in ARG/ENV, curl | sh, ADD <url>, unpinned base images. */
export function checkDockerfile(file: ConfigFile, report: Reporter): void {
  const list = instructions(file.text);
  const stages = new Set<string>();
  let user: Instruction | undefined;
  let lastFrom: Instruction | undefined;
  for (const ins of list) {
    if (ins.keyword === 'FROM') {
      lastFrom = ins;
      user = undefined;
      const { rest } = withoutFlags(ins.args);
      const [image = '', as, alias] = rest.split(/\s+/);
      if (as?.toUpperCase() === 'AS' && alias) stages.add(alias.toLowerCase());
      const problem = stages.has(image.toLowerCase()) ? undefined : imagePinProblem(image);
      if (problem) {
        report({
          ruleId: 'mlops/image-not-pinned',
          message: `Base image ${image.slice(0, 120)} is not pinned (${problem === 'latest' ? 'the moving latest tag' : 'no tag'}).`,
          line: ins.line,
          evidence: { instruction: 'FROM', image: image.slice(0, 120) },
        });
      }
    } else if (ins.keyword === 'USER') {
      user = ins;
    } else if (ins.keyword === 'ARG' || ins.keyword === 'ENV') {
      for (const name of declaredNames(ins.keyword, ins.args)) {
        if (!looksLikeSecretName(name)) continue;
        report({
          ruleId: 'mlops/dockerfile-secret-in-arg-env',
          message: `${ins.keyword} ${name.slice(0, 80)} puts a credential into the image ${ins.keyword === 'ENV' ? 'configuration' : 'build history'}.`,
          line: ins.line,
          evidence: { instruction: ins.keyword, variable: name.slice(0, 80) },
        });
      }
    } else if (ins.keyword === 'ADD') {
      const { flags, rest } = withoutFlags(ins.args);
      const url = rest.split(/\s+/).find((w) => /^https?:\/\//i.test(w));
      if (url && !flags.some((f) => f.startsWith('checksum='))) {
        report({
          ruleId: 'mlops/dockerfile-remote-add',
          message: `ADD downloads ${url.slice(0, 120)} without --checksum.`,
          line: ins.line,
          evidence: { instruction: 'ADD', url: url.slice(0, 120) },
        });
      }
    } else if (ins.keyword === 'RUN') {
      checkPipeToShell(ins, report);
    }
  }
  const root = user === undefined || /^(?:root|0)(?::.*)?$/.test(user.args.trim());
  if (lastFrom && root) {
    report({
      ruleId: 'mlops/dockerfile-root-user',
      message:
        user === undefined
          ? 'The final stage has no USER instruction, so the image runs as root.'
          : 'The final stage switches to root with USER.',
      line: (user ?? lastFrom).line,
      evidence: { instruction: user === undefined ? 'FROM' : 'USER' },
    });
  }
}

/** `curl … | sh`, `wget -qO- … | bash`: a fetch whose output is the next command's input. */
function checkPipeToShell(ins: Instruction, report: Reporter): void {
  const { rest } = withoutFlags(ins.args);
  for (const segment of rest.split(/&&|\|\||;/)) {
    const parts = segment.split('|');
    for (let i = 0; i + 1 < parts.length; i++) {
      const left = shellCommands(parts[i] ?? '')[0] ?? [];
      const right = shellCommands(parts[i + 1] ?? '')[0] ?? [];
      const fetch = left.find((w) => FETCH.test(w.slice(w.lastIndexOf('/') + 1)));
      const runner = (right[0] === 'sudo' ? right[1] : right[0]) ?? '';
      if (fetch && SHELL.test(runner.slice(runner.lastIndexOf('/') + 1))) {
        report({
          ruleId: 'mlops/dockerfile-pipe-to-shell',
          message: `RUN pipes ${fetch} output into ${runner}.`,
          line: ins.line,
          evidence: { instruction: 'RUN', fetch, shell: runner },
        });
        return;
      }
    }
  }
}
