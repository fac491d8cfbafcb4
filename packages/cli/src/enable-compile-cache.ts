import module from 'node:module';

/** The part of `node:module` {@link enableCompileCache} uses (tests pass a stand-in). */
export interface CompileCacheApi {
  /** Node >= 22.1: status `1` (enabled now) comes with the cache's base folder. */
  enableCompileCache?: () => { status: number; directory?: string };
}

/** `module.constants.compileCacheStatus.ENABLED`: the cache was turned on by this call. */
const enabledNow = 1;

/**
 * Turns on Node's on-disk cache of compiled modules (Node >= 22.1;
 * `NODE_DISABLE_COMPILE_CACHE=1` turns it off) and hands its folder to child
 * processes through `NODE_COMPILE_CACHE`: llama.cpp's engine checks its
 * binary in a child node process that loads node-llama-cpp, and a fleet
 * drill's members are node processes; without it they compile every module
 * again. A `NODE_COMPILE_CACHE` already set is left as it is.
 *
 * @param options.api `node:module` (default).
 * @param options.env the environment children inherit (default `process.env`).
 * @returns the cache folder handed to children, or `undefined` when none was (the cache is off, or
 *   was already on: `NODE_COMPILE_CACHE` set).
 * @example
 * ```ts
 * enableCompileCache();
 * const { runCli } = await import('./program.js');
 * ```
 */
export function enableCompileCache({
  api = module as CompileCacheApi,
  env = process.env,
}: {
  api?: CompileCacheApi;
  env?: Record<string, string | undefined>;
} = {}): string | undefined {
  const result = api.enableCompileCache?.();
  if (result?.status !== enabledNow || result.directory === undefined) return undefined;
  if (env.NODE_COMPILE_CACHE !== undefined) return undefined;
  env.NODE_COMPILE_CACHE = result.directory;
  return result.directory;
}
