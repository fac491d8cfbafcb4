import { stat } from 'node:fs/promises';
import { freemem } from 'node:os';
import { ProviderError } from '@switchyard/core/failure';
import { type GgufFileInfo, GgufInsights, type Llama, readGgufFileInfo } from 'node-llama-cpp';
import { denseLayerSizes } from './internal/dense-layer-sizes.js';
import { ggufFramingProblem } from './internal/gguf-framing-problem.js';
import { ggufMetadataProblem } from './internal/gguf-metadata-problem.js';
import { type GgmlTypeSizes, ggufTensorProblem } from './internal/gguf-tensor-problem.js';
import { modelFileFailure } from './model-file-failure.js';

/** What {@link checkGgufFile} found in a GGUF file that may be loaded. */
export interface GgufCheck {
  /** The absolute path of the file. */
  readonly path: string;
  /** Its size in bytes. */
  readonly fileBytes: number;
  /** `general.architecture`, e.g. `llama`. */
  readonly architecture: string;
  /** `general.name`, when set. */
  readonly name: string | undefined;
  /** `<architecture>.context_length`: the context the model was trained on, in tokens. */
  readonly trainedContextLength: number;
  /** Bytes of the weights (tensor data). */
  readonly weightsBytes: number;
  /** Estimated bytes of weights plus the contexts of every sequence. */
  readonly estimatedMemoryBytes: number;
  /** The parsed file info, for the loader. */
  readonly fileInfo: GgufFileInfo;
}

/** Recurrent architectures: no attention heads or feed-forward length to assert on. */
const recurrentArchitectures = new Set(['mamba', 'mamba2', 'rwkv6', 'rwkv6qwen2', 'rwkv7', 'arwkv7']);

/**
 * The metadata keys llama.cpp needs for an architecture. Missing ones make it
 * assert and abort the whole process (measured: `feed_forward_length`,
 * `attention.head_count`), so they are checked in JS first. A transformer
 * needs one of the two norm epsilons.
 *
 * @param architecture `general.architecture`.
 * @returns groups of keys; each group needs one of its keys.
 */
export function requiredGgufKeys(architecture: string): readonly (readonly string[])[] {
  const keys: string[][] = [
    ['general.architecture'],
    ['tokenizer.ggml.model'],
    ['tokenizer.ggml.tokens'],
    [`${architecture}.context_length`],
    [`${architecture}.embedding_length`],
    [`${architecture}.block_count`],
  ];
  if (!recurrentArchitectures.has(architecture)) {
    keys.push(
      [`${architecture}.feed_forward_length`],
      [`${architecture}.attention.head_count`],
      [`${architecture}.attention.layer_norm_rms_epsilon`, `${architecture}.attention.layer_norm_epsilon`],
    );
  }
  return keys;
}

/**
 * Checks a GGUF model file in JS before llama.cpp may touch it, since llama.cpp
 * answers many bad files with a native assert that kills the whole process: it
 * exists and is a readable file, starts with the GGUF magic, every length and
 * count of its header fits in the file (walked in bounded reads before
 * node-llama-cpp's reader trusts them), it has every metadata key llama.cpp
 * needs ({@link requiredGgufKeys}) with values llama.cpp accepts
 * (`ggufMetadataProblem`), tensor infos that fit the file and the
 * hyperparameters (`ggufTensorProblem`), is as long as its tensors say (not
 * truncated), and its weights plus the contexts of `sequences` sequences of
 * `contextSize` tokens fit in `maxMemoryBytes`. Only the header is read.
 *
 * Each problem is a `ProviderError` whose failure is a `cutoff` of scope
 * `target` (reason `model_not_found`: the model cannot serve until the file is
 * fixed) with a precise `code`: `model_file_missing`, `model_file_unreadable`,
 * `model_file_not_gguf`, `model_file_truncated`, `model_metadata_missing`,
 * `model_metadata_invalid`, `model_tensors_invalid`, `model_unsupported` or
 * `model_too_large`, and a message naming the file (and the key or tensor,
 * what was expected and what was found).
 *
 * @param options.path absolute path of the `.gguf` file.
 * @param options.llama the llama.cpp binding, for the tensor type sizes.
 * @param options.contextSize tokens per sequence (capped to the trained context).
 * @param options.sequences sequences of the context (`sequences`, or `prefixSlots` when more).
 * @param options.maxMemoryBytes memory the model may use. Default: what the OS reports available.
 * @param options.provider provider name for the error. Default `llama-cpp`.
 * @param options.modelId model id for the error. Default: the path.
 * @returns what was found.
 * @throws ProviderError as above.
 * @example
 * ```ts
 * const check = await checkGgufFile({ path: '/models/tiny.gguf', llama: await loadLlama(), contextSize: 4096, sequences: 4 });
 * ```
 */
export async function checkGgufFile(options: {
  path: string;
  llama: Llama;
  contextSize: number;
  sequences: number;
  maxMemoryBytes?: number;
  provider?: string;
  modelId?: string;
}): Promise<GgufCheck> {
  const { path, llama, sequences } = options;
  const fail = (code: Parameters<typeof modelFileFailure>[0], message: string, cause?: unknown) =>
    new ProviderError({
      provider: options.provider ?? 'llama-cpp',
      model: options.modelId ?? path,
      failure: modelFileFailure(code, `${path}: ${message}`),
      cause,
    });

  let fileBytes: number;
  try {
    const stats = await stat(path);
    if (!stats.isFile()) throw fail('model_file_unreadable', 'not a file; expected a .gguf model file');
    fileBytes = stats.size;
  } catch (error) {
    if (ProviderError.isInstance(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw fail('model_file_missing', 'no such file; expected a .gguf model file here', error);
    throw fail('model_file_unreadable', `cannot read it (${code ?? String(error)})`, error);
  }
  if (fileBytes < 4) throw fail('model_file_not_gguf', `${fileBytes} bytes; not a GGUF file`);

  let framing: Awaited<ReturnType<typeof ggufFramingProblem>>;
  try {
    framing = await ggufFramingProblem(path, fileBytes);
  } catch (error) {
    throw fail(
      'model_file_unreadable',
      `cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      error,
    );
  }
  if (framing?.kind === 'version') throw fail('model_unsupported', `${framing.what} is ${framing.found}`);
  if (framing?.kind === 'duplicate')
    throw fail(
      'model_metadata_invalid',
      `GGUF metadata ${framing.what}, at byte ${framing.at}: expected every key once; found ${framing.found}. llama.cpp would refuse the file`,
    );
  if (framing !== undefined)
    throw fail(
      'model_file_truncated',
      `the header ends early (${fileBytes} bytes): ${framing.what}, at byte ${framing.at}, is ${framing.found}; the file is cut or corrupt`,
    );

  let fileInfo: GgufFileInfo;
  try {
    fileInfo = await readGgufFileInfo(path, {
      sourceType: 'filesystem',
      logWarnings: false,
      spliceSplitFiles: false,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/magic/i.test(message))
      throw fail('model_file_not_gguf', 'does not start with the GGUF magic bytes; not a GGUF file', error);
    if (/long enough|out of range|outside the bounds/i.test(message))
      throw fail(
        'model_file_truncated',
        `the header ends early (${fileBytes} bytes); the file is cut`,
        error,
      );
    throw fail('model_unsupported', `cannot parse its GGUF header: ${message}`, error);
  }

  // node-llama-cpp reads past the end of a cut header as zeros: its end says whether it was cut.
  const infoEnd = fileInfo.infoEndOffset ?? 0;
  if (infoEnd > fileBytes)
    throw fail('model_file_truncated', `the header ends early (${fileBytes} bytes); the file is cut`);
  const flat = flatten(fileInfo.metadata as unknown as Record<string, unknown>);
  const architecture = typeof flat['general.architecture'] === 'string' ? flat['general.architecture'] : '';
  const missing = requiredGgufKeys(architecture || '<architecture>')
    .filter((group) => group.every((key) => flat[key] === undefined))
    .map((group) => group.join(' or '));
  if (missing.length > 0) {
    throw fail(
      'model_metadata_missing',
      `missing GGUF metadata ${missing.join(', ')}; llama.cpp would abort the process on it`,
    );
  }

  const transformer = !recurrentArchitectures.has(architecture);
  const valueProblem = ggufMetadataProblem(flat, architecture, transformer);
  if (valueProblem !== undefined) {
    const { key, expected, found } = valueProblem;
    throw fail(
      'model_metadata_invalid',
      `GGUF metadata ${key}: expected ${expected}; found ${found}. llama.cpp would refuse the file or abort the process on it`,
    );
  }

  const tensorProblem = ggufTensorProblem({
    tensors: fileInfo.tensorInfo ?? [],
    dataStart: infoEnd,
    fileBytes,
    alignment: typeof flat['general.alignment'] === 'number' ? flat['general.alignment'] : 32,
    sizes: ggmlTypeSizes(llama),
    embedding: flat[`${architecture}.embedding_length`] as number,
    vocabulary: (flat['tokenizer.ggml.tokens'] as unknown[]).length,
    blockCount: flat[`${architecture}.block_count`] as number,
    layered: denseLayerSizes(flat, architecture),
  });
  if (tensorProblem?.cutAt !== undefined)
    throw fail(
      'model_file_truncated',
      `${fileBytes} bytes, but its tensors end at byte ${tensorProblem.cutAt} (${tensorProblem.tensor}); the file is cut`,
    );
  if (tensorProblem !== undefined)
    throw fail(
      'model_tensors_invalid',
      `GGUF tensor ${tensorProblem.tensor}: expected ${tensorProblem.expected}; found ${tensorProblem.found}. llama.cpp would refuse the file or abort the process on it`,
    );
  let insights: GgufInsights;
  try {
    insights = await GgufInsights.from(fileInfo, llama);
  } catch (error) {
    throw fail('model_unsupported', `unsupported tensors: ${(error as Error).message}`, error);
  }
  const weightsBytes = insights.modelSize;
  if (infoEnd + weightsBytes > fileBytes) {
    throw fail(
      'model_file_truncated',
      `${fileBytes} bytes, but its tensors end at byte ${infoEnd + weightsBytes}; the file is cut`,
    );
  }
  const trainedContextLength = Number(flat[`${architecture}.context_length`]);
  const contextSize = Math.min(options.contextSize, trainedContextLength);
  const contextBytes = insights.estimateContextResourceRequirements({
    contextSize,
    modelGpuLayers: 0,
    sequences,
    batchSize: Math.min(512, contextSize),
  }).cpuRam;
  const estimatedMemoryBytes = weightsBytes + contextBytes;
  const maxMemoryBytes = options.maxMemoryBytes ?? freemem();
  if (estimatedMemoryBytes > maxMemoryBytes) {
    throw fail(
      'model_too_large',
      `needs about ${mib(estimatedMemoryBytes)} (weights ${mib(weightsBytes)}, context ${mib(contextBytes)} for ${sequences} sequences of ${contextSize} tokens) but may use ${mib(maxMemoryBytes)}; lower contextSize, sequences or prefixSlots, or raise maxMemoryBytes`,
    );
  }
  return {
    path,
    fileBytes,
    architecture,
    name: typeof flat['general.name'] === 'string' ? flat['general.name'] : undefined,
    trainedContextLength,
    weightsBytes,
    estimatedMemoryBytes,
    fileInfo,
  };
}

/** The ggml type sizes of the llama.cpp binding (what `GgufInsights` reads them from). */
function ggmlTypeSizes(llama: Llama): GgmlTypeSizes {
  const bindings = (
    llama as unknown as {
      _bindings?: {
        getTypeSizeForGgmlType?(type: number): number | undefined;
        getBlockSizeForGgmlType?(type: number): number | undefined;
      };
    }
  )._bindings;
  return (type) => {
    const typeSize = bindings?.getTypeSizeForGgmlType?.(type);
    const blockSize = bindings?.getBlockSizeForGgmlType?.(type);
    return typeSize !== undefined && typeSize > 0 && blockSize !== undefined && blockSize > 0
      ? { typeSize, blockSize }
      : undefined;
  };
}

function mib(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MiB`;
}

/** node-llama-cpp nests the metadata (`llama.attention.head_count` → `llama.attention.head_count`). */
function flatten(value: Record<string, unknown>, prefix = '', into: Record<string, unknown> = {}) {
  for (const key in value) {
    const entry = value[key];
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (entry !== null && typeof entry === 'object' && !Array.isArray(entry))
      flatten(entry as Record<string, unknown>, path, into);
    else into[path] = entry;
  }
  return into;
}
