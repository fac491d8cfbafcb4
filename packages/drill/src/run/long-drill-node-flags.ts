/**
 * Requests (a drill's total, twice with `--baseline`) from which a drill is
 * long: `switchyard drill` runs it in a new Node process with
 * {@link longDrillHeapFlags}. Below it (`export-control-day` sends 1,200) the
 * drill runs in the command's own process and starts no second Node.
 */
export const longDrillRequests = 10_000;

/**
 * The V8 heap settings a long drill runs with: a young generation of 16 MB per
 * semi-space (V8's default here is 64 MB: 134 MB committed however small the
 * live heap; in 100,000-request drills on 2 cores, 16 MB peaked at 258-277 MB
 * in a median 52.3 s, 8 MB at 241-249 MB in a median 55.8 s, 24 MB at
 * 292-302 MB) and an old generation that grows by a quarter of its live size
 * after each full collection instead of up to four times (the drill's live
 * heap is about 65 MB and flat; what grows with V8's defaults is garbage
 * between full collections). Neither is a cap: a drill whose live heap is
 * larger still runs.
 */
export const longDrillHeapFlags: readonly string[] = [
  '--max-semi-space-size=16',
  '--heap-growing-percent=25',
];

/**
 * The environment variables a long drill's process runs with, on Linux:
 * `MALLOC_ARENA_MAX=2`, so glibc's `malloc` keeps at most two arenas instead of
 * up to eight per core (Node's threads: the main one, libuv's pool writing
 * records, V8's collector helpers, llama.cpp's workers). In 100,000-request
 * drills it lowered the peak RSS by 10 to 15 MB and the wall time by about 6 %
 * (fewer pages touched). glibc reads it at start-up only, so it is set on the
 * new process; other C libraries (musl, macOS, Windows) do not read it, and it
 * is not set there.
 */
export const longDrillEnvironment: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };

/**
 * The environment variables a long drill's new process should get: those of
 * {@link longDrillEnvironment} the environment does not set already (a value
 * of the user's own is kept), on Linux only.
 *
 * @param options.env the current environment (`process.env`).
 * @param options.platform `process.platform`.
 * @returns the variables to add; empty when none.
 * @example
 * ```ts
 * longDrillEnvironmentFor({ env: {}, platform: 'linux' }); // { MALLOC_ARENA_MAX: '2' }
 * longDrillEnvironmentFor({ env: { MALLOC_ARENA_MAX: '4' }, platform: 'linux' }); // {}
 * ```
 */
export function longDrillEnvironmentFor(options: {
  env: Readonly<Record<string, string | undefined>>;
  platform: string;
}): Readonly<Record<string, string>> {
  if (options.platform !== 'linux') return {};
  const added: Record<string, string> = {};
  for (const [name, value] of Object.entries(longDrillEnvironment)) {
    if (options.env[name] === undefined) added[name] = value;
  }
  return added;
}

/** V8 flags that size or grow the heap: set by the user, they are kept as they are and no flag is added. */
const heapFlagNames = new Set([
  'max-semi-space-size',
  'min-semi-space-size',
  'semi-space-growth-factor',
  'max-old-space-size',
  'initial-old-space-size',
  'max-heap-size',
  'heap-growing-percent',
  'optimize-for-size',
  'memory-saver-mode',
]);

/** The V8 flag a command-line word names (`--max_old_space_size=4096` → `max-old-space-size`), if any. */
function flagName(word: string): string | undefined {
  const match = /^--(?:no-)?([a-z0-9_-]+)/i.exec(word);
  return match?.[1]?.replaceAll('_', '-').toLowerCase();
}

/**
 * The Node flags a drill should run with that this process lacks: none for
 * a short drill, {@link longDrillHeapFlags} for a long one (at least
 * {@link longDrillRequests} requests), none when the process already has a
 * heap flag of its own (given on the command line or in `NODE_OPTIONS`: the
 * user's choice, and the relaunched child itself).
 *
 * @param options.requests requests the drill sends (the workload's total, twice with a baseline).
 * @param options.execArgv the process's Node flags (`process.execArgv`).
 * @param options.nodeOptions the `NODE_OPTIONS` environment variable.
 * @returns the flags to relaunch with; empty: run in this process.
 * @example
 * ```ts
 * longDrillNodeFlags({ requests: 100_000, execArgv: [], nodeOptions: undefined });
 * // ['--max-semi-space-size=16', '--heap-growing-percent=25']
 * ```
 */
export function longDrillNodeFlags(options: {
  requests: number;
  execArgv: readonly string[];
  nodeOptions: string | undefined;
}): readonly string[] {
  if (options.requests < longDrillRequests) return [];
  const words = [...options.execArgv, ...(options.nodeOptions ?? '').split(/\s+/)];
  if (words.some((word) => heapFlagNames.has(flagName(word) ?? ''))) return [];
  return longDrillHeapFlags;
}
