// An esbuild plugin for the CLI's bundle: a Switchyard module that finds files beside itself through
// `import.meta.url` (a worker's entry, the policy packs' YAML, chart.js's browser build) keeps finding
// them where its package is installed, not beside the bundle's chunk it ends up in.
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Plugin } from 'esbuild';

/** The nearest folder at or above `directory` that holds a package.json, with the package's name. */
async function owningPackage(directory: string): Promise<{ root: string; name: string }> {
  for (let root = directory; ; root = dirname(root)) {
    try {
      const { name } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { name?: string };
      if (typeof name === 'string') return { root, name };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (dirname(root) === root) throw new Error(`no package.json at or above ${directory}`);
  }
}

/**
 * Rewrites `import.meta.url` in every bundled module that reads it to the URL
 * of that module in its installed package, resolved at run time from the
 * bundle (`import.meta.resolve('<package>/package.json')`), so files beside
 * it resolve as they do unbundled.
 *
 * Fails the build when such a module belongs to a package that is not one of
 * `dependencies` (the bundle could not resolve it once installed), e.g. a
 * third-party module added later: bundling it would silently break it.
 *
 * @param options.dependencies the bundling package's runtime dependencies (names).
 * @returns the esbuild plugin.
 * @example
 * ```ts
 * await build({ bundle: true, plugins: [installedModuleUrlPlugin({ dependencies: ['@switchyard/core'] })] });
 * ```
 */
export function installedModuleUrlPlugin({ dependencies }: { dependencies: readonly string[] }): Plugin {
  return {
    name: 'installed-module-url',
    setup(build) {
      build.onLoad({ filter: /\.js$/ }, async ({ path }) => {
        const contents = await readFile(path, 'utf8');
        if (!contents.includes('import.meta.url')) return undefined;
        const { root, name } = await owningPackage(dirname(path));
        if (!dependencies.includes(name)) {
          return {
            errors: [
              {
                text: `${path} reads import.meta.url, and its package ${name} is not a dependency of the CLI: the bundle could not find the files beside it once installed (add ${name} to the CLI's dependencies, or keep it external)`,
              },
            ],
          };
        }
        const inPackage = relative(root, path).split(sep).join('/');
        const url = `new URL(${JSON.stringify(inPackage)}, import.meta.resolve(${JSON.stringify(`${name}/package.json`)})).href`;
        // A hoisted function, added after the code: every line and column keeps its place, so the
        // module's own source map (tsc's, which esbuild follows) still maps the bundle to its source.
        const body = contents.replaceAll('import.meta.url', '__installedModuleUrl()');
        const mapComment = body.lastIndexOf('\n//# sourceMappingURL=');
        const at = mapComment === -1 ? body.length : mapComment;
        return {
          contents: `${body.slice(0, at)}\nfunction __installedModuleUrl() { return ${url}; }${body.slice(at)}`,
          loader: 'js',
          resolveDir: dirname(path),
        };
      });
    },
  };
}
