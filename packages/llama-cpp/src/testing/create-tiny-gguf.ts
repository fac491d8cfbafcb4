import { type GGUFTypedMetadata, GGUFValueType, serializeGgufMetadata } from '@huggingface/gguf';
import { seededRandom } from './seeded-random.js';

/** Options of {@link createTinyGguf}. Every field is optional. */
export interface TinyGgufOptions {
  /** Seed of the random weights, a 32-bit integer. Default `1`: the same seed gives the same bytes. */
  readonly seed?: number;
  /** `llama.embedding_length`. Default `64`. */
  readonly embeddingLength?: number;
  /** `llama.block_count` (layers). Default `2`. */
  readonly blockCount?: number;
  /** `llama.attention.head_count`. Default `4`; must divide `embeddingLength` into heads of an even size. */
  readonly headCount?: number;
  /** `llama.feed_forward_length`. Default `128`. */
  readonly feedForwardLength?: number;
  /** `llama.context_length`, the context the model was "trained" on. Default `4096`. */
  readonly contextLength?: number;
  /**
   * Scale of the end-of-text token's output row. Default `0`: the row is zero
   * and greedy decoding never ends an answer (it always writes
   * `maxOutputTokens`, which tests rely on). Around `3`, greedy answers end
   * after about ten tokens, like a terse chat model (the demo's model).
   */
  readonly endOfTextScale?: number;
  /** `general.name`. Default `switchyard-tiny`. */
  readonly name?: string;
  /**
   * `tokenizer.chat_template`, a Jinja chat template (e.g. ChatML's). Default: none, so the
   * architecture's chat format is used. The vocabulary has no special tokens for the template's
   * markers: they are written as text.
   */
  readonly chatTemplate?: string;
  /**
   * Metadata keys to leave out, to make broken files for tests (e.g.
   * `llama.feed_forward_length`, which llama.cpp asserts on and aborts the process).
   */
  readonly omitKeys?: readonly string[];
}

/**
 * Whole words of the vocabulary (with SentencePiece's leading `▁`): common
 * English words and the words of the drills' synthetic prompts, so a prompt of
 * N such words is about N tokens, as on a real model, instead of one token per
 * character. Every prefix of each is a token too (SentencePiece merges pairs).
 */
export const tinyGgufWords: readonly string[] = [
  ...['route', 'policy', 'target', 'switch', 'track', 'signal', 'freight', 'yard'],
  ...['the', 'of', 'and', 'to', 'in', 'is', 'it', 'you', 'that', 'was', 'for', 'on', 'are', 'with'],
  ...['as', 'be', 'this', 'have', 'from', 'or', 'one', 'had', 'by', 'word', 'but', 'not', 'what'],
  ...['all', 'were', 'we', 'when', 'your', 'can', 'said', 'there', 'use', 'an', 'each', 'which'],
  ...['hello', 'hi', 'again', 'model', 'answer', 'local', 'weights', 'open', 'data', 'request'],
];

/**
 * The options of the tiny model the demo and the shipped drills run
 * (`.switchyard/models/switchyard-tiny.gguf`): its answers end after a few
 * tokens, like a terse chat model, and it is half as wide with one layer
 * (32 wide, 2 heads): evaluating a prompt costs time quadratic in its length
 * (attention), and a drill sends hundreds of prompts of up to ~2,000 tokens,
 * so this model evaluates them about four times faster than the default one.
 */
export const demoTinyGgufOptions = {
  seed: 1,
  embeddingLength: 32,
  blockCount: 1,
  headCount: 2,
  endOfTextScale: 3,
} as const satisfies TinyGgufOptions;

/** The token ids of a tiny model's vocabulary. */
export const tinyGgufTokens = {
  unknown: 0,
  bos: 1,
  eos: 2,
  /** The first of the 256 `<0xXX>` byte tokens. */
  firstByte: 3,
  /** The first of the 95 printable ASCII characters (space is SentencePiece's `▁`), then the words. */
  firstCharacter: 259,
} as const;

const ggmlTypeF32 = 0;
const alignment = 32;
/** SentencePiece token types of llama.cpp: normal, unknown, control, byte. */
const tokenType = { normal: 1, unknown: 2, control: 3, byte: 6 } as const;

interface Tensor {
  readonly name: string;
  /** ggml order: `dims[0]` varies fastest (the input size of a weight matrix). */
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

/**
 * Writes a tiny llama-architecture GGUF model with seeded random F32 weights,
 * entirely in memory: 2 layers, 64-wide, 4 heads, about 0.6 MB by default,
 * with a SentencePiece (`llama`) vocabulary of `<unk>`, `<s>`, `</s>`, the 256
 * `<0xXX>` byte tokens, the 95 printable ASCII characters and a few dozen
 * words ({@link tinyGgufWords}). The output rows of the special and byte
 * tokens are zero, so greedy decoding only ever picks printable tokens and the text it writes is readable (if
 * meaningless). Nothing is downloaded; the same options give the
 * same bytes on every run and platform.
 *
 * It is what tests, examples and drills run real in-process inference on
 * (`@switchyard/llama-cpp` loads it like any GGUF); it knows nothing.
 *
 * @param options see {@link TinyGgufOptions}.
 * @returns the bytes of the `.gguf` file.
 * @throws RangeError when `headCount` does not divide `embeddingLength` into heads of an even size, a size is not a positive integer or the seed not a 32-bit integer.
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * await writeFile('tiny.gguf', createTinyGguf({ seed: 7 }));
 * ```
 */
export function createTinyGguf(options: TinyGgufOptions = {}): Uint8Array {
  const {
    seed = 1,
    embeddingLength = 64,
    blockCount = 2,
    headCount = 4,
    feedForwardLength = 128,
    contextLength = 4096,
    name = 'switchyard-tiny',
    endOfTextScale = 0,
    omitKeys = [],
    chatTemplate,
  } = options;
  for (const [key, value] of Object.entries({
    embeddingLength,
    blockCount,
    headCount,
    feedForwardLength,
    contextLength,
  })) {
    if (!Number.isInteger(value) || value <= 0)
      throw new RangeError(`createTinyGguf: ${key} must be a positive integer; got ${value}`);
  }
  // The generator takes 32 bits: any other seed would alias one of them (1.5 is 1, 2 ** 32 is 0).
  if (!Number.isInteger(seed) || seed < -(2 ** 31) || seed >= 2 ** 32)
    throw new RangeError(`createTinyGguf: seed must be a 32-bit integer (-2^31 to 2^32 - 1); got ${seed}`);
  if (embeddingLength % headCount !== 0)
    throw new RangeError(
      `createTinyGguf: headCount (${headCount}) must divide embeddingLength (${embeddingLength})`,
    );
  if ((embeddingLength / headCount) % 2 !== 0)
    throw new RangeError(
      `createTinyGguf: embeddingLength / headCount (${embeddingLength} / ${headCount}) must be even: rope rotates pairs of a head's dimensions`,
    );
  const random = seededRandom(seed);
  const uniform = (length: number, scale: number) => {
    const data = new Float32Array(length);
    for (let index = 0; index < length; index++) data[index] = (random() * 2 - 1) * scale;
    return data;
  };
  const ones = (length: number) => new Float32Array(length).fill(1);
  const { tokens, types, scores } = vocabularyOf();
  const vocabulary = tokens.length;
  const matrix = (input: number, output: number, scale = 1 / Math.sqrt(input)) => ({
    dims: [input, output],
    data: uniform(input * output, scale),
  });

  // Separate output rows (tied ones make a random model repeat the token it just read).
  const output = matrix(embeddingLength, vocabulary, 1);
  // Zero rows: special and byte tokens score 0 while the best printable token scores well above.
  output.data.fill(0, 0, tinyGgufTokens.firstCharacter * embeddingLength);
  if (endOfTextScale !== 0) {
    const row = tinyGgufTokens.eos * embeddingLength;
    output.data.set(uniform(embeddingLength, endOfTextScale), row);
  }
  const tensors: Tensor[] = [
    { name: 'token_embd.weight', ...matrix(embeddingLength, vocabulary, 1) },
    { name: 'output_norm.weight', dims: [embeddingLength], data: ones(embeddingLength) },
    { name: 'output.weight', ...output },
  ];
  for (let block = 0; block < blockCount; block++) {
    const prefix = `blk.${block}`;
    tensors.push(
      { name: `${prefix}.attn_norm.weight`, dims: [embeddingLength], data: ones(embeddingLength) },
      { name: `${prefix}.attn_q.weight`, ...matrix(embeddingLength, embeddingLength) },
      { name: `${prefix}.attn_k.weight`, ...matrix(embeddingLength, embeddingLength) },
      { name: `${prefix}.attn_v.weight`, ...matrix(embeddingLength, embeddingLength) },
      { name: `${prefix}.attn_output.weight`, ...matrix(embeddingLength, embeddingLength) },
      { name: `${prefix}.ffn_norm.weight`, dims: [embeddingLength], data: ones(embeddingLength) },
      { name: `${prefix}.ffn_gate.weight`, ...matrix(embeddingLength, feedForwardLength) },
      { name: `${prefix}.ffn_up.weight`, ...matrix(embeddingLength, feedForwardLength) },
      { name: `${prefix}.ffn_down.weight`, ...matrix(feedForwardLength, embeddingLength) },
    );
  }

  const u32 = (value: number) => ({ value, type: GGUFValueType.UINT32 });
  const entries: Record<string, { value: unknown; type: GGUFValueType; subType?: GGUFValueType }> = {
    'general.architecture': { value: 'llama', type: GGUFValueType.STRING },
    'general.name': { value: name, type: GGUFValueType.STRING },
    'general.file_type': u32(0),
    'llama.context_length': u32(contextLength),
    'llama.embedding_length': u32(embeddingLength),
    'llama.block_count': u32(blockCount),
    'llama.feed_forward_length': u32(feedForwardLength),
    'llama.attention.head_count': u32(headCount),
    'llama.attention.head_count_kv': u32(headCount),
    'llama.attention.layer_norm_rms_epsilon': { value: 1e-5, type: GGUFValueType.FLOAT32 },
    'llama.rope.dimension_count': u32(embeddingLength / headCount),
    'tokenizer.ggml.model': { value: 'llama', type: GGUFValueType.STRING },
    'tokenizer.ggml.tokens': { value: tokens, type: GGUFValueType.ARRAY, subType: GGUFValueType.STRING },
    'tokenizer.ggml.scores': {
      value: scores,
      type: GGUFValueType.ARRAY,
      subType: GGUFValueType.FLOAT32,
    },
    'tokenizer.ggml.token_type': { value: types, type: GGUFValueType.ARRAY, subType: GGUFValueType.INT32 },
    'tokenizer.ggml.unknown_token_id': u32(tinyGgufTokens.unknown),
    'tokenizer.ggml.bos_token_id': u32(tinyGgufTokens.bos),
    'tokenizer.ggml.eos_token_id': u32(tinyGgufTokens.eos),
    'tokenizer.ggml.add_bos_token': { value: true, type: GGUFValueType.BOOL },
    'tokenizer.ggml.add_eos_token': { value: false, type: GGUFValueType.BOOL },
    'tokenizer.ggml.add_space_prefix': { value: true, type: GGUFValueType.BOOL },
    ...(chatTemplate === undefined
      ? {}
      : { 'tokenizer.chat_template': { value: chatTemplate, type: GGUFValueType.STRING } }),
  };
  for (const key of omitKeys) delete entries[key];
  const metadata = {
    version: { value: 3, type: GGUFValueType.UINT32 },
    tensor_count: { value: BigInt(tensors.length), type: GGUFValueType.UINT64 },
    kv_count: { value: BigInt(Object.keys(entries).length), type: GGUFValueType.UINT64 },
    ...entries,
  } as unknown as GGUFTypedMetadata;
  // Alignment 1: no padding yet; the tensor infos follow the key-value pairs directly.
  const header = serializeGgufMetadata(metadata, { alignment: 1 });

  const infos: Uint8Array[] = [];
  let dataSize = 0;
  const offsets: number[] = [];
  for (const tensor of tensors) {
    const nameBytes = new TextEncoder().encode(tensor.name);
    const info = new DataView(new ArrayBuffer(8 + nameBytes.length + 4 + 8 * tensor.dims.length + 4 + 8));
    let at = 0;
    info.setBigUint64(at, BigInt(nameBytes.length), true);
    at += 8;
    new Uint8Array(info.buffer).set(nameBytes, at);
    at += nameBytes.length;
    info.setUint32(at, tensor.dims.length, true);
    at += 4;
    for (const dim of tensor.dims) {
      info.setBigUint64(at, BigInt(dim), true);
      at += 8;
    }
    info.setUint32(at, ggmlTypeF32, true);
    at += 4;
    dataSize = pad(dataSize);
    offsets.push(dataSize);
    info.setBigUint64(at, BigInt(dataSize), true);
    infos.push(new Uint8Array(info.buffer));
    dataSize += tensor.data.byteLength;
  }
  const infoEnd = header.length + infos.reduce((sum, info) => sum + info.length, 0);
  const dataStart = pad(infoEnd);
  const file = new Uint8Array(dataStart + dataSize);
  file.set(header, 0);
  let at = header.length;
  for (const info of infos) {
    file.set(info, at);
    at += info.length;
  }
  const view = new DataView(file.buffer);
  tensors.forEach((tensor, index) => {
    const start = dataStart + (offsets[index] as number);
    for (let element = 0; element < tensor.data.length; element++)
      view.setFloat32(start + element * 4, tensor.data[element] as number, true);
  });
  return file;
}

/** `<unk>`, `<s>`, `</s>`, the byte tokens, the printable characters, then every word prefix. */
function vocabularyOf(): { tokens: string[]; types: number[]; scores: number[] } {
  const tokens: string[] = ['<unk>', '<s>', '</s>'];
  const types: number[] = [tokenType.unknown, tokenType.control, tokenType.control];
  for (let byte = 0; byte < 256; byte++) {
    tokens.push(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`);
    types.push(tokenType.byte);
  }
  for (let code = 0x20; code <= 0x7e; code++) {
    tokens.push(code === 0x20 ? space : String.fromCharCode(code));
    types.push(tokenType.normal);
  }
  const pieces = new Set<string>();
  for (const word of tinyGgufWords)
    for (let length = 2; length <= word.length + 1; length++) pieces.add(`${space}${word}`.slice(0, length));
  for (const piece of pieces) {
    tokens.push(piece);
    types.push(tokenType.normal);
  }
  // SentencePiece merges the adjacent pair whose merged piece scores highest: longer pieces first.
  const scores = tokens.map((token, id) => (id < tinyGgufTokens.firstCharacter ? 0 : token.length));
  return { tokens, types, scores };
}

const space = '\u2581';

function pad(offset: number): number {
  return Math.ceil(offset / alignment) * alignment;
}
