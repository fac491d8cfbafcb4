import { dirname, isAbsolute, resolve } from 'node:path';
import { type ConfigIssue, ProviderError, readDocument } from '@switchyard/core';

/** What {@link checkModelFiles} found for one in-process target whose file is good. */
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

/** What {@link checkModelFiles} found: a report per good file, an issue per bad one. */
export interface ModelFileCheck {
  /** The good files, in document order. */
  readonly reports: readonly ModelFileReport[];
  /** The bad files, each at the line and column of its target's `model`. */
  readonly issues: readonly ConfigIssue[];
}

/** The adapter's default context size, for the memory estimate of a target whose `contextWindow` is not valid (itself reported by the schema). */
const defaultContextSize = 4096;

/** The adapter's default number of sequences: the memory estimate assumes them. */
const sequences = 4;

/**
 * Checks the model file of every `llama-cpp` target (local open weights run
 * in-process) of a config file's text, **whether or not the rest of the
 * config is valid**, so `switchyard validate` reports bad model files in the
 * same run as schema and reference errors. `model` is the path of a `.gguf`
 * file, relative to the config file's folder. Each file is checked as the
 * adapter checks it before loading (exists, is GGUF, has the metadata
 * llama.cpp needs, is not cut, fits in the memory available with 4
 * sequences of the target's `contextWindow`), without loading it.
 *
 * Targets are read from the raw document: an entry with `provider:
 * llama-cpp` and a non-empty string `model` is checked; anything else about
 * it is the schema's to report. Text that is not a readable document yields
 * nothing (the config's own parse reports why).
 *
 * @param options.file the config file (positions and the folder paths are relative to).
 * @param options.text the config file's text.
 * @returns a report per good file and an issue (`file:line:col targets[i].model: <code>: ...`) per bad one.
 * @example
 * ```ts
 * const { reports, issues } = await checkModelFiles({ file: 'switchyard.yaml', text });
 * ```
 */
export async function checkModelFiles(options: { file: string; text: string }): Promise<ModelFileCheck> {
  // YAML and JSON can only spell llama-cpp as is or with a backslash escape: a text with neither
  // has no in-process target, and a large config is not read a second time.
  if (!/llama-cpp|\\/.test(options.text)) return { reports: [], issues: [] };
  let document: ReturnType<typeof readDocument>;
  try {
    document = readDocument({ text: options.text, file: options.file });
  } catch {
    return { reports: [], issues: [] };
  }
  const targets = (document.value as { targets?: unknown } | null | undefined)?.targets;
  if (!Array.isArray(targets)) return { reports: [], issues: [] };
  const inProcess = targets.flatMap((target: unknown, index) => {
    if (target === null || typeof target !== 'object') return [];
    const { id, provider, model, contextWindow } = target as Record<string, unknown>;
    if (provider !== 'llama-cpp' || typeof model !== 'string' || model.trim() === '') return [];
    return [
      {
        index,
        id: typeof id === 'string' ? id : `targets[${index}]`,
        model,
        contextWindow:
          typeof contextWindow === 'number' && Number.isInteger(contextWindow) && contextWindow > 0
            ? contextWindow
            : defaultContextSize,
      },
    ];
  });
  if (inProcess.length === 0) return { reports: [], issues: [] };
  const { checkGgufFile, loadLlama } = await import('@switchyard/llama-cpp');
  const llama = await loadLlama();
  const baseDir = dirname(resolve(options.file));
  const issues: ConfigIssue[] = [];
  const reports: ModelFileReport[] = [];
  for (const target of inProcess) {
    const path = isAbsolute(target.model) ? target.model : resolve(baseDir, target.model);
    try {
      const check = await checkGgufFile({
        path,
        llama,
        contextSize: target.contextWindow,
        sequences,
        provider: 'llama-cpp',
        modelId: target.model,
      });
      reports.push({
        targetId: target.id,
        model: target.model,
        path,
        summary: `${check.architecture} GGUF, ${(check.fileBytes / 1_048_576).toFixed(1)} MiB, trained context ${check.trainedContextLength} tokens, about ${(check.estimatedMemoryBytes / 1_048_576).toFixed(0)} MiB with ${sequences} sequences of ${Math.min(target.contextWindow, check.trainedContextLength)} tokens`,
      });
    } catch (error) {
      if (!ProviderError.isInstance(error)) throw error;
      issues.push(
        document.issue(
          ['targets', target.index, 'model'],
          `${error.failure.code ?? error.failure.kind}: ${error.failure.message} (relative paths resolve against the config file's folder)`,
        ),
      );
    }
  }
  return { reports, issues };
}
