import { MlsecError, snippet } from '@mlsec/core';

// The registry's name rule (apps/registry routes): letters, digits, '.', '_', '-', at most 128.
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** NAMESPACE/MODEL. */
export interface ModelRef {
  readonly namespace: string;
  readonly model: string;
}

/** NAMESPACE/MODEL@NAME (a version, or for pull also an alias). */
export type TaggedRef = ModelRef & { readonly tag: string };

/** Check one name (namespace, model, version, alias, role) against the registry's rule. */
export function checkName(value: string, what: string): string {
  if (!NAME.test(value)) {
    throw new MlsecError(
      'CLI_USAGE',
      `${what} ${JSON.stringify(snippet(value, 60))} is not a registry name (letters, digits, '.', '_', '-'; at most 128)`,
    );
  }
  return value;
}

/** Parse NAMESPACE/MODEL. */
export function parseModelRef(text: string | undefined): ModelRef {
  if (text === undefined) throw new MlsecError('CLI_USAGE', 'give NAMESPACE/MODEL');
  const [namespace, model, ...rest] = text.split('/');
  if (namespace === undefined || model === undefined || rest.length > 0 || model.includes('@')) {
    throw new MlsecError(
      'CLI_USAGE',
      `${JSON.stringify(snippet(text, 80))} is not NAMESPACE/MODEL`,
    );
  }
  return { namespace: checkName(namespace, 'namespace'), model: checkName(model, 'model') };
}

/** Parse NAMESPACE/MODEL@TAG. */
export function parseTaggedRef(text: string | undefined, tagName = 'VERSION'): TaggedRef {
  const at = text?.lastIndexOf('@') ?? -1;
  if (text === undefined || at < 0) {
    throw new MlsecError('CLI_USAGE', `give NAMESPACE/MODEL@${tagName}`);
  }
  const ref = parseModelRef(text.slice(0, at));
  return { ...ref, tag: checkName(text.slice(at + 1), tagName.toLowerCase()) };
}
