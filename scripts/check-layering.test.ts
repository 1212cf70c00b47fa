// Keeps architecture.md's layering true: packages import only the packages below them, nothing imports
// an app, no file reaches into another package by a relative path, and only tests import a package's
// `/testing` subpath (test helpers such as @mlsec/formats/testing, which are never built into dist).
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Which @mlsec packages each workspace may import (architecture.md, "Allowed imports"). */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  'packages/core': [],
  'packages/formats': ['@mlsec/core'],
  'packages/scan': ['@mlsec/core', '@mlsec/formats'],
  'packages/attest': ['@mlsec/core'],
  'apps/cli': ['@mlsec/core', '@mlsec/formats', '@mlsec/scan', '@mlsec/attest', '@mlsec/registry'],
  'apps/registry': ['@mlsec/core', '@mlsec/formats', '@mlsec/scan', '@mlsec/attest'],
};

/** Servers verify only: they never import the signing entry point (private keys). */
const VERIFY_ONLY = ['apps/registry'];

function tsFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) tsFiles(path, out);
    else if (entry.name.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** The package a bare specifier names: `@scope/name` or `name`, without any subpath. */
export function packageOf(spec: string): string {
  const parts = spec.split('/');
  return (spec.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

/** True for a package's test-helper subpath (`@mlsec/formats/testing`, `pkg/testing/x`). */
export function isTestingSubpath(spec: string): boolean {
  return spec.slice(packageOf(spec).length).split('/').includes('testing');
}

function importsOf(source: string): string[] {
  const out: string[] = [];
  const pattern =
    /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const match of source.matchAll(pattern)) out.push(match[1] ?? match[2] ?? '');
  return out;
}

describe('layering', () => {
  for (const [workspace, allowed] of Object.entries(ALLOWED)) {
    it(`${workspace} imports only ${allowed.length ? allowed.join(', ') : 'node: built-ins and its own files'}`, () => {
      const src = join(root, workspace, 'src');
      const files = tsFiles(src);
      assert.ok(files.length > 0, `${workspace} has no sources`);
      const manifest = JSON.parse(readFileSync(join(root, workspace, 'package.json'), 'utf8')) as {
        dependencies?: object;
        devDependencies?: object;
      };
      const runtime = Object.keys(manifest.dependencies ?? {});
      const development = [...runtime, ...Object.keys(manifest.devDependencies ?? {})];
      for (const file of files) {
        // Tests and test helpers may use development dependencies; shipped code may not.
        const forTests = file.endsWith('.test.ts') || file.includes('/testing/');
        const declared = forTests ? development : runtime;
        for (const spec of importsOf(readFileSync(file, 'utf8'))) {
          const where = `${relative(root, file)} imports ${spec}`;
          if (spec.startsWith('.')) {
            const target = resolve(dirname(file), spec);
            assert.ok(
              target.startsWith(join(root, workspace) + '/'),
              `${where}: leaves its package`,
            );
          } else if (!spec.startsWith('node:')) {
            const name = packageOf(spec);
            if (name.startsWith('@mlsec/'))
              assert.ok(allowed.includes(name), `${where}: not allowed by the layering`);
            assert.ok(declared.includes(name), `${where}: not declared in package.json`);
            assert.ok(
              forTests || !isTestingSubpath(spec),
              `${where}: only tests import test helpers`,
            );
          }
        }
      }
    });
  }
});

describe('servers', () => {
  for (const workspace of VERIFY_ONLY) {
    it(`${workspace} never imports @mlsec/attest/sign (it verifies; it does not hold signing keys)`, () => {
      const offending = tsFiles(join(root, workspace, 'src')).filter((file) =>
        importsOf(readFileSync(file, 'utf8')).some((spec) => spec.startsWith('@mlsec/attest/sign')),
      );
      assert.deepEqual(
        offending.map((f) => relative(root, f)),
        [],
      );
    });
  }
});

describe('import specifiers', () => {
  it('are judged by their package name, subpaths included', () => {
    assert.equal(packageOf('@mlsec/formats/testing'), '@mlsec/formats');
    assert.equal(packageOf('@mlsec/core'), '@mlsec/core');
    assert.equal(packageOf('yaml/util'), 'yaml');
    assert.equal(packageOf('seek-bzip'), 'seek-bzip');
  });

  it('mark a /testing subpath as test-only', () => {
    assert.equal(isTestingSubpath('@mlsec/formats/testing'), true);
    assert.equal(isTestingSubpath('some-lib/testing/helpers'), true);
    assert.equal(isTestingSubpath('@mlsec/formats'), false);
    assert.equal(isTestingSubpath('@mlsec/testing'), false);
    assert.equal(isTestingSubpath('testing'), false);
  });

  it('resolve /testing subpaths from source only, so no runtime code can load them', () => {
    for (const workspace of Object.keys(ALLOWED)) {
      const manifest = JSON.parse(readFileSync(join(root, workspace, 'package.json'), 'utf8')) as {
        exports?: Record<string, unknown>;
      };
      for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
        if (!isTestingSubpath(`pkg${subpath.slice(1)}`)) continue;
        assert.deepEqual(
          Object.keys(target as object),
          ['@mlsec/source'],
          `${workspace} ${subpath}`,
        );
      }
    }
  });
});

/** Files that hold or use private keys: only `@mlsec/attest/sign` may reach them. */
const SIGNING_CODE = [
  'packages/attest/src/sign.ts',
  'packages/attest/src/sign/',
  'packages/attest/src/keys/',
];

/** Every file `entry` reaches through relative imports (shipped code only). */
export function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const todo = [entry];
  for (let file = todo.pop(); file !== undefined; file = todo.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) todo.push(resolve(dirname(file), spec));
    }
  }
  return seen;
}

describe('the verify-only entry point @mlsec/attest', () => {
  it('never reaches signing (private-key) code, so servers that only verify never load it', () => {
    const files = [...reachable(join(root, 'packages/attest/src/index.ts'))].map((f) =>
      relative(root, f),
    );
    const signing = files.filter((f) => SIGNING_CODE.some((s) => f === s || f.startsWith(s)));
    assert.deepEqual(signing, []);
    assert.ok(files.length >= 1);
  });

  it('follows imports transitively (so an indirect path to signing code is caught)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlsec-layering-'));
    try {
      writeFileSync(join(dir, 'a.ts'), "import { b } from './b.ts';\n");
      writeFileSync(join(dir, 'b.ts'), "export { c as b } from './c.ts';\n");
      writeFileSync(join(dir, 'c.ts'), "import { x } from 'node:fs';\nexport const c = x;\n");
      const names = [...reachable(join(dir, 'a.ts'))].map((f) => relative(dir, f)).sort();
      assert.deepEqual(names, ['a.ts', 'b.ts', 'c.ts']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
