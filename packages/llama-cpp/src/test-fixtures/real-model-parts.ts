import type { RealVocabulary } from './real-shaped-gguf.js';

// The published models' shapes: hyperparameters from their config.json, tensor names and the
// keys a converter writes from llama.cpp's gguf-py (`MODEL_TENSORS`) and convert_hf_to_gguf.py.

/** A tensor: name and ggml-order dimensions. */
export type Tensor = readonly [string, readonly number[]];

/** Per layer: llama's attention (q, k, v, output) and gated feed-forward, with extras per architecture. */
export function layers(count: number, layer: (block: string) => readonly Tensor[]): Tensor[] {
  return Array.from({ length: count }, (_, block) => layer(`blk.${block}.`)).flat();
}

export function attention(prefix: string, embd: number, q: number, kv: number): Tensor[] {
  return [
    [`${prefix}attn_norm.weight`, [embd]],
    [`${prefix}attn_q.weight`, [embd, q]],
    [`${prefix}attn_k.weight`, [embd, kv]],
    [`${prefix}attn_v.weight`, [embd, kv]],
    [`${prefix}attn_output.weight`, [q, embd]],
  ];
}

export function feedForward(prefix: string, embd: number, ff: number): Tensor[] {
  return [
    [`${prefix}ffn_norm.weight`, [embd]],
    [`${prefix}ffn_gate.weight`, [embd, ff]],
    [`${prefix}ffn_up.weight`, [embd, ff]],
    [`${prefix}ffn_down.weight`, [ff, embd]],
  ];
}

export function top(embd: number, vocab: number, tied: boolean): Tensor[] {
  return [
    ['token_embd.weight', [embd, vocab]],
    ['output_norm.weight', [embd]],
    ...(tied ? [] : ([['output.weight', [embd, vocab]]] as Tensor[])),
  ];
}

/** The `general.*` keys convert_hf_to_gguf.py writes from a model card. */
export function general(basename: string, sizeLabel: string, license: string) {
  return {
    type: 'model',
    basename,
    finetune: 'Instruct',
    size_label: sizeLabel,
    license,
    tags: ['facebook', 'text-generation'],
    languages: ['en', 'de', 'fr'],
    'base_model.count': 1,
    'base_model.0.name': `${basename} ${sizeLabel}`,
  };
}

/** Used by the shapes of `real-*-model-shapes.ts`. */
export const chatMl =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
/** Used by the shapes of `real-*-model-shapes.ts`. */
export const llama3Template =
  "{{- bos_token }}{% for message in messages %}{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + message['content'] | trim + '<|eot_id|>' }}{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}";
/** Used by the shapes of `real-*-model-shapes.ts`. */
export const gemmaTemplate =
  "{{ bos_token }}{% for message in messages %}{% set role = 'model' if message['role'] == 'assistant' else message['role'] %}{{ '<start_of_turn>' + role + '\\n' + message['content'] | trim + '<end_of_turn>\\n' }}{% endfor %}{% if add_generation_prompt %}{{'<start_of_turn>model\\n'}}{% endif %}";
/** Used by the shapes of `real-*-model-shapes.ts`. */
export const mistralTemplate =
  "{{ bos_token }}{% for message in messages %}{% if message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}{% else %}{{ message['content'] + eos_token }}{% endif %}{% endfor %}";

/** Used by the shapes of `real-*-model-shapes.ts`. */
export const llama3Vocabulary: RealVocabulary = {
  model: 'gpt2',
  pre: 'llama-bpe',
  size: 128_256,
  special: [
    '<|begin_of_text|>',
    '<|end_of_text|>',
    ...Array.from({ length: 4 }, (_, n) => `<|reserved_special_token_${n}|>`),
    '<|start_header_id|>',
    '<|end_header_id|>',
    '<|reserved_special_token_4|>',
    '<|eot_id|>',
    ...Array.from({ length: 248 }, (_, n) => `<|reserved_special_token_${n + 5}|>`),
  ],
  ids: { bos: 128_000, eos: 128_009 },
};

/** Used by the shapes of `real-*-model-shapes.ts`. */
export const qwenVocabulary: RealVocabulary = {
  model: 'gpt2',
  pre: 'qwen2',
  size: 151_936,
  // 151,643 normal tokens, 22 control tokens, then the converter's [PAD] rows up to the embedding's.
  special: [
    '<|endoftext|>',
    '<|im_start|>',
    '<|im_end|>',
    ...Array.from({ length: 19 }, (_, n) => `<|extra_${n}|>`),
    ...Array.from({ length: 151_936 - 151_665 }, (_, n) => `[PAD${151_665 + n}]`),
  ],
  ids: { bos: 151_643, eos: 151_645, padding: 151_643 },
};

export function sentencePiece(size: number, special: readonly string[]): RealVocabulary {
  return {
    model: 'llama',
    size,
    special,
    ids: { unknown: special.indexOf('<unk>'), bos: special.indexOf('<s>'), eos: special.indexOf('</s>') },
  };
}

/** Used by the shapes of `real-*-model-shapes.ts`. */
export const gemmaSpecial = [
  '<pad>',
  '</s>',
  '<s>',
  '<unk>',
  '<mask>',
  '[multimodal]',
  '<start_of_turn>',
  '<end_of_turn>',
];
