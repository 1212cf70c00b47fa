import { jsonPointer } from '@mlsec/formats';
import { AUTO_MAP_FILES, baseOf, dirOf, joinPath } from './layout.ts';
import { asObject } from './safe-json.ts';

/** Where a configuration names code to import. */
export type CodeRefSource = 'auto_map' | 'custom_pipelines' | 'modules.json' | 'model_index.json';

/** One class reference that makes a loader import Python code (trust_remote_code). */
export interface CodeRef {
  readonly source: CodeRefSource;
  /** The auto class, task, module or component the reference is for (e.g. AutoModelForCausalLM). */
  readonly key: string;
  /** JSON pointer of the reference in its file (RFC 6901). */
  readonly pointer: string;
  /** The reference as written. */
  readonly reference: string;
  /** `owner/name` for references into another repository (`owner/name--module.Class`). */
  readonly repo?: string;
  readonly module: string;
  readonly className: string;
  /** The .py file in this repository the loader imports (relative to the repository folder). */
  readonly moduleFile?: string;
}

const MAX_REFS_PER_FILE = 1000;

/** JSON pointer (RFC 6901) of a path of keys and indices. */
const pointerOf = (...parts: readonly (string | number)[]): string => jsonPointer(parts);

/**
 * Split a class reference the way transformers' get_class_from_dynamic_module does: an optional
 * `repo--` prefix names another repository, then `module.Class` names `module.py` and the class in it.
 */
export function parseClassRef(
  reference: string,
  dir: string,
): Omit<CodeRef, 'source' | 'key' | 'pointer'> {
  const sep = reference.indexOf('--');
  const repo = sep >= 0 ? reference.slice(0, sep) : undefined;
  const local = sep >= 0 ? reference.slice(sep + 2) : reference;
  const dot = local.lastIndexOf('.');
  const module = dot > 0 ? local.slice(0, dot) : local;
  const className = dot > 0 ? local.slice(dot + 1) : '';
  if (repo !== undefined) return { reference, repo, module, className };
  return {
    reference,
    module,
    className,
    moduleFile: joinPath(dir, `${module.replaceAll('.', '/')}.py`),
  };
}

/**
 * Code references of one parsed configuration file: `auto_map` and `custom_pipelines` of the transformers
 * configs, custom module types of sentence-transformers' modules.json, and custom classes of diffusers'
 * model_index.json. `exists` tells whether a repository file exists (diffusers components only count
 * when their module file is there, since their library names are otherwise installed packages).
 */
export function findCodeRefs(
  file: string,
  value: unknown,
  exists: (file: string) => boolean,
): CodeRef[] {
  const dir = dirOf(file);
  const name = baseOf(file);
  const refs: CodeRef[] = [];
  const add = (
    source: CodeRefSource,
    key: string,
    pointer: string,
    reference: unknown,
    moduleDir = dir,
  ): void => {
    if (typeof reference !== 'string' || reference === '' || refs.length >= MAX_REFS_PER_FILE)
      return;
    refs.push({ source, key, pointer, ...parseClassRef(reference, moduleDir) });
  };
  const object = asObject(value);
  if (AUTO_MAP_FILES.has(name) && object !== undefined) {
    for (const [key, target] of Object.entries(asObject(object['auto_map']) ?? {})) {
      // Tokenizers map to [slow, fast] pairs, either of which may be null.
      if (Array.isArray(target))
        target.forEach((t, i) => add('auto_map', key, pointerOf('auto_map', key, i), t));
      else add('auto_map', key, pointerOf('auto_map', key), target);
    }
    for (const [task, spec] of Object.entries(asObject(object['custom_pipelines']) ?? {})) {
      add(
        'custom_pipelines',
        task,
        pointerOf('custom_pipelines', task, 'impl'),
        asObject(spec)?.['impl'],
      );
    }
  } else if (name === 'modules.json' && Array.isArray(value)) {
    value.forEach((entry: unknown, i) => {
      const type = asObject(entry)?.['type'];
      if (typeof type !== 'string' || type.startsWith('sentence_transformers.')) return;
      // Dotted types of installed packages are imported normally; a bare `module.Class`, a `repo--` reference
      // or a module file present in the repository is loaded as remote code.
      const ref = parseClassRef(type, dir);
      if (
        ref.repo !== undefined ||
        !ref.module.includes('.') ||
        (ref.moduleFile && exists(ref.moduleFile))
      ) {
        add('modules.json', ref.module, pointerOf(i, 'type'), type);
      }
    });
  } else if (name === 'model_index.json' && object !== undefined) {
    const own = object['_class_name'];
    if (Array.isArray(own) && typeof own[0] === 'string' && typeof own[1] === 'string') {
      add('model_index.json', '_class_name', pointerOf('_class_name'), `${own[0]}.${own[1]}`);
    }
    for (const [component, spec] of Object.entries(object)) {
      if (component.startsWith('_') || !Array.isArray(spec)) continue;
      const [library, cls] = spec as unknown[];
      if (typeof library !== 'string' || typeof cls !== 'string') continue;
      const moduleDir = joinPath(dir, component);
      if (exists(joinPath(moduleDir, `${library}.py`))) {
        add('model_index.json', component, pointerOf(component), `${library}.${cls}`, moduleDir);
      }
    }
  }
  return refs;
}
