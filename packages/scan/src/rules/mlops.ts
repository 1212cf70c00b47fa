import type { RuleDef } from './rule.ts';

/** ATLAS ids of insecure MLOps settings. */
const MLOPS_ATLAS = {
  /** Exploit Public-Facing Application: an open tracking server, notebook or Ray dashboard. */
  publicFacing: 'AML.T0049',
  /** Valid Accounts: default or leaked credentials. */
  validAccounts: 'AML.T0012',
  /** Unsecured Credentials: secrets in manifests and images. */
  unsecuredCredentials: 'AML.T0055',
  /** Escape to Host: privileged or host-sharing containers. */
  escapeToHost: 'AML.T0105',
  /** AI Supply Chain Compromise: AI Software (installers piped to a shell, unverified downloads). */
  supplyChainSoftware: 'AML.T0010.001',
  /** AI Supply Chain Compromise: Container Registry (moving image tags). */
  supplyChainRegistry: 'AML.T0010.004',
} as const;

const MLFLOW_RULES: readonly RuleDef[] = [
  {
    id: 'mlops/mlflow-no-auth',
    severity: 'high',
    title: 'MLflow server listens on all interfaces without authentication',
    description:
      '`mlflow server` (or `mlflow ui`) is started with `--host 0.0.0.0` (or `::`) but without ' +
      '`--app-name basic-auth`, and the file shows no authenticating proxy (oauth2-proxy, nginx ' +
      'auth_request or auth_basic, an ingress auth annotation). Anyone who reaches the port can read and ' +
      'overwrite experiments, registered models and artifacts; MLflow path-traversal CVEs such as ' +
      'CVE-2023-1177 and CVE-2023-2780 were exploitable without credentials on such servers.',
    fix:
      'Start the server with `--app-name basic-auth` (MLflow Authentication) or put an authenticating ' +
      'reverse proxy in front of it, and bind it to 127.0.0.1 when only the proxy needs to reach it.',
    atlas: [MLOPS_ATLAS.publicFacing],
    cwe: ['CWE-306'],
  },
  {
    id: 'mlops/mlflow-default-admin-password',
    severity: 'critical',
    title: 'MLflow basic-auth admin password left at the default',
    description:
      'The MLflow basic-auth configuration (`basic_auth.ini`, the file MLFLOW_AUTH_CONFIG_PATH names) or ' +
      'an MLflow credential variable keeps `password1234`, the admin password MLflow documents and ' +
      'seeds on first start. Anyone who knows MLflow knows it and gets the MANAGE permission on everything.',
    fix:
      'Set a strong `admin_password` in the auth configuration before the first start (or change it with ' +
      '`/api/2.0/mlflow/users/update-password`) and pass credentials from a secret store.',
    atlas: [MLOPS_ATLAS.validAccounts],
    cwe: ['CWE-1393', 'CWE-798'],
  },
  {
    id: 'mlops/mlflow-no-tls',
    severity: 'medium',
    title: 'MLflow basic-auth server exposed without TLS',
    description:
      'The server uses `--app-name basic-auth` and listens on all interfaces, but neither its ' +
      '`--gunicorn-opts`/`--uvicorn-opts` name a certificate nor does the file show a TLS-terminating ' +
      'proxy or ingress. HTTP basic authentication then sends passwords in clear text on every request.',
    fix:
      'Terminate TLS in front of the server (an ingress with `tls:`, nginx `ssl_certificate`, a service ' +
      'mesh) or pass `--certfile`/`--keyfile` through `--gunicorn-opts`.',
    atlas: [MLOPS_ATLAS.validAccounts],
    cwe: ['CWE-319'],
  },
  {
    id: 'mlops/mlflow-artifact-path-traversal',
    severity: 'high',
    title: 'MLflow before 2.9.2 serves artifacts (path traversal CVEs)',
    description:
      'The file pins an MLflow version older than 2.9.2 (a `mlflow==` requirement or a ' +
      '`ghcr.io/mlflow/mlflow` image tag) and starts `mlflow server` with artifact serving, which is the ' +
      'default since MLflow 2.0. Those versions let requests read, write or delete files outside the ' +
      'artifact root: CVE-2023-1177 (before 2.2.1), CVE-2023-2780 (before 2.3.1), CVE-2023-6831, ' +
      'CVE-2023-6909 and CVE-2023-6976 (before 2.9.2).',
    fix: 'Upgrade MLflow to a current release; if artifacts are served elsewhere, pass `--no-serve-artifacts`.',
    atlas: [MLOPS_ATLAS.publicFacing],
    cwe: ['CWE-22'],
  },
];

const JUPYTER_RULES: readonly RuleDef[] = [
  {
    id: 'mlops/jupyter-no-auth',
    severity: 'high',
    title: 'Jupyter server runs with token and password disabled',
    description:
      'The Jupyter configuration or command line sets an empty token (`c.ServerApp.token = ""`, ' +
      '`--NotebookApp.token=`, `--IdentityProvider.token=""`) and no password, so the server accepts ' +
      'every request. A notebook server runs arbitrary code by design: whoever reaches it owns the ' +
      'machine, its credentials and its data. Critical when it also listens on all interfaces ' +
      '(`ip = "0.0.0.0"`).',
    fix:
      'Keep the generated token or set a hashed password (`jupyter server password`), and bind the ' +
      'server to 127.0.0.1 or put it behind JupyterHub or an authenticating proxy.',
    atlas: [MLOPS_ATLAS.publicFacing],
    cwe: ['CWE-306'],
  },
  {
    id: 'mlops/jupyter-any-origin',
    severity: 'high',
    title: 'Jupyter server accepts requests from any origin',
    description:
      '`allow_origin = "*"` (or `allow_origin_pat` matching everything) turns off the cross-origin ' +
      'checks: any web page the user visits can drive the server (and run code) through the browser.',
    fix: 'Remove the setting, or list the exact origins of the front end that needs access.',
    atlas: [MLOPS_ATLAS.publicFacing],
    cwe: ['CWE-942'],
  },
  {
    id: 'mlops/jupyter-allow-root',
    severity: 'medium',
    title: 'Jupyter server allowed to run as root',
    description:
      '`allow_root = True` or `--allow-root` lets the notebook server, and every kernel it starts, run ' +
      'as root, so any code run in a notebook has full control of the machine or container.',
    fix: 'Run the server as an unprivileged user (the Jupyter Docker Stacks use `jovyan`, uid 1000).',
    atlas: [MLOPS_ATLAS.escapeToHost],
    cwe: ['CWE-250'],
  },
  {
    id: 'mlops/jupyter-xsrf-disabled',
    severity: 'medium',
    title: 'Jupyter server XSRF protection disabled',
    description:
      '`disable_check_xsrf = True` lets other web sites submit requests (and start kernels) with the ' +
      "user's session.",
    fix: 'Remove `disable_check_xsrf`; clients should send the `_xsrf` token or use token authentication.',
    atlas: [MLOPS_ATLAS.publicFacing],
    cwe: ['CWE-352'],
  },
];

const RAY_RULES: readonly RuleDef[] = [
  {
    id: 'mlops/ray-dashboard-exposed',
    severity: 'critical',
    title: 'Ray dashboard and Jobs API bound to all interfaces without token auth',
    description:
      '`ray start --head --dashboard-host 0.0.0.0` publishes the dashboard, whose Jobs API runs any ' +
      'command submitted to it, and RAY_AUTH_MODE=token (Ray 2.52 and later) is not set in the file. ' +
      'This is the "ShadowRay" exposure (CVE-2023-48022) exploited against AI clusters in the wild.',
    fix:
      'Bind the dashboard to 127.0.0.1 and reach it through a tunnel or authenticating proxy, and set ' +
      'RAY_AUTH_MODE=token on every node.',
    atlas: [MLOPS_ATLAS.publicFacing],
    cwe: ['CWE-306'],
  },
  {
    id: 'mlops/ray-port-exposed',
    severity: 'critical',
    title: 'Ray dashboard (8265) or client (10001) port published outside the cluster',
    description:
      'A Kubernetes Service of type LoadBalancer or NodePort, a KubeRay RayCluster whose head service ' +
      'type is LoadBalancer or NodePort, or a compose port mapping on all host interfaces publishes ' +
      "Ray's dashboard/Jobs API (8265) or Ray Client server (10001), and RAY_AUTH_MODE=token is not " +
      'set. Both run arbitrary code for any caller (CVE-2023-48022).',
    fix:
      'Use a ClusterIP service and `kubectl port-forward` or an authenticating ingress, bind compose ' +
      'ports to 127.0.0.1, and set RAY_AUTH_MODE=token.',
    atlas: [MLOPS_ATLAS.publicFacing],
    cwe: ['CWE-306'],
  },
];

const WORKLOAD_RULES: readonly RuleDef[] = [
  {
    id: 'mlops/privileged-container',
    severity: 'critical',
    title: 'Privileged container',
    description:
      '`securityContext.privileged: true` (or compose `privileged: true`) gives the container every ' +
      'capability and the host devices: code in a training or serving container, which handles ' +
      'untrusted models and data, can take over the node. Pod Security Standards: baseline forbids it.',
    fix: 'Remove `privileged`; grant the one capability or device plugin the workload needs instead.',
    atlas: [MLOPS_ATLAS.escapeToHost],
    cwe: ['CWE-250'],
  },
  {
    id: 'mlops/privilege-escalation-allowed',
    severity: 'medium',
    title: 'Container allows privilege escalation',
    description:
      '`allowPrivilegeEscalation: true` lets processes gain more privileges than their parent (setuid ' +
      'binaries). Pod Security Standards: restricted requires it to be false.',
    fix: 'Set `allowPrivilegeEscalation: false` in every container securityContext.',
    atlas: [MLOPS_ATLAS.escapeToHost],
    cwe: ['CWE-269'],
  },
  {
    id: 'mlops/host-namespace',
    severity: 'high',
    title: "Pod shares the host's network, PID or IPC namespace",
    description:
      '`hostNetwork`, `hostPID` or `hostIPC` (compose `network_mode`/`pid`/`ipc: host`) lets the ' +
      "container see the node's processes, shared memory or network interfaces, including services bound " +
      'to localhost. Pod Security Standards: baseline forbids it.',
    fix: 'Remove the setting; expose ports through a Service and use NCCL over the pod network.',
    atlas: [MLOPS_ATLAS.escapeToHost],
    cwe: ['CWE-653'],
  },
  {
    id: 'mlops/host-path-volume',
    severity: 'high',
    title: 'Container mounts a path of the host',
    description:
      'A `hostPath` volume (or a compose bind of `/` or the Docker socket) gives the container files of ' +
      'the node: credentials, other pods, or the container runtime itself. Pod Security Standards: ' +
      'baseline forbids hostPath.',
    fix: 'Use a PersistentVolumeClaim, a CSI driver or an emptyDir for datasets, caches and checkpoints.',
    atlas: [MLOPS_ATLAS.escapeToHost],
    cwe: ['CWE-668'],
  },
  {
    id: 'mlops/container-runs-as-root',
    severity: 'medium',
    title: 'Container may run as root',
    description:
      'Neither the pod nor the container securityContext sets `runAsNonRoot: true` or a non-zero ' +
      '`runAsUser`, so the container runs as whatever user the image chose, usually root (high when ' +
      '`runAsUser: 0` says so explicitly). Pod Security Standards: restricted requires non-root.',
    fix: 'Set `runAsNonRoot: true` and a non-zero `runAsUser` in the pod securityContext.',
    atlas: [MLOPS_ATLAS.escapeToHost],
    cwe: ['CWE-250'],
  },
  {
    id: 'mlops/default-service-account-broad-rbac',
    severity: 'high',
    title: 'Workload uses a default service account that has broad RBAC rights',
    description:
      'A workload runs with the `default` service account (no `serviceAccountName`) while the same ' +
      'manifests bind that account to cluster-admin, admin or edit, or to a role with `*` verbs or ' +
      'resources. Every pod of the namespace then holds those rights, and code in a training job or ' +
      'notebook can read every secret or start privileged pods.',
    fix:
      'Give each workload its own service account with only the verbs and resources it needs, and ' +
      'never bind roles to `default`.',
    atlas: [MLOPS_ATLAS.validAccounts],
    cwe: ['CWE-269'],
  },
  {
    id: 'mlops/secret-in-env',
    severity: 'high',
    title: 'Credential written as a literal environment value',
    description:
      'An environment variable whose name says it holds a credential (`*_TOKEN`, `*_PASSWORD`, ' +
      '`*_API_KEY`, `*_SECRET*`) is given a literal value in a Kubernetes manifest or compose file ' +
      'instead of a reference (`valueFrom.secretKeyRef`, compose secrets, `${VAR}` substitution). The ' +
      'value is in version control and visible to anyone who can read the workload. The value is ' +
      'never shown.',
    fix:
      'Move the value into a Secret (or an external secret store) and reference it with ' +
      '`valueFrom.secretKeyRef`/`envFrom`; rotate the credential.',
    atlas: [MLOPS_ATLAS.unsecuredCredentials],
    cwe: ['CWE-798'],
  },
  {
    id: 'mlops/training-namespace-open-egress',
    severity: 'medium',
    title: 'Training namespace has no NetworkPolicy restricting egress',
    description:
      'The manifests define a namespace and training jobs in it (Kubeflow PyTorchJob/TFJob/MPIJob, ' +
      'Jobs, RayJobs) but no NetworkPolicy in that namespace that restricts egress. Training code pulls ' +
      'models, datasets and packages; unrestricted egress lets a poisoned dependency or model exfiltrate ' +
      'data and credentials.',
    fix:
      'Add a default-deny NetworkPolicy with `policyTypes: [Egress]` and allow only the registries, ' +
      'storage and DNS the jobs need.',
    atlas: [MLOPS_ATLAS.unsecuredCredentials],
    cwe: ['CWE-923'],
  },
  {
    id: 'mlops/image-not-pinned',
    severity: 'low',
    title: 'Container image not pinned (`:latest` or no tag)',
    description:
      'A container image or Dockerfile base image is referenced by the moving `latest` tag or without ' +
      'a tag, so what runs changes whenever the registry does: builds are not reproducible and a ' +
      'compromised or hijacked tag is pulled silently.',
    fix: 'Pin a version tag, better a digest (`image:tag@sha256:…`), and update it deliberately.',
    atlas: [MLOPS_ATLAS.supplyChainRegistry],
    cwe: ['CWE-494'],
  },
];

const DOCKERFILE_RULES: readonly RuleDef[] = [
  {
    id: 'mlops/dockerfile-root-user',
    severity: 'medium',
    title: 'Image runs as root (no USER in the final stage)',
    description:
      'The final stage of the Dockerfile has no `USER` instruction, or its last one is root or 0, so ' +
      'the training or serving process runs as root; a model-loading or request-parsing exploit then has ' +
      'full control of the container. Docker best practice: run as a non-root user.',
    fix: 'Create a user (`RUN useradd -u 10001 app`) and add `USER 10001` before CMD/ENTRYPOINT.',
    atlas: [MLOPS_ATLAS.escapeToHost],
    cwe: ['CWE-250'],
  },
  {
    id: 'mlops/dockerfile-secret-in-arg-env',
    severity: 'high',
    title: 'Secret passed through Dockerfile ARG or ENV',
    description:
      'An `ARG` or `ENV` whose name says it holds a credential (HF_TOKEN, WANDB_API_KEY, ' +
      'AWS_SECRET_ACCESS_KEY, …) is declared in the Dockerfile. ENV values are stored in the image ' +
      'config and ARG values in its build history (`docker history`), so anyone who pulls the image ' +
      'gets the credential (Docker build check SecretsUsedInArgOrEnv). The value is never shown.',
    fix:
      'Use BuildKit secret mounts (`RUN --mount=type=secret,id=hf_token …`) at build time and ' +
      'runtime environment or mounted secrets at run time.',
    atlas: [MLOPS_ATLAS.unsecuredCredentials],
    cwe: ['CWE-798', 'CWE-538'],
  },
  {
    id: 'mlops/dockerfile-pipe-to-shell',
    severity: 'high',
    title: 'Installer downloaded and piped straight into a shell',
    description:
      'A `RUN` instruction pipes `curl` or `wget` output into `sh`/`bash`/`python`: whatever the server (or anyone who can tamper with it) returns at build time runs in the image, unverified.',
    fix: 'Download to a file, verify its checksum or signature, then run it; or use a package manager.',
    atlas: [MLOPS_ATLAS.supplyChainSoftware],
    cwe: ['CWE-494'],
  },
  {
    id: 'mlops/dockerfile-remote-add',
    severity: 'medium',
    title: 'ADD fetches a URL without a checksum',
    description:
      '`ADD https://…` downloads a file at build time without verifying it (no `--checksum=sha256:…`), ' +
      'so a changed or tampered download goes into the image unnoticed.',
    fix: 'Add `--checksum=sha256:<digest>` to the ADD instruction, or download and verify in a RUN step.',
    atlas: [MLOPS_ATLAS.supplyChainSoftware],
    cwe: ['CWE-494'],
  },
];

/** Rules of the MLOps configuration checks (detectors/mlops). */
export const MLOPS_RULES: readonly RuleDef[] = [
  ...MLFLOW_RULES,
  ...JUPYTER_RULES,
  ...RAY_RULES,
  ...WORKLOAD_RULES,
  ...DOCKERFILE_RULES,
  {
    id: 'mlops/unparseable',
    severity: 'low',
    title: 'Kubernetes or compose file could not be read',
    description:
      'The file looks like a Kubernetes manifest or docker compose file but is not valid YAML within ' +
      'the limits (syntax error, nesting too deep), so its MLOps settings were not checked.',
    fix: 'Validate it (`kubectl apply --dry-run=client -f`, `docker compose config`) and scan again.',
    atlas: [MLOPS_ATLAS.publicFacing],
  },
];
