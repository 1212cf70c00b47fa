import { AUTH_PROXY_HINT, envSetting } from './model.ts';
import type { ConfigFile, Reporter } from './model.ts';
import { isAllInterfaces, optionValue } from './text.ts';

/** The admin password MLflow's basic-auth app documents and seeds on first start. */
const DEFAULT_ADMIN_PASSWORD = 'password1234';
/** First release with every artifact path-traversal fix (CVE-2023-6831, -6909, -6976). */
const FIXED_TRAVERSAL = [2, 9, 2] as const;

const TLS_HINT =
  /^\s*tls:|ssl_certificate|--ssl-certfile|certresolver|cert-manager\.io|\bhttps:\/\//im;
/** Variables MLflow clients and the auth app read a password from. */
const PASSWORD_VARS = ['MLFLOW_TRACKING_PASSWORD', 'MLFLOW_ADMIN_PASSWORD', 'ADMIN_PASSWORD'];

/** A version written next to mlflow: `mlflow==2.9.1`, `mlflow[auth]==2.8.0`, `mlflow/mlflow:v2.3.0`. */
function pinnedVersion(text: string): { version: number[]; raw: string } | undefined {
  const match =
    /\bmlflow(?:\[[\w,]+\])?==(\d+(?:\.\d+){1,2})\b|mlflow\/mlflow:v?(\d+(?:\.\d+){1,2})\b/i.exec(
      text,
    );
  const raw = match?.[1] ?? match?.[2];
  return raw === undefined ? undefined : { version: raw.split('.').map(Number), raw };
}

function older(version: readonly number[], than: readonly number[]): boolean {
  for (let i = 0; i < than.length; i++) {
    const a = version[i] ?? 0;
    const b = than[i] ?? 0;
    if (a !== b) return a < b;
  }
  return false;
}

/** MLflow tracking-server invocations and basic-auth configuration. */
export function checkMlflow(file: ConfigFile, report: Reporter): void {
  if (file.kind === 'ini') checkAuthIni(file, report);
  for (const name of PASSWORD_VARS) {
    if (envSetting(file.text, name) === DEFAULT_ADMIN_PASSWORD) {
      const offset = file.text.search(new RegExp(`\\b${name}\\b`));
      report({
        ruleId: 'mlops/mlflow-default-admin-password',
        message: `${name} is set to MLflow's documented default admin password.`,
        line: file.lineAt(Math.max(0, offset)),
        evidence: { variable: name },
        key: [name],
      });
    }
  }
  const proxied = AUTH_PROXY_HINT.test(file.text);
  for (const inv of file.invocations) {
    if (inv.tool !== 'mlflow') continue;
    const host = optionValue(inv.args, ['--host', '-h']);
    const exposed = isAllInterfaces(host);
    const auth = optionValue(inv.args, ['--app-name']) === 'basic-auth';
    const evidence = { command: `mlflow ${inv.args[0] ?? ''}`, host: host ?? '127.0.0.1' };
    if (exposed && !auth && !proxied) {
      report({
        ruleId: 'mlops/mlflow-no-auth',
        message: `MLflow is started on ${host ?? ''} without --app-name basic-auth or an authenticating proxy.`,
        line: inv.line,
        evidence,
      });
    }
    if (exposed && auth && !proxied) {
      const opts = `${optionValue(inv.args, ['--gunicorn-opts']) ?? ''} ${optionValue(inv.args, ['--uvicorn-opts']) ?? ''}`;
      if (!/certfile/.test(opts) && !TLS_HINT.test(file.text)) {
        report({
          ruleId: 'mlops/mlflow-no-tls',
          message:
            'MLflow basic-auth is served on all interfaces over plain HTTP (no certificate, no TLS proxy).',
          line: inv.line,
          evidence,
        });
      }
    }
    const pinned = pinnedVersion(file.text);
    const serves = inv.args[0] === 'server' && !inv.args.includes('--no-serve-artifacts');
    if (serves && pinned && older(pinned.version, FIXED_TRAVERSAL)) {
      report({
        ruleId: 'mlops/mlflow-artifact-path-traversal',
        message: `MLflow ${pinned.raw} serves artifacts and is older than 2.9.2 (CVE-2023-6831 and related path traversals).`,
        line: inv.line,
        evidence: { ...evidence, version: pinned.raw },
      });
    }
  }
}

/** basic_auth.ini: `[mlflow]` with `admin_password = password1234`. */
function checkAuthIni(file: ConfigFile, report: Reporter): void {
  const pattern = /^[ \t]*admin_password[ \t]*[=:][ \t]*(\S*)[ \t]*$/gm;
  for (let match = pattern.exec(file.text); match; match = pattern.exec(file.text)) {
    if (match[1] !== DEFAULT_ADMIN_PASSWORD) continue;
    report({
      ruleId: 'mlops/mlflow-default-admin-password',
      message: 'The MLflow auth configuration keeps the documented default admin password.',
      line: file.lineAt(match.index),
      evidence: { setting: 'admin_password' },
      key: ['admin_password'],
    });
  }
}
