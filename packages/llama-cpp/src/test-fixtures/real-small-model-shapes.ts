import {
  attention,
  chatMl,
  feedForward,
  gemmaSpecial,
  gemmaTemplate,
  general,
  layers,
  llama3Template,
  llama3Vocabulary,
  qwenVocabulary,
  sentencePiece,
  top,
} from './real-model-parts.js';
import type { RealModelShape } from './real-shaped-gguf.js';

// Published models of up to 2B parameters: hyperparameters from their config.json, tensor names
// and the keys a converter writes from llama.cpp's gguf-py (`MODEL_TENSORS`) and convert_hf_to_gguf.py.

const llama32 = { embd: 2048, layers: 16, heads: 32, kv: 8, ff: 8192, vocab: 128_256 };

/** Llama-3.2-1B-Instruct: tied embeddings, `rope_freqs.weight` (llama 3 rope scaling), GQA 32/8. */
export const llama32Instruct1b: RealModelShape = {
  id: 'Llama-3.2-1B-Instruct',
  general: general('Llama-3.2', '1B', 'llama3.2'),
  chatTemplate: llama3Template,
  architecture: 'llama',
  hyperparameters: {
    block_count: 16,
    context_length: 131_072,
    embedding_length: 2048,
    feed_forward_length: 8192,
    'attention.head_count': 32,
    'attention.head_count_kv': 8,
    'rope.freq_base': 500_000,
    'attention.layer_norm_rms_epsilon': 1e-5,
    'attention.key_length': 64,
    'attention.value_length': 64,
    vocab_size: 128_256,
    'rope.dimension_count': 64,
  },
  floatKeys: ['rope.freq_base'],
  vocabulary: llama3Vocabulary,
  tensors: [
    ['rope_freqs.weight', [32]],
    ...top(llama32.embd, llama32.vocab, true),
    ...layers(llama32.layers, (p) => [
      ...attention(p, llama32.embd, 2048, 512),
      ...feedForward(p, llama32.embd, llama32.ff),
    ]),
  ],
  weights: 'bf16',
};

/** The same in Q4_K_M, as `llama-quantize` writes it (Q4_K, Q6_K and F32 tensors). */
export const llama32Instruct1bQ4KM: RealModelShape = {
  ...llama32Instruct1b,
  id: 'Llama-3.2-1B-Instruct-Q4_K_M',
  weights: 'q4_k_m',
};

/** Qwen2.5-0.5B-Instruct: q/k/v biases, tied embeddings, 14 heads over 2 key-value heads. */
export const qwen25Instruct05b: RealModelShape = {
  id: 'Qwen2.5-0.5B-Instruct',
  general: general('Qwen2.5', '0.5B', 'apache-2.0'),
  chatTemplate: chatMl,
  architecture: 'qwen2',
  hyperparameters: {
    block_count: 24,
    context_length: 32_768,
    embedding_length: 896,
    feed_forward_length: 4864,
    'attention.head_count': 14,
    'attention.head_count_kv': 2,
    'rope.freq_base': 1_000_000,
    'attention.layer_norm_rms_epsilon': 1e-6,
  },
  floatKeys: ['rope.freq_base'],
  vocabulary: qwenVocabulary,
  tensors: [
    ...top(896, 151_936, true),
    ...layers(24, (p) => [
      ...attention(p, 896, 896, 128),
      [`${p}attn_q.bias`, [896]],
      [`${p}attn_k.bias`, [128]],
      [`${p}attn_v.bias`, [128]],
      ...feedForward(p, 896, 4864),
    ]),
  ],
  weights: 'f16',
};

/** Qwen3-0.6B: q/k norms, heads of 128 (16 × 128 = 2,048 over an embedding of 1,024), tied. */
export const qwen3b06: RealModelShape = {
  id: 'Qwen3-0.6B',
  general: general('Qwen3', '0.6B', 'apache-2.0'),
  chatTemplate: chatMl,
  architecture: 'qwen3',
  hyperparameters: {
    block_count: 28,
    context_length: 40_960,
    embedding_length: 1024,
    feed_forward_length: 3072,
    'attention.head_count': 16,
    'attention.head_count_kv': 8,
    'rope.freq_base': 1_000_000,
    'attention.layer_norm_rms_epsilon': 1e-6,
    'attention.key_length': 128,
    'attention.value_length': 128,
  },
  floatKeys: ['rope.freq_base'],
  vocabulary: qwenVocabulary,
  tensors: [
    ...top(1024, 151_936, true),
    ...layers(28, (p) => [
      ...attention(p, 1024, 2048, 1024),
      [`${p}attn_q_norm.weight`, [128]],
      [`${p}attn_k_norm.weight`, [128]],
      ...feedForward(p, 1024, 3072),
    ]),
  ],
  weights: 'bf16',
};

/** gemma-2-2b-it: post-attention and post-feed-forward norms, heads of 256, soft-capping, SPM 256,000. */
export const gemma2It2b: RealModelShape = {
  id: 'gemma-2-2b-it',
  general: general('gemma-2', '2B', 'gemma'),
  chatTemplate: gemmaTemplate,
  architecture: 'gemma2',
  hyperparameters: {
    context_length: 8192,
    embedding_length: 2304,
    block_count: 26,
    feed_forward_length: 9216,
    'attention.head_count': 8,
    'attention.head_count_kv': 4,
    'attention.layer_norm_rms_epsilon': 1e-6,
    'attention.key_length': 256,
    'attention.value_length': 256,
    attn_logit_softcapping: 50,
    final_logit_softcapping: 30,
    'attention.sliding_window': 4096,
  },
  floatKeys: ['attn_logit_softcapping', 'final_logit_softcapping'],
  vocabulary: sentencePiece(256_000, gemmaSpecial),
  tensors: [
    ...top(2304, 256_000, true),
    ...layers(26, (p) => [
      ...attention(p, 2304, 2048, 1024),
      [`${p}post_attention_norm.weight`, [2304]],
      ...feedForward(p, 2304, 9216),
      [`${p}post_ffw_norm.weight`, [2304]],
    ]),
  ],
  weights: 'f16',
};

/** gemma-3-1b-it: gemma 2's norms plus q/k norms, one key-value head, SPM 262,144. */
export const gemma3It1b: RealModelShape = {
  id: 'gemma-3-1b-it',
  general: general('gemma-3', '1B', 'gemma'),
  chatTemplate: gemmaTemplate,
  architecture: 'gemma3',
  hyperparameters: {
    context_length: 32_768,
    embedding_length: 1152,
    block_count: 26,
    feed_forward_length: 6912,
    'attention.head_count': 4,
    'attention.head_count_kv': 1,
    'rope.freq_base': 1_000_000,
    'attention.layer_norm_rms_epsilon': 1e-6,
    'attention.key_length': 256,
    'attention.value_length': 256,
    'attention.sliding_window': 512,
  },
  floatKeys: ['rope.freq_base'],
  vocabulary: sentencePiece(262_144, gemmaSpecial),
  tensors: [
    ...top(1152, 262_144, true),
    ...layers(26, (p) => [
      ...attention(p, 1152, 1024, 256),
      [`${p}attn_q_norm.weight`, [256]],
      [`${p}attn_k_norm.weight`, [256]],
      [`${p}post_attention_norm.weight`, [1152]],
      ...feedForward(p, 1152, 6912),
      [`${p}post_ffw_norm.weight`, [1152]],
    ]),
  ],
  weights: 'bf16',
};

/** TinyLlama-1.1B-Chat-v1.0: llama with GQA 32/4, SentencePiece 32,000, separate output; Q4_K_M. */
export const tinyLlamaChat11b: RealModelShape = {
  id: 'TinyLlama-1.1B-Chat-v1.0',
  architecture: 'llama',
  general: general('TinyLlama', '1.1B', 'apache-2.0'),
  chatTemplate:
    "{% for message in messages %}{{ '<|' + message['role'] + '|>\\n' + message['content'] + eos_token }}{% endfor %}{% if add_generation_prompt %}{{ '<|assistant|>' }}{% endif %}",
  hyperparameters: {
    block_count: 22,
    context_length: 2048,
    embedding_length: 2048,
    feed_forward_length: 5632,
    'attention.head_count': 32,
    'attention.head_count_kv': 4,
    'rope.freq_base': 10_000,
    'attention.layer_norm_rms_epsilon': 1e-5,
    'rope.dimension_count': 64,
  },
  floatKeys: ['rope.freq_base'],
  vocabulary: sentencePiece(32_000, ['<unk>', '<s>', '</s>']),
  tensors: [
    ...top(2048, 32_000, false),
    ...layers(22, (p) => [...attention(p, 2048, 2048, 256), ...feedForward(p, 2048, 5632)]),
  ],
  weights: 'q4_k_m',
};
