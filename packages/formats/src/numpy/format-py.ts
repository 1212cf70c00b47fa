import type { PyValue } from './py-literal.ts';

/** Render a literal back in Python syntax (for messages; callers still pass it through snippet()). */
export function formatPyValue(value: PyValue): string {
  switch (value.kind) {
    case 'str':
      return `'${value.value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    case 'int':
      return value.value.toString();
    case 'bool':
      return value.value ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'list':
      return `[${value.items.map(formatPyValue).join(', ')}]`;
    case 'tuple':
      return value.items.length === 1
        ? `(${formatPyValue(value.items[0] as PyValue)},)`
        : `(${value.items.map(formatPyValue).join(', ')})`;
    case 'dict':
      return `{${value.entries.map(([k, v]) => `${formatPyValue(k)}: ${formatPyValue(v)}`).join(', ')}}`;
  }
}
