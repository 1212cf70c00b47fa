// Keeps architecture.md's layering true: packages import only the packages below them, nothing imports
// an app, and no file reaches into another package by a relative path.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Which @mlsec packages each workspace may import (architecture.md, "Allowed imports"). */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  'packages/core': [],
  'packages/formats': ['@mlsec/core'],
  'packages/scan': ['@mlsec/core', '@mlsec/formats'],
  'apps/cli': ['@mlsec/core', '@mlsec/formats', '@mlsec/scan'],
};

function tsFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) tsFiles(path, out);
    else if (entry.name.endsWith('.ts')) out.push(path);
  }
  return out;
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
          } else if (spec.startsWith('@mlsec/')) {
            assert.ok(allowed.includes(spec), `${where}: not allowed by the layering`);
            assert.ok(declared.includes(spec), `${where}: not declared in package.json`);
          } else if (!spec.startsWith('node:')) {
            const name = spec.startsWith('@')
              ? spec.split('/').slice(0, 2).join('/')
              : (spec.split('/')[0] ?? spec);
            assert.ok(declared.includes(name), `${where}: dependency not declared in package.json`);
          }
        }
      }
    });
  }
});
