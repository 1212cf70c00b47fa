/** Test helpers to read and edit parsed JSON by a dotted path (`subject.0.digest.sha256`). */
type Container = Record<string, unknown> | unknown[];

function parts(path: string): string[] {
  return path === '' ? [] : path.split('.');
}

function child(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  return (value as Record<string, unknown>)[key];
}

/** The value at `path`, or undefined. */
export function at(value: unknown, path: string): unknown {
  return parts(path).reduce(child, value);
}

/** The list at `path` (throws when it is not one). */
export function listAt(value: unknown, path: string): unknown[] {
  const v = at(value, path);
  if (!Array.isArray(v)) throw new Error(`${path} is not a list`);
  return v;
}

function parentOf(value: unknown, path: string): [Container, string] {
  const keys = parts(path);
  const last = keys.pop();
  const parent = at(value, keys.join('.'));
  if (last === undefined || parent === null || typeof parent !== 'object') {
    throw new Error(`no parent for ${path}`);
  }
  return [parent as Container, last];
}

/** Set the value at `path` (the parent must exist). */
export function setAt(value: unknown, path: string, next: unknown): void {
  const [parent, key] = parentOf(value, path);
  (parent as Record<string, unknown>)[key] = next;
}

/** Delete the member at `path`. */
export function deleteAt(value: unknown, path: string): void {
  const [parent, key] = parentOf(value, path);
  delete (parent as Record<string, unknown>)[key];
}
