import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { defaultSecretsConfig, mlSecretsConfig, parseSecretsConfig } from './config.ts';
import { detectSecrets } from './detect.ts';
import { fingerprintSecret } from './secret-text.ts';

import { ALNUM, fake, HEX, join } from '../testing/fake-tokens.ts';

const BASE64 = `${ALNUM}+/`;

const wandbV1 = join('wandb', '_v1_', fake(ALNUM, 27, 1), '_', fake(ALNUM, 49, 2));
const wandbShortV1 = join('wandb', '_v1_', fake(ALNUM, 27, 1), '_', fake(ALNUM, 48, 2));
const wandbHex = fake(HEX, 40, 3);
const wandbLocal = join('local', '-', fake(HEX, 40, 4));
const kaggleHex = fake(HEX, 32, 5);
const kgat = join('KG', 'AT_', fake(HEX, 32, 6));
const mlflowPassword = join(fake(ALNUM, 14, 7), '!', fake(ALNUM, 3, 8));
const mlflowToken = fake(ALNUM, 32, 9);
const replicate = join('r8', '_', fake(ALNUM, 37, 10));
const groq = join('gs', 'k_', fake(ALNUM, 52, 11));
const langsmithPt = join('lsv2', '_pt_', fake(HEX, 32, 12), '_', fake(HEX, 10, 13));
const langsmithSk = join('lsv2', '_sk_', fake(HEX, 32, 14), '_', fake(HEX, 10, 15));

const pemLines = Array.from({ length: 26 }, (_, i) => fake(BASE64, 64, 100 + i));
const pemBody = join(pemLines.join('\\n'), '\\n');
const pem = (body: string): string =>
  join('-----BEGIN ', 'PRIVATE KEY-----\\n', body, '-----END ', 'PRIVATE KEY-----\\n');
const serviceAccount = (type: string, body: string): string =>
  [
    '{',
    `  "type": "${type}",`,
    '  "project_id": "demo-project",',
    `  "private_key_id": "${fake(HEX, 40, 16)}",`,
    `  "private_key": "${pem(body)}",`,
    '  "client_email": "trainer@demo-project.iam.gserviceaccount.com",',
    '  "client_id": "100000000000000000000"',
    '}',
  ].join('\n');

interface Case {
  readonly rule: string;
  readonly what: string;
  readonly text: string;
  /** The secret a true positive must report (by fingerprint); absent for a false positive. */
  readonly secret?: string;
}

const truePositives: Case[] = [
  {
    rule: 'url-embedded-credentials',
    what: 'an MLflow backend store URI',
    text: `mlflow server --backend-store-uri postgresql+psycopg2://mlflow:${mlflowPassword}@db.internal:5432/mlflow\n`,
    secret: mlflowPassword,
  },
  {
    rule: 'url-embedded-credentials',
    what: 'a git remote with a token',
    text: `  "remote": "https://ci-bot:${mlflowToken}@git.example.com/team/train.git",\n`,
    secret: mlflowToken,
  },
  {
    rule: 'wandb-api-key',
    what: 'shell export',
    text: `export WANDB_API_KEY="${wandbV1}"\n`,
    secret: wandbV1,
  },
  {
    rule: 'wandb-api-key',
    what: 'login call',
    text: `wandb.login(key='${wandbV1}')`,
    secret: wandbV1,
  },
  {
    rule: 'wandb-legacy-api-key',
    what: 'os.environ assignment',
    text: `os.environ["WANDB_API_KEY"] = "${wandbHex}"\n`,
    secret: wandbHex,
  },
  {
    rule: 'wandb-legacy-api-key',
    what: 'wandb.login(key=...)',
    text: `wandb.login(anonymous="never", key='${wandbHex}')`,
    secret: wandbHex,
  },
  {
    rule: 'wandb-legacy-api-key',
    what: 'CLI login in a notebook cell',
    text: `!wandb login --relogin ${wandbHex}\n`,
    secret: wandbHex,
  },
  {
    rule: 'wandb-legacy-api-key',
    what: 'self-hosted local- key',
    text: `WANDB_API_KEY=${wandbLocal}\n`,
    secret: wandbLocal,
  },
  {
    rule: 'wandb-netrc-api-key',
    what: '.netrc entry',
    text: `machine api.wandb.ai\n  login user\n  password ${wandbHex}\n`,
    secret: wandbHex,
  },
  {
    rule: 'kaggle-json-api-key',
    what: 'kaggle.json, username first',
    text: `{"username":"someone","key":"${kaggleHex}"}`,
    secret: kaggleHex,
  },
  {
    rule: 'kaggle-json-api-key',
    what: 'kaggle.json, key first, over lines',
    text: `{\n  "key": "${kaggleHex}",\n  "username": "someone"\n}\n`,
    secret: kaggleHex,
  },
  {
    rule: 'kaggle-api-key',
    what: 'KAGGLE_KEY export',
    text: `export KAGGLE_USERNAME=someone\nexport KAGGLE_KEY=${kaggleHex}\n`,
    secret: kaggleHex,
  },
  {
    rule: 'kaggle-api-key',
    what: 'os.environ assignment',
    text: `os.environ['KAGGLE_KEY'] = '${kaggleHex}'`,
    secret: kaggleHex,
  },
  {
    rule: 'kaggle-api-token',
    what: 'KAGGLE_API_TOKEN',
    text: `KAGGLE_API_TOKEN=${kgat}\n`,
    secret: kgat,
  },
  {
    rule: 'mlflow-tracking-password',
    what: '.env line',
    text: `MLFLOW_TRACKING_USERNAME=alice\nMLFLOW_TRACKING_PASSWORD=${mlflowPassword}\n`,
    secret: mlflowPassword,
  },
  {
    rule: 'mlflow-tracking-password',
    what: 'YAML env entry at the end of the text',
    text: `env:\n  MLFLOW_TRACKING_PASSWORD: ${mlflowPassword}`,
    secret: mlflowPassword,
  },
  {
    rule: 'mlflow-tracking-password',
    what: 'token set in Python',
    text: `os.environ["MLFLOW_TRACKING_TOKEN"] = "${mlflowToken}"\n`,
    secret: mlflowToken,
  },
  {
    rule: 'mlflow-tracking-uri-credentials',
    what: 'MLFLOW_TRACKING_URI with user:password@',
    text: `MLFLOW_TRACKING_URI=https://alice:${mlflowPassword}@mlflow.example.com\n`,
    secret: mlflowPassword,
  },
  {
    rule: 'mlflow-tracking-uri-credentials',
    what: 'set_tracking_uri call',
    text: `mlflow.set_tracking_uri("http://bob:${mlflowToken}@10.0.0.5:5000")`,
    secret: mlflowToken,
  },
  {
    rule: 'gcp-service-account-key',
    what: 'service-account key file',
    text: serviceAccount('service_account', pemBody),
    secret: pemBody,
  },
  {
    rule: 'replicate-api-token',
    what: 'REPLICATE_API_TOKEN',
    text: `REPLICATE_API_TOKEN=${replicate}\n`,
    secret: replicate,
  },
  {
    rule: 'groq-api-key',
    what: 'client constructor',
    text: `client = Groq(api_key="${groq}")`,
    secret: groq,
  },
  {
    rule: 'langsmith-api-key',
    what: 'personal access token',
    text: `LANGCHAIN_API_KEY=${langsmithPt}\n`,
    secret: langsmithPt,
  },
  {
    rule: 'langsmith-api-key',
    what: 'service key in a JSON-escaped notebook line',
    text: `"os.environ[\\"LANGSMITH_API_KEY\\"] = \\"${langsmithSk}\\"\\n"`,
    secret: langsmithSk,
  },
];

const falsePositives: Case[] = [
  {
    rule: 'mlflow-tracking-password',
    what: 'a list of variable names',
    text: "PASSWORD_VARS = ['MLFLOW_TRACKING_PASSWORD', 'MLFLOW_ADMIN_PASSWORD', 'ADMIN_PASSWORD']\n",
  },
  {
    rule: 'url-embedded-credentials',
    what: 'a placeholder password in a database URI',
    text: 'backend_store_uri: postgresql://mlflow:password@db:5432/mlflow\n',
  },
  {
    rule: 'url-embedded-credentials',
    what: 'a templated password',
    text: 'uri = f"postgresql://{user}:{password}@db/mlflow"\nURI=mysql://app:${DB_PASSWORD}@db/x\n',
  },
  {
    rule: 'url-embedded-credentials',
    what: 'a URL with a user and no password',
    text: 'git clone https://user@github.com/org/repo.git\n',
  },
  {
    rule: 'wandb-api-key',
    what: 'a key one character short',
    text: `WANDB_API_KEY=${wandbShortV1}\n`,
  },
  {
    rule: 'wandb-api-key',
    what: 'a low-entropy placeholder',
    text: `WANDB_API_KEY=${join('wandb', '_v1_', 'x'.repeat(27), '_', 'x'.repeat(49))}\n`,
  },
  {
    rule: 'wandb-legacy-api-key',
    what: 'a git commit in wandb-metadata.json',
    text: `{"program": "train.py", "git": {"remote": "https://github.com/o/r", "commit": "${wandbHex}"}, "wandb_version": "0.19.1"}`,
  },
  { rule: 'wandb-legacy-api-key', what: 'a zero key', text: `WANDB_API_KEY=${'0'.repeat(40)}\n` },
  {
    rule: 'wandb-legacy-api-key',
    what: 'a key read from the environment',
    text: `wandb.login(key=os.environ["WANDB_API_KEY"])\n`,
  },
  {
    rule: 'wandb-netrc-api-key',
    what: 'a .netrc entry for another host',
    text: `machine api.wandb.ai.example.org\n  login user\n  password ${wandbHex}\n`,
  },
  {
    rule: 'wandb-netrc-api-key',
    what: 'a low-entropy password',
    text: `machine api.wandb.ai login user password ${'ab'.repeat(20)}\n`,
  },
  {
    rule: 'kaggle-json-api-key',
    what: 'a placeholder key',
    text: `{"username": "someone", "key": "YOUR_KAGGLE_KEY"}`,
  },
  {
    rule: 'kaggle-json-api-key',
    what: 'a 32-hex key with no username beside it',
    text: `{"key": "${kaggleHex}", "value": 1, "username_hint": "x"}`,
  },
  {
    rule: 'kaggle-api-key',
    what: 'a CI secret reference',
    text: 'env:\n  KAGGLE_KEY: ${{ secrets.KAGGLE_KEY }}\n',
  },
  {
    rule: 'kaggle-api-key',
    what: 'a dataset hash next to a kaggle name',
    text: `kaggle_dataset_sha = "${kaggleHex}"\n`,
  },
  {
    rule: 'kaggle-api-token',
    what: 'a model directory named KGAT_',
    text: 'cd built-in/recommendation/KGAT_for_ACL\n',
  },
  { rule: 'kaggle-api-token', what: 'a zero token', text: join('KG', 'AT_', '0'.repeat(32)) },
  {
    rule: 'mlflow-tracking-password',
    what: 'a shell variable reference',
    text: 'MLFLOW_TRACKING_PASSWORD=${MLFLOW_PW}\n',
  },
  {
    rule: 'mlflow-tracking-password',
    what: 'a value read at run time',
    text: 'os.environ["MLFLOW_TRACKING_PASSWORD"] = getpass()\npw = os.environ["MLFLOW_TRACKING_TOKEN"]\n',
  },
  {
    rule: 'mlflow-tracking-password',
    what: 'a documentation placeholder',
    text: 'export MLFLOW_TRACKING_PASSWORD="your-password"\nMLFLOW_TRACKING_TOKEN=<token>\n',
  },
  {
    rule: 'mlflow-tracking-uri-credentials',
    what: 'a URI without credentials',
    text: 'MLFLOW_TRACKING_URI=https://mlflow.example.com:5000/\nmlflow.set_tracking_uri("http://localhost:5000")\n',
  },
  {
    rule: 'mlflow-tracking-uri-credentials',
    what: 'credentials from variables or placeholders',
    text: 'MLFLOW_TRACKING_URI=https://alice:${MLFLOW_PW}@mlflow.example.com\nMLFLOW_TRACKING_URI=https://user:password@host\n',
  },
  {
    rule: 'gcp-service-account-key',
    what: 'an authorized_user credentials file',
    text: serviceAccount('authorized_user', pemBody),
  },
  {
    rule: 'gcp-service-account-key',
    what: 'a documentation stub with an elided key',
    text: serviceAccount('service_account', '...\\n'),
  },
  {
    rule: 'replicate-api-token',
    what: 'a token one character short',
    text: `REPLICATE_API_TOKEN=${replicate.slice(0, -1)}\n`,
  },
  {
    rule: 'replicate-api-token',
    what: 'a low-entropy placeholder',
    text: `REPLICATE_API_TOKEN=${join('r8', '_', 'x'.repeat(37))}\n`,
  },
  {
    rule: 'groq-api-key',
    what: 'a placeholder and an over-long string',
    text: `GROQ_API_KEY=${join('gs', 'k_')}your_groq_api_key_here\nid = "${groq}x"\n`,
  },
  {
    rule: 'langsmith-api-key',
    what: 'a non-hex body',
    text: `LANGCHAIN_API_KEY=${join('lsv2', '_pt_', fake(ALNUM, 32, 17).replace(/[0-9a-f]/, 'z'), '_', fake(HEX, 10, 18))}\n`,
  },
  {
    rule: 'langsmith-api-key',
    what: 'a zero key',
    text: `LANGCHAIN_API_KEY=${join('lsv2', '_sk_', '0'.repeat(32), '_', '0'.repeat(10))}\n`,
  },
];

const packUrl = new URL('../../data/ml-secrets.toml', import.meta.url);
const packText = readFileSync(packUrl, 'utf8');
const packIds = parseSecretsConfig(packText, 'ml-secrets.toml').rules.map((rule) => rule.id);
const opts = { salt: 'ml-salt', path: 'train/config.py' };

describe('ML secrets rule pack', () => {
  it('parses alone, and every rule has keywords and an ML tag', () => {
    const pack = parseSecretsConfig(packText, 'ml-secrets.toml');
    assert.ok(pack.rules.length >= 12);
    for (const rule of pack.rules) {
      assert.ok(rule.keywords.length > 0, rule.id);
      assert.ok(rule.tags.includes('ml'), rule.id);
      assert.ok(rule.regex, rule.id);
    }
  });

  it('loads after the gitleaks defaults without id clashes', () => {
    const defaults = defaultSecretsConfig();
    const defaultIds = new Set(defaults.rules.map((rule) => rule.id));
    for (const id of packIds) assert.equal(defaultIds.has(id), false, id);
    const both = mlSecretsConfig();
    assert.equal(both.rules.length, defaults.rules.length + packIds.length);
    assert.deepEqual(
      both.rules.slice(defaults.rules.length).map((rule) => rule.id),
      packIds,
    );
    assert.equal(new Set(both.rules.map((rule) => rule.id)).size, both.rules.length);
    assert.equal(both.allowlists.length, defaults.allowlists.length);
    assert.equal(mlSecretsConfig(), both);
  });

  it('has at least one true and one false positive case per rule', () => {
    for (const id of packIds) {
      assert.ok(
        truePositives.some((c) => c.rule === id),
        `no true positive for ${id}`,
      );
      assert.ok(
        falsePositives.some((c) => c.rule === id),
        `no false positive for ${id}`,
      );
    }
  });

  // Each case runs with the defaults (whose global allowlist drops e.g. `${VAR}` values) and with the
  // pack alone, so the pack's own guards are tested too.
  for (const engine of ['auto', 're2js'] as const) {
    describe(`on the ${engine} engine`, () => {
      const configs = () => [
        mlSecretsConfig({ engine }),
        parseSecretsConfig(packText, 'ml-secrets.toml', { engine }),
      ];
      for (const c of truePositives) {
        it(`${c.rule} finds ${c.what}`, () => {
          for (const config of configs()) {
            const found = detectSecrets(c.text, config, opts);
            const mine = found.filter((f) => f.ruleId === c.rule);
            assert.equal(mine.length, 1, JSON.stringify(found.map((f) => f.ruleId)));
            assert.equal(mine[0]!.fingerprint, fingerprintSecret(c.secret!, opts.salt));
            assert.equal(JSON.stringify(found).includes(c.secret!), false);
          }
        });
      }
      for (const c of falsePositives) {
        it(`${c.rule} ignores ${c.what}`, () => {
          for (const config of configs()) {
            const found = detectSecrets(c.text, config, opts);
            assert.deepEqual(
              found.filter((f) => f.ruleId === c.rule),
              [],
            );
          }
        });
      }
    });
  }

  it('reports every planted token in one file and never the token itself', () => {
    const text = truePositives.map((c) => c.text).join('\n');
    const found = detectSecrets(text, mlSecretsConfig(), opts);
    const json = JSON.stringify(found);
    for (const c of truePositives) {
      assert.ok(
        found.some(
          (f) => f.ruleId === c.rule && f.fingerprint === fingerprintSecret(c.secret!, opts.salt),
        ),
        `${c.rule}: ${c.what}`,
      );
      assert.equal(json.includes(c.secret!), false, `${c.rule}: ${c.what}`);
    }
    for (const f of found) assert.ok([...f.masked].length <= 5, f.masked);
  });
});
