import { type GgufParts, ggufType } from './edit-gguf.js';

// Broken tiny models, each one thing broken in `createTinyGguf({ embeddingLength: 8, headCount: 2,
// feedForwardLength: 8, blockCount: 1 })`, with what the check must say about it: the tests of
// `checkGgufFile` (through the file) and of its rules (on the parsed parts) share them.

/** A broken file: its name, how it is broken, what the message must say. */
export type BrokenGgufCase = [name: string, edit: (parts: GgufParts) => void, message: string];
type Case = BrokenGgufCase;

/** Sets (or adds) a key. */
export const setKey =
  (key: string, type: number, value: GgufParts['entries'][number]['value']) => (parts: GgufParts) => {
    const entry = parts.entries.find((each) => each.key === key);
    if (entry === undefined) parts.entries.push({ key, type, value });
    else Object.assign(entry, { type, value });
  };
/** Sets (or adds) an unsigned 32-bit key. */
export const u32 = (key: string, value: number) => setKey(key, ggufType.u32, value);
/** The tensor info named `name`. */
export const tensorNamed = (parts: GgufParts, name: string) => {
  const found = parts.tensors.find((each) => each.name === name);
  if (found === undefined) throw new Error(`no tensor ${name}`);
  return found;
};
/** The items of the array `key`. */
export const itemsOf = (parts: GgufParts, key: string) => {
  const entry = parts.entries.find((each) => each.key === key);
  if (entry === undefined) throw new Error(`no key ${key}`);
  return (entry.value as { items: unknown[] }).items;
};

/** Values each of which killed the process in llama.cpp (`GGML_ASSERT`, SIGABRT) before the check knew it. */
export const abortCases: Case[] = [
  ['block_count 0', u32('llama.block_count', 0), 'llama.block_count: expected 1 to 512 layers'],
  ['block_count 2^31', u32('llama.block_count', 2 ** 31), 'llama.block_count: expected 1 to 512 layers'],
  [
    'feed_forward_length 0',
    u32('llama.feed_forward_length', 0),
    'llama.feed_forward_length: expected at least 1; found 0',
  ],
  [
    'head_count 0',
    u32('llama.attention.head_count', 0),
    'llama.attention.head_count: expected at least 1; found 0',
  ],
  [
    'head_count_kv 0',
    u32('llama.attention.head_count_kv', 0),
    'llama.attention.head_count_kv: expected at least 1; found 0',
  ],
  [
    'epsilon -1',
    setKey('llama.attention.layer_norm_rms_epsilon', ggufType.f32, -1),
    'llama.attention.layer_norm_rms_epsilon: expected a finite number ≥ 0; found -1',
  ],
  [
    'epsilon NaN',
    setKey('llama.attention.layer_norm_rms_epsilon', ggufType.f32, Number.NaN),
    'layer_norm_rms_epsilon: expected a finite number ≥ 0; found NaN',
  ],
  [
    'tokenizer none',
    setKey('tokenizer.ggml.model', ggufType.string, 'none'),
    'tokenizer.ggml.model: expected a vocabulary llama.cpp knows',
  ],
  [
    'tokens empty',
    (parts) => void itemsOf(parts, 'tokenizer.ggml.tokens').splice(0),
    'tokenizer.ggml.tokens: expected a non-empty array of strings; found []',
  ],
  [
    'a duplicated token',
    (parts) => {
      itemsOf(parts, 'tokenizer.ggml.tokens')[300] = 'a';
    },
    '"a" is also token 300',
  ],
  [
    'a SentencePiece vocabulary without byte tokens',
    (parts) => {
      itemsOf(parts, 'tokenizer.ggml.tokens')[13] = 'byte10';
    },
    'tokenizer.ggml.tokens: expected the 256 byte tokens <0x00> to <0xFF> of a SentencePiece (llama) vocabulary: llama.cpp aborts the process on a character it can neither find nor spell in bytes; found no <0x0A>',
  ],
  [
    'bert with byte tokens',
    setKey('tokenizer.ggml.model', ggufType.string, 'bert'),
    'tokenizer.ggml.token_type: expected no byte tokens (type 6) in a bert (WordPiece) vocabulary; found token 3 is of type 6',
  ],
];

/** Values llama.cpp refuses (`Failed to load model`) without saying why to the caller. */
export const refuseCases: Case[] = [
  [
    'a 64-bit embedding_length',
    setKey('llama.embedding_length', ggufType.u64, 8n),
    'llama.embedding_length: expected an unsigned 32-bit integer; found 8 (a 64-bit integer)',
  ],
  [
    'a string block_count',
    setKey('llama.block_count', ggufType.string, '1'),
    'llama.block_count: expected an unsigned 32-bit integer; found "1"',
  ],
  [
    'a fractional head_count',
    setKey('llama.attention.head_count', ggufType.f32, 2.5),
    'llama.attention.head_count: expected an unsigned 32-bit integer; found 2.5',
  ],
  [
    'a per-layer array of the wrong length',
    setKey('llama.feed_forward_length', ggufType.array, { itemType: ggufType.u32, items: [8, 8] }),
    'llama.feed_forward_length: expected one unsigned 32-bit integer, or an array of 1 (one per layer); found [8, 8]',
  ],
  [
    'heads not dividing the embedding',
    u32('llama.attention.head_count', 3),
    'llama.attention.head_count: expected a divisor of llama.embedding_length (8)',
  ],
  [
    'kv heads not dividing the heads',
    u32('llama.attention.head_count_kv', 3),
    'llama.attention.head_count_kv: expected a divisor of llama.attention.head_count (2); found 3',
  ],
  [
    'rope dimensions other than a head',
    u32('llama.rope.dimension_count', 3),
    'llama.rope.dimension_count: expected the size of a head (4)',
  ],
  [
    'an unknown vocabulary',
    setKey('tokenizer.ggml.model', ggufType.string, 'nope'),
    'tokenizer.ggml.model: expected a vocabulary llama.cpp knows and a chat model can use: llama, bert',
  ],
  [
    'scores one short',
    (parts) => void itemsOf(parts, 'tokenizer.ggml.scores').pop(),
    'tokenizer.ggml.scores: expected an array of a number per token (',
  ],
  [
    'a gpt2 vocabulary without merges',
    setKey('tokenizer.ggml.model', ggufType.string, 'gpt2'),
    'tokenizer.ggml.merges: expected the merges of a gpt2 (BPE) vocabulary: a non-empty array of strings; found nothing',
  ],
  [
    'a token id that is a string',
    setKey('tokenizer.ggml.bos_token_id', ggufType.string, '1'),
    'tokenizer.ggml.bos_token_id: expected a token id: an unsigned 32-bit integer; found "1"',
  ],
  [
    'a chat template that is a number',
    u32('tokenizer.chat_template', 1),
    'tokenizer.chat_template: expected a Jinja template (a string); found 1',
  ],
  ['alignment 3', u32('general.alignment', 3), 'general.alignment: expected a power of 2, e.g. 32; found 3'],
];

/** Tensor infos llama.cpp refuses without saying why to the caller. */
export const tensorCases: Case[] = [
  [
    'a zero dimension',
    (parts) => {
      tensorNamed(parts, 'output_norm.weight').dims[0] = 0n;
    },
    'GGUF tensor output_norm.weight: expected dimensions of at least 1; found [0]',
  ],
  [
    'five dimensions',
    (parts) => void tensorNamed(parts, 'output_norm.weight').dims.push(1n, 1n, 1n, 1n),
    'GGUF tensor output_norm.weight: expected 1 to 4 dimensions; found 5',
  ],
  [
    'an unknown type',
    (parts) => {
      tensorNamed(parts, 'output_norm.weight').type = 99;
    },
    'GGUF tensor output_norm.weight: expected a ggml type llama.cpp supports; found type 99',
  ],
  [
    'a removed type',
    (parts) => {
      tensorNamed(parts, 'output_norm.weight').type = 4;
    },
    'found type 4',
  ],
  [
    'a misaligned offset',
    (parts) => {
      tensorNamed(parts, 'output.weight').offset += 4n;
    },
    'GGUF tensor output.weight: expected data at an offset that is a multiple of general.alignment (32)',
  ],
  [
    'a duplicated name',
    (parts) => void parts.tensors.push({ ...tensorNamed(parts, 'output_norm.weight') }),
    'GGUF tensor output_norm.weight: expected one tensor of this name; found two',
  ],
  [
    'overlapping data',
    (parts) => {
      tensorNamed(parts, 'blk.0.attn_k.weight').offset = tensorNamed(parts, 'blk.0.attn_q.weight').offset;
    },
    "GGUF tensor blk.0.attn_k.weight: expected data at offset 33408, where blk.0.attn_q.weight's ends (padded to 32): llama.cpp reads tensors packed in the order of their infos; found offset 33152",
  ],
  [
    'a name of 100 bytes',
    (parts) => {
      tensorNamed(parts, 'output_norm.weight').name = 'x'.repeat(100);
    },
    'expected a name of 1 to 63 bytes; found 100 bytes',
  ],
  [
    'token_embd missing',
    (parts) => {
      tensorNamed(parts, 'token_embd.weight').name = 'token_embedding.weight';
    },
    'GGUF tensor token_embd.weight: expected a tensor of shape [8, ',
  ],
  [
    'a layer beyond block_count',
    (parts) => {
      tensorNamed(parts, 'blk.0.attn_q.weight').name = 'blk.1.attn_q.weight';
    },
    'expected layers blk.0 to blk.0 (block_count 1); found blk.1',
  ],
  [
    'attn_q missing',
    (parts) => {
      tensorNamed(parts, 'blk.0.attn_q.weight').name = 'blk.0.attn_query.weight';
    },
    'GGUF tensor blk.0.attn_q.weight: expected a tensor of shape [8, 8]; found none',
  ],
  [
    'feed_forward_length other than the tensors',
    u32('llama.feed_forward_length', 16),
    'GGUF tensor blk.0.ffn_up.weight: expected shape [8, 16]; found [8, 8]',
  ],
  [
    'a vocabulary other than the embedding',
    (parts) => {
      // One more token, with its score and type, so the tensor rule is what fails.
      for (const key of ['tokenizer.ggml.tokens', 'tokenizer.ggml.scores', 'tokenizer.ggml.token_type'])
        itemsOf(parts, key).push(key.endsWith('tokens') ? 'extra' : 1);
    },
    'GGUF tensor token_embd.weight: expected shape [8, ',
  ],
];
