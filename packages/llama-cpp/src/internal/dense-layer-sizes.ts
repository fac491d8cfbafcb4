import type { LayerSizes } from './gguf-tensor-problem.js';

/**
 * Architectures whose layers are llama's (separate q/k/v/output projections, a gated up/down
 * feed-forward, an attention and a feed-forward norm, each required by llama.cpp's loader): llama
 * (and Mistral, which ships as llama), qwen2, qwen3, gemma, gemma2, gemma3.
 */
export const denseArchitectures: ReadonlySet<string> = new Set([
  'llama',
  'qwen2',
  'qwen3',
  'gemma',
  'gemma2',
  'gemma3',
]);

/**
 * The layer sizes of a dense architecture ({@link denseArchitectures}), from its hyperparameters
 * (already checked by `ggufMetadataProblem`), per layer when they are per-layer arrays.
 *
 * @param flat the metadata, keys flattened.
 * @param architecture `general.architecture`.
 * @returns the sizes, or `undefined` for another architecture or a mixture of experts.
 */
export function denseLayerSizes(flat: Record<string, unknown>, architecture: string): LayerSizes | undefined {
  if (!denseArchitectures.has(architecture) || flat[`${architecture}.expert_count`]) return undefined;
  const a = (key: string) => flat[`${architecture}.${key}`];
  const perLayer = (value: unknown, block: number) => (Array.isArray(value) ? value[block] : value) as number;
  const embedding = a('embedding_length') as number;
  return (block) => {
    const heads = perLayer(a('attention.head_count'), block);
    const kvHeads = perLayer(a('attention.head_count_kv') ?? a('attention.head_count'), block);
    const headSize = (a('attention.key_length') as number | undefined) ?? embedding / heads;
    const valueSize = (a('attention.value_length') as number | undefined) ?? headSize;
    const feedForward = perLayer(a('feed_forward_length'), block);
    // llama.cpp's qwen2 reads its attention output as embedding × embedding.
    return architecture === 'qwen2'
      ? { heads, kvHeads, headSize, valueSize, feedForward, outputInput: embedding }
      : { heads, kvHeads, headSize, valueSize, feedForward };
  };
}
