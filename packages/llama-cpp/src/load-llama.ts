import { getLlama, type Llama, LlamaLogLevel, type LlamaOptions } from 'node-llama-cpp';
import { rememberLlamaLog } from './internal/llama-error-log.js';

/**
 * The `getLlama` options every instance of this package uses: the prebuilt
 * CPU binary shipped in the installed `@node-llama-cpp/<platform>` package,
 * or a clear error. Never a build from source, never a download, no GPU probe
 * (CUDA or Vulkan are opt-in: see the README), no progress output.
 */
export const llamaLoadOptions = {
  gpu: false,
  build: 'never',
  skipDownload: true,
  usePrebuiltBinaries: true,
  progressLogs: false,
  logLevel: LlamaLogLevel.error,
} as const satisfies LlamaOptions;

const instances = new Map<number, Promise<Llama>>();

/**
 * The process-wide llama.cpp binding for `maxThreads`, loaded once (the
 * binary is tested in a child process first, as node-llama-cpp does on Linux,
 * so an incompatible binary is an error, not a crash) and shared by every
 * model. Its errors print as node-llama-cpp prints them, and the last ones are kept, so a model
 * llama.cpp refuses fails with llama.cpp's reason.
 *
 * @param options.maxThreads threads of the instance (default 1).
 * @returns the shared `Llama`.
 * @throws what `getLlama` throws, e.g. `NoBinaryFoundError` when no prebuilt binary fits this machine.
 * @example
 * ```ts
 * const llama = await loadLlama({ maxThreads: 1 });
 * ```
 */
export function loadLlama({ maxThreads = 1 }: { maxThreads?: number } = {}): Promise<Llama> {
  let instance = instances.get(maxThreads);
  if (instance === undefined) {
    instance = getLlama({ ...llamaLoadOptions, maxThreads, logger: rememberLlamaLog });
    // A failed load is not cached: the next model tries again (a binary installed meanwhile).
    instance.catch(() => instances.delete(maxThreads));
    instances.set(maxThreads, instance);
  }
  return instance;
}
