#!/usr/bin/env node
// Writes the TypeScript project references of the workspace from its package.json files:
// each package's tsconfig.json references the workspace packages it depends on, and the
// top-level tsconfig.json references every package, example and test/, so `tsc -b`
// type-checks the whole repository in dependency order.
//   node scripts/sync-project-references.mjs           writes them
//   node scripts/sync-project-references.mjs --check   exits 1 when a file is out of date
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const folders = [
  ...readdirSync(join(root, 'packages')).map((name) => `packages/${name}`),
  ...readdirSync(join(root, 'examples')).map((name) => `examples/${name}`),
  'test',
].filter(
  (folder) =>
    existsSync(join(root, folder, 'package.json')) && existsSync(join(root, folder, 'tsconfig.json')),
);
const byName = new Map(
  folders.map((folder) => [
    JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8')).name,
    folder,
  ]),
);
const check = process.argv.includes('--check');
const stale = [];

function write(file, value) {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  const path = join(root, file);
  // Compared as data: the formatter may lay the file out differently.
  if (existsSync(path) && JSON.stringify(JSON.parse(readFileSync(path, 'utf8'))) === JSON.stringify(value))
    return;
  if (check) stale.push(file);
  else writeFileSync(path, text);
}

for (const folder of folders) {
  const manifest = JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8'));
  const deps = { ...manifest.dependencies, ...manifest.devDependencies, ...manifest.peerDependencies };
  const references = Object.keys(deps)
    .filter((name) => byName.has(name) && byName.get(name) !== folder)
    .sort()
    .map((name) => ({ path: relative(join(root, folder), join(root, byName.get(name))) }));
  const file = `${folder}/tsconfig.json`;
  const config = JSON.parse(readFileSync(join(root, file), 'utf8'));
  config.compilerOptions = {
    ...config.compilerOptions,
    composite: true,
    // Type-check only: declarations go to a build cache that nothing publishes (dist/ comes from tsconfig.build.json).
    noEmit: undefined,
    emitDeclarationOnly: true,
    outDir: '.tsbuild',
    tsBuildInfoFile: '.tsbuild/tsconfig.tsbuildinfo',
  };
  for (const key of Object.keys(config.compilerOptions))
    if (config.compilerOptions[key] === undefined) delete config.compilerOptions[key];
  if (references.length > 0) config.references = references;
  else delete config.references;
  write(file, config);
}
write('tsconfig.json', {
  files: [],
  references: folders.map((folder) => ({ path: folder })),
});
if (check && stale.length > 0) {
  console.error(`out of date (run node scripts/sync-project-references.mjs): ${stale.join(', ')}`);
  process.exit(1);
}
