import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError, type ConfigIssue, ProviderError, readDocument, type Target } from '@switchyard/core';

/** What {@link checkModelFiles} found for one in-process target. */
export interface ModelFileReport {
  /** The target id. */
  readonly targetId: string;
  /** The model path as written in the config. */
  readonly model: string;
  /** The resolved path. */
  readonly path: string;
  /** One readable line: architecture, size, trained context. */
  readonly summary: string;
}

/**
 * Checks the model file of every `llama-cpp` target (local open weights run
 * in-process): `model` is the path of a `.gguf` file, relative to the config
 * file's folder. Each file is checked as the adapter checks it before loading
 * (exists, is GGUF, has the metadata llama.cpp needs, is not cut, fits in the
 * memory available), without loading it.
 *
 * @param options.file the config file (positions and the folder paths are relative to).
 * @param options.text the config file's text, for positions (without it, issues name the path only).
 * @param options.targets the validated targets.
 * @returns one report per in-process target.
 * @throws {ConfigError} listing every bad model file at the line of its `model`.
 */
export async function checkModelFiles(options: {
  file: string;
  text?: string;
  targets: readonly Target[];
}): Promise<ModelFileReport[]> {
  const inProcess = options.targets
    .map((target, index) => ({ target, index }))
    .filter(({ target }) => target.provider === 'llama-cpp');
  if (inProcess.length === 0) return [];
  const { checkGgufFile, loadLlama } = await import('@switchyard/llama-cpp');
  const llama = await loadLlama();
  const baseDir = dirname(resolve(options.file));
  const issues: ConfigIssue[] = [];
  const reports: ModelFileReport[] = [];
  for (const { target, index } of inProcess) {
    const path = isAbsolute(target.model) ? target.model : resolve(baseDir, target.model);
    try {
      const check = await checkGgufFile({
        path,
        llama,
        contextSize: target.contextWindow,
        sequences: 4,
        provider: target.provider,
        modelId: target.model,
      });
      reports.push({
        targetId: target.id,
        model: target.model,
        path,
        summary: `${check.architecture} GGUF, ${(check.fileBytes / 1_048_576).toFixed(1)} MiB, trained context ${check.trainedContextLength} tokens, about ${(check.estimatedMemoryBytes / 1_048_576).toFixed(0)} MiB with 4 sequences of ${Math.min(target.contextWindow, check.trainedContextLength)} tokens`,
      });
    } catch (error) {
      if (!ProviderError.isInstance(error)) throw error;
      const path = ['targets', index, 'model'];
      const message = `${error.failure.code ?? error.failure.kind}: ${error.failure.message} (relative paths resolve against the config file's folder)`;
      issues.push(
        options.text === undefined
          ? { file: options.file, path: `targets[${index}].model`, message }
          : readDocument({ text: options.text, file: options.file }).issue(path, message),
      );
    }
  }
  if (issues.length > 0) throw new ConfigError({ file: options.file, issues });
  return reports;
}
