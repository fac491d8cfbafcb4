import type { GgufTensorInfo } from 'node-llama-cpp';

/** `GGML_MAX_DIMS`: a tensor has 1 to 4 dimensions. */
const maxDims = 4;
/** `GGML_MAX_NAME`: a tensor name is under 64 bytes. */
const maxNameBytes = 63;
/** `TENSOR_ALIGNMENT`: llama.cpp aborts when a tensor's data (mapped from the file) is not 32-byte aligned. */
const tensorAlignment = 32;

/** Sizes of a ggml type: bytes per block and elements per block; `undefined` for a type llama.cpp does not know. */
export type GgmlTypeSizes = (ggmlType: number) => { typeSize: number; blockSize: number } | undefined;

/**
 * The sizes of layer `block` of a dense llama-like transformer (separate q, k, v, output
 * projections; a gated up/down feed-forward; an attention and a feed-forward norm), or `undefined` for an architecture
 * whose layers are laid out otherwise (fused, mixture-of-experts, recurrent): then only the
 * embedding, output and norms are checked against the hyperparameters.
 */
export type LayerSizes = (block: number) => {
  heads: number;
  kvHeads: number;
  headSize: number;
  valueSize: number;
  feedForward: number;
  /** Rows of `attn_output.weight`, when not heads × head size (qwen2: the embedding). */
  outputInput?: number;
};

/** What is wrong with the tensor infos: the tensor, what was expected, what was found. */
export interface GgufTensorProblem {
  readonly tensor: string;
  readonly expected: string;
  readonly found: string;
  /** Set when a tensor's data runs past the end of the file: the byte it ends at (the file is cut). */
  readonly cutAt?: number;
}

/**
 * The first tensor info of a GGUF file that llama.cpp would refuse or abort the process on:
 * an empty, over-long or duplicated name, no dimensions or more than 4, a dimension of 0, a type
 * llama.cpp does not know (or removed), a first dimension that is not a whole number of the
 * type's blocks, data that is not 32-byte aligned in the file, that starts off the `alignment`
 * grid or elsewhere than right after the previous tensor's (gguf.cpp reads them packed in the order
 * of their infos), or runs past the end of the file; then, for the architecture's
 * hyperparameters: `token_embd.weight` (present in every text model) and, when present,
 * `output.weight`, `output_norm.weight` and each block's norms of another shape than
 * `[embedding_length, tokens]` or `[embedding_length]`, and layers (`blk.N.`) that are missing or
 * beyond `block_count`.
 *
 * @param options.tensors the tensor infos (node-llama-cpp's `readGgufFileInfo`).
 * @param options.dataStart byte where the data section starts (`infoEndOffset`).
 * @param options.fileBytes the file's size.
 * @param options.alignment `general.alignment` (default 32).
 * @param options.sizes the ggml type sizes of the llama.cpp binding.
 * @param options.embedding `<architecture>.embedding_length`.
 * @param options.vocabulary tokens of the vocabulary.
 * @param options.blockCount `<architecture>.block_count`.
 * @param options.layered the layer sizes of a dense llama-like architecture, whose every layer's
 *   tensors must then be there in the shapes they give; see {@link LayerSizes}.
 * @returns the problem, or `undefined` for none.
 */
export function ggufTensorProblem(options: {
  tensors: readonly GgufTensorInfo[];
  dataStart: number;
  fileBytes: number;
  alignment: number;
  sizes: GgmlTypeSizes;
  embedding: number;
  vocabulary: number;
  blockCount: number;
  layered?: LayerSizes | undefined;
}): GgufTensorProblem | undefined {
  const { tensors, dataStart, fileBytes, alignment, sizes } = options;
  const names = new Set<string>();
  /** Where the next tensor's data must start: gguf.cpp packs them in the order of their infos. */
  let expectedOffset = 0;
  let previous = '';
  for (const tensor of tensors) {
    const { name } = tensor;
    const problem = (expected: string, found: string) => ({
      tensor: name || '(empty name)',
      expected,
      found,
    });
    if (name === '' || Buffer.byteLength(name) > maxNameBytes)
      return problem(`a name of 1 to ${maxNameBytes} bytes`, `${Buffer.byteLength(name)} bytes`);
    if (names.has(name)) return problem('one tensor of this name', 'two');
    names.add(name);
    const dims = tensor.dimensions.map(Number);
    if (dims.length < 1 || dims.length > maxDims)
      return problem(`1 to ${maxDims} dimensions`, `${dims.length}`);
    if (!dims.every((dim) => Number.isSafeInteger(dim) && dim >= 1))
      return problem('dimensions of at least 1', `[${tensor.dimensions.join(', ')}]`);
    const type = sizes(tensor.ggmlType);
    if (type === undefined) return problem('a ggml type llama.cpp supports', `type ${tensor.ggmlType}`);
    if ((dims[0] as number) % type.blockSize !== 0)
      return problem(
        `a first dimension that is a multiple of its type's block of ${type.blockSize}`,
        `[${dims.join(', ')}]`,
      );
    const offset = Number(tensor.offset);
    const bytes = (dims.reduce((product, dim) => product * dim, 1) / type.blockSize) * type.typeSize;
    const start = dataStart + offset;
    if (!Number.isSafeInteger(offset) || offset % alignment !== 0 || start % tensorAlignment !== 0)
      return problem(
        `data at an offset that is a multiple of general.alignment (${alignment}), at a byte of the file that is a multiple of ${tensorAlignment}`,
        `offset ${tensor.offset} (byte ${start} of the file)`,
      );
    if (offset !== expectedOffset)
      return problem(
        previous === ''
          ? 'data at offset 0 (the first tensor)'
          : `data at offset ${expectedOffset}, where ${previous}'s ends (padded to ${alignment}): llama.cpp reads tensors packed in the order of their infos`,
        `offset ${tensor.offset}`,
      );
    if (!Number.isSafeInteger(bytes) || !Number.isSafeInteger(start + bytes))
      return problem('data of a size a file can hold', `[${dims.join(', ')}] of type ${tensor.ggmlType}`);
    if (start + bytes > fileBytes)
      return {
        ...problem(`data within the file (${fileBytes} bytes)`, `data to byte ${start + bytes}`),
        cutAt: start + bytes,
      };
    expectedOffset = offset + Math.ceil(bytes / alignment) * alignment;
    previous = name;
  }
  return shapeProblem(tensors, options);
}

function shapeProblem(
  tensors: readonly GgufTensorInfo[],
  {
    embedding,
    vocabulary,
    blockCount,
    layered,
  }: { embedding: number; vocabulary: number; blockCount: number; layered?: LayerSizes | undefined },
): GgufTensorProblem | undefined {
  const byName = new Map(tensors.map((tensor) => [tensor.name, tensor.dimensions.map(Number)]));
  const expect = (name: string, shape: number[], required: boolean) => {
    const dims = byName.get(name);
    if (dims === undefined)
      return required
        ? { tensor: name, expected: `a tensor of shape [${shape.join(', ')}]`, found: 'none' }
        : undefined;
    return dims.length === shape.length && dims.every((dim, index) => dim === shape[index])
      ? undefined
      : { tensor: name, expected: `shape [${shape.join(', ')}]`, found: `[${dims.join(', ')}]` };
  };
  const layers = new Set<number>();
  for (const { name } of tensors) {
    const match = /^blk\.(\d+)\./.exec(name);
    if (match === null) continue;
    const layer = Number(match[1]);
    if (layer >= blockCount)
      return {
        tensor: name,
        expected: `layers blk.0 to blk.${blockCount - 1} (block_count ${blockCount})`,
        found: `blk.${layer}`,
      };
    layers.add(layer);
  }
  // Encoder-decoder models name their layers otherwise (`enc.blk.N`, `dec.blk.N`).
  for (let block = 0; block < blockCount && layers.size > 0; block++)
    if (!layers.has(block))
      return {
        tensor: `blk.${block}.*`,
        expected: `tensors of each of the ${blockCount} layers (block_count)`,
        found: 'none',
      };
  const checks: [string, number[], boolean][] = [
    ['token_embd.weight', [embedding, vocabulary], true],
    ['output.weight', [embedding, vocabulary], false],
    ['output_norm.weight', [embedding], false],
  ];
  for (let block = 0; block < blockCount; block++)
    for (const norm of ['attn_norm', 'ffn_norm'])
      checks.push([`blk.${block}.${norm}.weight`, [embedding], false]);
  if (layered !== undefined) {
    checks.push(['output_norm.weight', [embedding], true]);
    for (let block = 0; block < blockCount; block++) {
      const { heads, kvHeads, headSize, valueSize, feedForward, outputInput } = layered(block);
      const q = heads * headSize;
      const kv = kvHeads * headSize;
      const prefix = `blk.${block}.`;
      checks.push(
        [`${prefix}attn_norm.weight`, [embedding], true],
        [`${prefix}attn_q.weight`, [embedding, q], true],
        [`${prefix}attn_k.weight`, [embedding, kv], true],
        [`${prefix}attn_v.weight`, [embedding, kvHeads * valueSize], true],
        [`${prefix}attn_output.weight`, [outputInput ?? q, embedding], true],
        [`${prefix}ffn_norm.weight`, [embedding], true],
        [`${prefix}ffn_up.weight`, [embedding, feedForward], true],
        [`${prefix}ffn_gate.weight`, [embedding, feedForward], true],
        [`${prefix}ffn_down.weight`, [feedForward, embedding], true],
      );
    }
  }
  for (const [name, shape, required] of checks) {
    const problem = expect(name, shape, required);
    if (problem !== undefined) return problem;
  }
  return undefined;
}
