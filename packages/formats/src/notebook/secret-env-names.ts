/**
 * Environment variables known to carry credentials in ML work (secrets-and-threat-modeling.md §2.1):
 * cloud keys, model hubs, experiment trackers, LLM APIs, code hosts. Names only: an environment dump
 * that holds one of them has leaked that credential with it.
 */
export const SECRET_ENV_NAMES: ReadonlySet<string> = new Set([
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_ACCESS_KEY_ID',
  'AZURE_CLIENT_SECRET',
  'AZURE_OPENAI_API_KEY',
  'AZURE_STORAGE_CONNECTION_STRING',
  'GOOGLE_API_KEY',
  'GEMINI_API_KEY',
  'HF_TOKEN',
  'HUGGING_FACE_HUB_TOKEN',
  'HUGGINGFACEHUB_API_TOKEN',
  'WANDB_API_KEY',
  'COMET_API_KEY',
  'NEPTUNE_API_TOKEN',
  'MLFLOW_TRACKING_PASSWORD',
  'MLFLOW_TRACKING_TOKEN',
  'MLFLOW_FLASK_SERVER_SECRET_KEY',
  'DATABRICKS_TOKEN',
  'KAGGLE_KEY',
  'KAGGLE_API_TOKEN',
  'OPENAI_API_KEY',
  'ANTHROPIC_API_KEY',
  'COHERE_API_KEY',
  'GROQ_API_KEY',
  'REPLICATE_API_TOKEN',
  'LANGCHAIN_API_KEY',
  'LANGSMITH_API_KEY',
  'PINECONE_API_KEY',
  'NGC_API_KEY',
  'PPLX_API_KEY',
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'GITLAB_TOKEN',
]);

/** Other names that by their suffix probably hold a credential (`MY_SERVICE_TOKEN`, `DB_PASSWORD`). */
export const SECRET_ENV_SUFFIX =
  /(?:_TOKEN|_SECRET|_SECRET_KEY|_PASSWORD|_PASSWD|_API_KEY|_PRIVATE_KEY|_ACCESS_KEY)$/;

/**
 * Variables every process environment has: a listing with at least two of them is the environment
 * itself, not a config file or a dict that happens to have upper-case keys.
 */
export const COMMON_ENV_NAMES: ReadonlySet<string> = new Set([
  'PATH',
  'HOME',
  'USER',
  'SHELL',
  'PWD',
  'LANG',
  'HOSTNAME',
  'TERM',
  'LOGNAME',
  'TMPDIR',
  'LC_ALL',
  'PYTHONPATH',
  'LD_LIBRARY_PATH',
  'JPY_PARENT_PID',
  'CUDA_VISIBLE_DEVICES',
  'MPLBACKEND',
  'SHLVL',
  'CLICOLOR',
  'PAGER',
  'GIT_PAGER',
]);
