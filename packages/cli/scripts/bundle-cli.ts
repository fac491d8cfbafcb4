// Bundles the `switchyard` command (dist/bin.js, as tsc built it) into dist/bundle/switchyard.js: our packages
// and the pure-JS dependencies (provider SDKs, zod, yaml, commander...) in a few large ES modules instead of
// ~1,600 small ones, which Node's module loader takes most of a drill's start-up to resolve and link.
// Split by command: each command still loads only its own chunks. node-llama-cpp stays external (its native
// binaries and its own file lookups load from node_modules as published).
// Run by the package's build script, after tsc: `node --import tsx scripts/bundle-cli.ts`.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { build, transform } from 'esbuild';
import { installedModuleUrlPlugin } from './installed-module-url-plugin.js';
import { thirdPartyLicences } from './third-party-licences.js';

const packageRoot = new URL('..', import.meta.url).pathname;
const outdir = `${packageRoot}dist/bundle`;
const manifest = JSON.parse(await readFile(`${packageRoot}package.json`, 'utf8')) as {
  dependencies: Record<string, string>;
};

/** Loaded from node_modules, not bundled: native binaries and files found beside its modules. */
const external = ['node-llama-cpp'];

const started = performance.now();
// Chunk names carry content hashes: chunks of an earlier build would stay beside the new ones.
await rm(outdir, { recursive: true, force: true });
const { metafile } = await build({
  absWorkingDir: packageRoot,
  entryPoints: { switchyard: 'dist/bin.js' },
  outdir,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  external,
  // The maps lead through tsc's maps to src/*.ts (published beside dist); names only, no copies of sources.
  sourcemap: 'linked',
  sourcesContent: false,
  // CommonJS dependencies (the Anthropic SDK's helpers, cli-table3...) call require() and read __dirname.
  banner: {
    js: "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);",
  },
  define: { __dirname: 'import.meta.dirname', __filename: 'import.meta.filename' },
  plugins: [installedModuleUrlPlugin({ dependencies: Object.keys(manifest.dependencies) })],
  metafile: true,
  logLevel: 'warning',
});
// The banner declares `require` at the top of every chunk: a bundled module that declares its own
// top-level `require` would make its chunk fail to parse only when a command loads it. Parse them all now.
for (const file of Object.keys(metafile.outputs).filter((file) => file.endsWith('.js'))) {
  await transform(await readFile(`${packageRoot}${file}`, 'utf8'), {
    format: 'esm',
    sourcefile: file,
    logLevel: 'silent',
  });
}
await writeFile(
  `${outdir}/THIRD-PARTY-LICENCES.md`,
  await thirdPartyLicences({ metafile, workingDirectory: packageRoot }),
);
const outputs = Object.entries(metafile.outputs);
const bytes = (files: typeof outputs) => files.reduce((sum, [, output]) => sum + output.bytes, 0);
const code = outputs.filter(([file]) => file.endsWith('.js'));
console.log(
  `bundle: dist/bundle/switchyard.js and ${code.length - 1} chunks, ${(bytes(code) / 2 ** 20).toFixed(1)} MiB of code (+${(bytes(outputs.filter(([file]) => file.endsWith('.map'))) / 2 ** 20).toFixed(1)} MiB of source maps) from ${Object.keys(metafile.inputs).length} modules, in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
