import { ggufType } from './edit-gguf.js';
import {
  attention,
  chatMl,
  feedForward,
  general,
  layers,
  mistralTemplate,
  sentencePiece,
  top,
} from './real-model-parts.js';
import type { RealModelShape } from './real-shaped-gguf.js';

// Published models of 4B parameters and more (Mixtral: one of its layers in four); sources as in
// `real-small-model-shapes.ts`.

const mistralSpecial = [
  '<unk>',
  '<s>',
  '</s>',
  ...Array.from({ length: 768 }, (_, n) => `[control_${n + 3}]`),
];

/** Mistral-7B-Instruct-v0.3: llama with a separate output, GQA 32/8, SPM 32,768; Q4_K_M. */
export const mistral7bInstructV03: RealModelShape = {
  id: 'Mistral-7B-Instruct-v0.3',
  general: general('Mistral', '7B', 'apache-2.0'),
  chatTemplate: mistralTemplate,
  architecture: 'llama',
  hyperparameters: {
    block_count: 32,
    context_length: 32_768,
    embedding_length: 4096,
    feed_forward_length: 14_336,
    'attention.head_count': 32,
    'attention.head_count_kv': 8,
    'rope.freq_base': 1_000_000,
    'attention.layer_norm_rms_epsilon': 1e-5,
    vocab_size: 32_768,
    'rope.dimension_count': 128,
  },
  floatKeys: ['rope.freq_base'],
  vocabulary: sentencePiece(32_768, mistralSpecial),
  tensors: [
    ...top(4096, 32_768, false),
    ...layers(32, (p) => [...attention(p, 4096, 4096, 1024), ...feedForward(p, 4096, 14_336)]),
  ],
  weights: 'q4_k_m',
};

/** Phi-3-mini-4k-instruct: fused qkv and gate-up, 32 heads of 96, SPM 32,064; Q4_K_M. */
export const phi3Mini4k: RealModelShape = {
  id: 'Phi-3-mini-4k-instruct',
  general: general('Phi-3', 'mini-4k', 'mit'),
  architecture: 'phi3',
  hyperparameters: {
    context_length: 4096,
    'rope.scaling.original_context_length': 4096,
    embedding_length: 3072,
    feed_forward_length: 8192,
    block_count: 32,
    'attention.head_count': 32,
    'attention.head_count_kv': 32,
    'attention.layer_norm_rms_epsilon': 1e-5,
    'rope.dimension_count': 96,
    'rope.freq_base': 10_000,
    'attention.sliding_window': 2047,
  },
  floatKeys: ['rope.freq_base'],
  // 32,000 SentencePiece tokens, then the 64 Phi-3 adds (llama.cpp looks up `<|endoftext|>` by name).
  vocabulary: {
    ...sentencePiece(32_064, ['<unk>', '<s>', '</s>']),
    added: [
      '<|endoftext|>',
      '<|assistant|>',
      ...['1', '2', '3', '4'].map((n) => `<|placeholder${n}|>`),
      '<|system|>',
      '<|end|>',
      '<|placeholder5|>',
      '<|placeholder6|>',
      '<|user|>',
      ...Array.from({ length: 53 }, (_, n) => `<|placeholder${n + 7}|>`),
    ],
    ids: { unknown: 0, bos: 1, eos: 32_000, padding: 32_000 },
  },
  chatTemplate:
    "{% for message in messages %}{{'<|' + message['role'] + '|>' + '\\n' + message['content'] + '<|end|>\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|assistant|>\\n' }}{% endif %}",
  tensors: [
    ...top(3072, 32_064, false),
    ...layers(32, (p) => [
      [`${p}attn_norm.weight`, [3072]],
      [`${p}attn_qkv.weight`, [3072, 9216]],
      [`${p}attn_output.weight`, [3072, 3072]],
      [`${p}ffn_norm.weight`, [3072]],
      [`${p}ffn_up.weight`, [3072, 16_384]],
      [`${p}ffn_down.weight`, [8192, 3072]],
    ]),
  ],
  weights: 'q4_k_m',
};

/**
 * Mixtral-8x7B-Instruct-v0.1's layer (8 experts, 2 used, `ffn_*_exps` stacked per expert and a
 * router `ffn_gate_inp`), every dimension as published but 4 layers instead of 32, so the mapped
 * file stays within this machine's memory; Q4_K_M.
 */
export const mixtralStyle: RealModelShape = {
  id: 'Mixtral-8x7B-Instruct-v0.1 (4 of 32 layers)',
  general: general('Mixtral', '8x7B', 'apache-2.0'),
  chatTemplate: mistralTemplate,
  architecture: 'llama',
  hyperparameters: {
    block_count: 4,
    context_length: 32_768,
    embedding_length: 4096,
    feed_forward_length: 14_336,
    'attention.head_count': 32,
    'attention.head_count_kv': 8,
    'rope.freq_base': 1_000_000,
    'attention.layer_norm_rms_epsilon': 1e-5,
    expert_count: 8,
    expert_used_count: 2,
    vocab_size: 32_000,
    'rope.dimension_count': 128,
  },
  floatKeys: ['rope.freq_base'],
  vocabulary: sentencePiece(32_000, ['<unk>', '<s>', '</s>']),
  tensors: [
    ...top(4096, 32_000, false),
    ...layers(4, (p) => [
      ...attention(p, 4096, 4096, 1024),
      [`${p}ffn_norm.weight`, [4096]],
      [`${p}ffn_gate_inp.weight`, [4096, 8]],
      [`${p}ffn_gate_exps.weight`, [4096, 14_336, 8]],
      [`${p}ffn_down_exps.weight`, [14_336, 4096, 8]],
      [`${p}ffn_up_exps.weight`, [4096, 14_336, 8]],
    ]),
  ],
  weights: 'q4_k_m',
};

/**
 * Hermes-2-Pro-Mistral-7B: Mistral 7B v0.1's shape (SentencePiece 32,032, with ChatML's tokens
 * added) with named chat templates besides the default one, as convert_hf_to_gguf.py writes a
 * tokenizer_config.json's list of templates: `tokenizer.chat_template.tool_use` and
 * `tokenizer.chat_templates` (a key that is also the prefix of another). Q4_K_M.
 */
export const hermes2ProMistral7b: RealModelShape = {
  ...mistral7bInstructV03,
  id: 'Hermes-2-Pro-Mistral-7B',
  hyperparameters: { ...mistral7bInstructV03.hyperparameters, vocab_size: 32_032, 'rope.freq_base': 10_000 },
  vocabulary: {
    ...sentencePiece(32_032, ['<unk>', '<s>', '</s>']),
    added: [
      '<|im_end|>',
      '<|im_start|>',
      '<tools>',
      '</tools>',
      ...Array.from({ length: 28 }, (_, n) => `<extra_${n}>`),
    ],
  },
  chatTemplate: chatMl,
  metadata: [
    { key: 'tokenizer.chat_template.tool_use', type: ggufType.string, value: chatMl },
    {
      key: 'tokenizer.chat_templates',
      type: ggufType.array,
      value: { itemType: ggufType.string, items: ['tool_use'] },
    },
  ],
  tensors: [
    ...top(4096, 32_032, false),
    ...layers(32, (p) => [...attention(p, 4096, 4096, 1024), ...feedForward(p, 4096, 14_336)]),
  ],
};
