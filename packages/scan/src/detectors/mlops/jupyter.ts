import type { ConfigFile, Reporter } from './model.ts';
import { isAllInterfaces } from './text.ts';

/** One Jupyter setting and the line that sets it. */
interface Setting {
  readonly value: string;
  readonly line: number;
}

/** Traits that hold the settings we check, by trait name (the class prefix does not matter). */
const TRAITS = new Set([
  'token',
  'password',
  'hashed_password',
  'ip',
  'allow_origin',
  'allow_origin_pat',
  'allow_root',
  'disable_check_xsrf',
]);
const CLASSES = /^(?:ServerApp|NotebookApp|IdentityProvider|PasswordIdentityProvider|LabApp)$/;

/** A Python literal from a config line: quoted strings lose their quotes (u'', r"", b''). */
function literal(raw: string): string {
  const text = raw.trim();
  const quoted = /^[urbURB]{0,2}(['"])(.*)\1$/.exec(text);
  return quoted ? (quoted[2] ?? '') : text;
}

/** Settings from `c.ServerApp.token = ''` lines of jupyter_server_config.py / jupyter_notebook_config.py. */
function fromPython(file: ConfigFile, into: Map<string, Setting>): void {
  const pattern = /^[ \t]*c\.(\w+)\.(\w+)[ \t]*=[ \t]*([^#\n]*)/gm;
  for (let m = pattern.exec(file.text); m; m = pattern.exec(file.text)) {
    const [, cls = '', trait = '', raw = ''] = m;
    if (CLASSES.test(cls) && TRAITS.has(trait)) {
      into.set(trait, { value: literal(raw), line: file.lineAt(m.index) });
    }
  }
}

/** Settings from jupyter_server_config.json: `{"ServerApp": {"token": ""}}`. */
function fromJson(file: ConfigFile, into: Map<string, Setting>): void {
  let root: unknown;
  try {
    root = JSON.parse(file.text);
  } catch {
    return;
  }
  if (typeof root !== 'object' || root === null || Array.isArray(root)) return;
  for (const [cls, section] of Object.entries(root)) {
    if (!CLASSES.test(cls) || typeof section !== 'object' || section === null) continue;
    for (const [trait, value] of Object.entries(section as Record<string, unknown>)) {
      if (!TRAITS.has(trait)) continue;
      const at = file.text.indexOf(`"${trait}"`);
      into.set(trait, { value: String(value), line: file.lineAt(Math.max(0, at)) });
    }
  }
}

/** Settings from a `jupyter lab --ServerApp.token= --ip=0.0.0.0 --allow-root` command line. */
function fromArgs(args: readonly string[], line: number, into: Map<string, Setting>): void {
  for (let i = 0; i < args.length; i++) {
    const word = args[i] ?? '';
    if (word === '--allow-root') into.set('allow_root', { value: 'True', line });
    const m = /^--(?:(\w+)\.)?(\w+)(?:=(.*))?$/.exec(word);
    if (!m) continue;
    const [, cls, trait = '', value] = m;
    if ((cls !== undefined && !CLASSES.test(cls)) || !TRAITS.has(trait)) continue;
    if (cls === undefined && trait !== 'ip') continue;
    into.set(trait, { value: literal(value ?? args[++i] ?? ''), line });
  }
}

const isTrue = (s: Setting | undefined): boolean => s !== undefined && /^true$/i.test(s.value);

function evaluate(settings: Map<string, Setting>, report: Reporter): void {
  const token = settings.get('token');
  const password = settings.get('password') ?? settings.get('hashed_password');
  const ip = settings.get('ip');
  if (
    token !== undefined &&
    token.value === '' &&
    (password === undefined || password.value === '')
  ) {
    const exposed = isAllInterfaces(ip?.value);
    report({
      ruleId: 'mlops/jupyter-no-auth',
      message: `Jupyter runs with an empty token and no password${exposed ? ' on all interfaces' : ''}.`,
      line: token.line,
      evidence: { setting: 'token', ip: ip?.value ?? 'localhost' },
      ...(exposed ? { severity: 'critical' as const } : {}),
    });
  }
  const origin = settings.get('allow_origin');
  const pattern = settings.get('allow_origin_pat');
  const any =
    origin?.value === '*' ? origin : pattern && /^\.\*$/.test(pattern.value) ? pattern : undefined;
  if (any) {
    report({
      ruleId: 'mlops/jupyter-any-origin',
      message: 'Jupyter accepts cross-origin requests from any web site.',
      line: any.line,
      evidence: { setting: any === origin ? 'allow_origin' : 'allow_origin_pat' },
    });
  }
  if (isTrue(settings.get('allow_root'))) {
    report({
      ruleId: 'mlops/jupyter-allow-root',
      message: 'Jupyter is allowed to run as root.',
      line: settings.get('allow_root')?.line ?? 1,
      evidence: { setting: 'allow_root' },
    });
  }
  if (isTrue(settings.get('disable_check_xsrf'))) {
    report({
      ruleId: 'mlops/jupyter-xsrf-disabled',
      message: 'Jupyter XSRF checks are disabled.',
      line: settings.get('disable_check_xsrf')?.line ?? 1,
      evidence: { setting: 'disable_check_xsrf' },
    });
  }
}

/** Jupyter configuration files and every `jupyter lab|notebook|server` command line. */
export function checkJupyter(file: ConfigFile, report: Reporter): void {
  if (file.kind === 'jupyter-config' || file.kind === 'json') {
    const settings = new Map<string, Setting>();
    if (file.kind === 'json') fromJson(file, settings);
    else fromPython(file, settings);
    evaluate(settings, report);
  }
  for (const inv of file.invocations) {
    if (inv.tool !== 'jupyter') continue;
    const settings = new Map<string, Setting>();
    fromArgs(inv.args, inv.line, settings);
    evaluate(settings, report);
  }
}
