import { open } from 'node:fs/promises';
import { type GgufPartEntry, type GgufPartTensor, ggufType } from './edit-gguf.js';

/**
 * The shape of a published model, as its converted GGUF has it: the hyperparameters and other
 * metadata, the vocabulary's kind and size, and the tensors (names, ggml-order dimensions), with
 * the ggml type of each chosen by {@link RealModelShape.weights}. No weights: see
 * {@link writeRealShapedGguf}.
 */
export interface RealModelShape {
  /** The published model it copies, e.g. `Llama-3.2-1B-Instruct`. */
  readonly id: string;
  /** `general.architecture`. */
  readonly architecture: string;
  /** Metadata besides `general.*` and `tokenizer.*`: `<architecture>.<key>` → value (u32, or f32 when fractional). */
  readonly hyperparameters: Readonly<Record<string, number | string | readonly number[]>>;
  /** Keys of `hyperparameters` written as f32 even when whole (e.g. `rope.freq_base`). */
  readonly floatKeys?: readonly string[];
  /** The vocabulary; see {@link RealVocabulary}. */
  readonly vocabulary: RealVocabulary;
  /** The tensors: name and ggml-order dimensions (`[input, output]` for a weight matrix). */
  readonly tensors: readonly (readonly [name: string, dims: readonly number[]])[];
  /** `general.*` keys a converter writes besides the architecture, name and file type (strings, or arrays of strings). */
  readonly general?: Readonly<Record<string, string | number | readonly string[]>>;
  /** `tokenizer.chat_template`. */
  readonly chatTemplate?: string;
  /** Other key-value pairs, written last as given (e.g. `tokenizer.chat_template.tool_use`). */
  readonly metadata?: readonly GgufPartEntry[];
  /** How the weights are stored, as a converter or `llama-quantize` writes them. */
  readonly weights: 'f16' | 'bf16' | 'q4_k_m';
}

/** A synthetic vocabulary of the right kind and size, which llama.cpp's vocabulary loader accepts. */
export interface RealVocabulary {
  /** `llama`: SentencePiece with the 256 `<0xXX>` byte tokens; `gpt2`: byte-level BPE with merges. */
  readonly model: 'llama' | 'gpt2';
  /** Tokens in all (the embedding's rows). */
  readonly size: number;
  /** Control tokens: at the start for `llama`, at the end (after the normal ones) for `gpt2`. */
  readonly special: readonly string[];
  /** Control tokens added after the normal ones of a `llama` vocabulary (Phi-3's `<|endoftext|>`, `<|user|>`, …). */
  readonly added?: readonly string[];
  /** `tokenizer.ggml.pre` of a BPE vocabulary (`llama-bpe`, `qwen2`). */
  readonly pre?: string;
  /** Token ids of `bos`, `eos` (and more), written as `tokenizer.ggml.<name>_token_id`. */
  readonly ids: Readonly<Record<string, number>>;
}

/** ggml types used here: F32, F16, Q4_K, Q6_K, BF16. */
const ggml = { f32: 0, f16: 1, q4K: 12, q6K: 14, bf16: 30 } as const;
/** Bytes and elements per block of each. */
const blocks: Record<number, readonly [bytes: number, elements: number]> = {
  [ggml.f32]: [4, 1],
  [ggml.f16]: [2, 1],
  [ggml.bf16]: [2, 1],
  [ggml.q4K]: [144, 256],
  [ggml.q6K]: [210, 256],
};
/** `general.file_type` (llama_ftype) of each kind of weights. */
const fileTypes = { f16: 1, bf16: 32, q4_k_m: 15 } as const;
const alignment = 32;

/**
 * Writes a GGUF file of a real model's shape whose data section is a hole: the header, then the
 * file extended (`ftruncate`) to its full size, so a multi-GiB model takes no disk and reads as
 * zeros. llama.cpp maps and loads it like the real file (it never looks at the values while
 * loading); `checkGgufFile` reads only the header.
 *
 * @param path where to write.
 * @param shape the model; see {@link RealModelShape}.
 * @returns the file's size and the bytes of its tensor data.
 */
export async function writeRealShapedGguf(
  path: string,
  shape: RealModelShape,
): Promise<{ fileBytes: number; weightsBytes: number }> {
  const blockCount = shape.hyperparameters.block_count as number;
  const tensors: GgufPartTensor[] = [];
  let offset = 0;
  for (const [name, dims] of shape.tensors) {
    const type = ggmlTypeOf(name, dims, shape, blockCount);
    const [bytes, elements] = blocks[type] as readonly [number, number];
    tensors.push({ name, dims: dims.map(BigInt), type, offset: BigInt(offset) });
    const size = (dims.reduce((product, dim) => product * dim, 1) / elements) * bytes;
    offset += Math.ceil(size / alignment) * alignment;
  }
  const header = headerOf(entriesOf(shape), tensors);
  const file = await open(path, 'w');
  try {
    await file.write(header);
    await file.truncate(header.length + offset);
  } finally {
    await file.close();
  }
  return { fileBytes: header.length + offset, weightsBytes: offset };
}

/**
 * The type `llama-quantize` gives a tensor in a Q4_K_M file: norms and other vectors F32; the
 * output (or the tied embedding) and, in some layers, `attn_v` and `ffn_down` Q6_K; the rest Q4_K.
 */
function ggmlTypeOf(
  name: string,
  dims: readonly number[],
  shape: RealModelShape,
  blockCount: number,
): number {
  // Vectors and the experts' router stay F32.
  if (dims.length === 1 || name.includes('ffn_gate_inp')) return ggml.f32;
  if (shape.weights !== 'q4_k_m') return shape.weights === 'bf16' ? ggml.bf16 : ggml.f16;
  const tied = !shape.tensors.some(([other]) => other === 'output.weight');
  if (name === 'output.weight' || (tied && name === 'token_embd.weight')) return ggml.q6K;
  const layer = Number(/^blk\.(\d+)\./.exec(name)?.[1] ?? -1);
  // llama.cpp's `use_more_bits`: the first and last eighth of the layers, and every third between.
  const moreBits =
    layer < blockCount / 8 || layer >= (7 * blockCount) / 8 || (layer - blockCount / 8) % 3 === 2;
  if (/\.(attn_v|ffn_down)\.weight$/.test(name) && moreBits) return ggml.q6K;
  return ggml.q4K;
}

function entriesOf(shape: RealModelShape): GgufPartEntry[] {
  const { architecture, vocabulary } = shape;
  const entries: GgufPartEntry[] = [
    { key: 'general.architecture', type: ggufType.string, value: architecture },
    { key: 'general.name', type: ggufType.string, value: shape.id },
    { key: 'general.file_type', type: ggufType.u32, value: fileTypes[shape.weights] },
    { key: 'general.quantization_version', type: ggufType.u32, value: 2 },
  ];
  for (const [key, value] of Object.entries(shape.general ?? {}))
    entries.push(
      typeof value === 'string'
        ? { key: `general.${key}`, type: ggufType.string, value }
        : typeof value === 'number'
          ? { key: `general.${key}`, type: ggufType.u32, value }
          : {
              key: `general.${key}`,
              type: ggufType.array,
              value: { itemType: ggufType.string, items: [...value] },
            },
    );
  for (const [key, value] of Object.entries(shape.hyperparameters)) {
    const float = shape.floatKeys?.includes(key) ?? false;
    if (typeof value === 'string')
      entries.push({ key: `${architecture}.${key}`, type: ggufType.string, value });
    else if (typeof value === 'number')
      entries.push({
        key: `${architecture}.${key}`,
        type: float || !Number.isInteger(value) ? ggufType.f32 : ggufType.u32,
        value,
      });
    else
      entries.push({
        key: `${architecture}.${key}`,
        type: ggufType.array,
        value: { itemType: ggufType.u32, items: [...value] },
      });
  }
  const { tokens, types, merges } =
    vocabulary.model === 'llama' ? sentencePieceVocabulary(vocabulary) : bytePairVocabulary(vocabulary);
  entries.push(
    { key: 'tokenizer.ggml.model', type: ggufType.string, value: vocabulary.model },
    ...(vocabulary.pre === undefined
      ? []
      : [{ key: 'tokenizer.ggml.pre', type: ggufType.string, value: vocabulary.pre }]),
    {
      key: 'tokenizer.ggml.tokens',
      type: ggufType.array,
      value: { itemType: ggufType.string, items: tokens },
    },
  );
  if (vocabulary.model === 'llama')
    entries.push({
      key: 'tokenizer.ggml.scores',
      type: ggufType.array,
      value: { itemType: ggufType.f32, items: tokens.map((_, id) => -id) },
    });
  entries.push({
    key: 'tokenizer.ggml.token_type',
    type: ggufType.array,
    value: { itemType: ggufType.i32, items: types },
  });
  if (merges.length > 0)
    entries.push({
      key: 'tokenizer.ggml.merges',
      type: ggufType.array,
      value: { itemType: ggufType.string, items: merges },
    });
  for (const [name, id] of Object.entries(vocabulary.ids))
    entries.push({ key: `tokenizer.ggml.${name}_token_id`, type: ggufType.u32, value: id });
  entries.push({ key: 'tokenizer.ggml.add_bos_token', type: ggufType.bool, value: true });
  if (shape.chatTemplate !== undefined)
    entries.push({ key: 'tokenizer.chat_template', type: ggufType.string, value: shape.chatTemplate });
  entries.push(...(shape.metadata ?? []));
  return entries;
}

/** Token types of llama.cpp: normal, control, byte. */
const tokenType = { normal: 1, control: 3, byte: 6 } as const;

/** Control tokens, the 256 `<0xXX>` byte tokens, then `▁`-prefixed pieces, as SentencePiece converts. */
function sentencePieceVocabulary({ size, special, added = [] }: RealVocabulary) {
  const tokens = [...special];
  const types: number[] = special.map(() => tokenType.control);
  for (let byte = 0; byte < 256; byte++) {
    tokens.push(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`);
    types.push(tokenType.byte);
  }
  tokens.push('\u2581');
  types.push(tokenType.normal);
  for (let piece = 0; tokens.length < size - added.length; piece++) {
    tokens.push(`\u2581${piece.toString(36)}`);
    types.push(tokenType.normal);
  }
  tokens.push(...added);
  types.push(...added.map(() => tokenType.control));
  return { tokens, types, merges: [] as string[] };
}

/**
 * GPT-2's 256 byte characters, then tokens merged from pairs of them (and from a pair and a
 * byte), each with its merge, then the control tokens.
 */
function bytePairVocabulary({ size, special }: RealVocabulary) {
  const bytes = byteCharacters();
  const tokens = [...bytes];
  const merges: string[] = [];
  const normal = size - special.length;
  outer: for (const left of [...bytes, ...bytes.flatMap((a) => bytes.map((b) => a + b))])
    for (const right of bytes) {
      if (tokens.length >= normal) break outer;
      tokens.push(left + right);
      merges.push(`${left} ${right}`);
    }
  const types: number[] = tokens.map(() => tokenType.normal);
  tokens.push(...special);
  types.push(...special.map(() => tokenType.control));
  return { tokens, types, merges };
}

/** GPT-2's byte-to-character map: printable bytes as themselves, the others from U+0100 on. */
function byteCharacters(): string[] {
  const characters: string[] = [];
  let next = 256;
  for (let byte = 0; byte < 256; byte++) {
    const printable = (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || byte >= 0xae;
    characters.push(String.fromCodePoint(printable ? byte : next++));
  }
  return characters;
}

/**
 * The header of a GGUF (version 3) padded to the alignment: what `writeGgufParts` writes, for the
 * few value types used here, in one growing buffer (a vocabulary of 100,000s of strings makes
 * `writeGgufParts`' buffer per value slow).
 */
function headerOf(entries: readonly GgufPartEntry[], tensors: readonly GgufPartTensor[]): Buffer {
  let buffer = Buffer.alloc(1 << 20);
  let at = 0;
  const room = (bytes: number) => {
    if (at + bytes <= buffer.length) return;
    const grown = Buffer.alloc(Math.max(buffer.length * 2, at + bytes));
    buffer.copy(grown, 0, 0, at);
    buffer = grown;
  };
  const u32 = (value: number) => {
    room(4);
    at = buffer.writeUInt32LE(value, at);
  };
  const u64 = (value: bigint | number) => {
    room(8);
    at = buffer.writeBigUInt64LE(BigInt(value), at);
  };
  const string = (value: string) => {
    const length = Buffer.byteLength(value);
    u64(length);
    room(length);
    at += buffer.write(value, at);
  };
  const scalar = (type: number, value: unknown) => {
    if (type === ggufType.string) return string(value as string);
    if (type === ggufType.u32) return u32(value as number);
    room(4);
    if (type === ggufType.i32) at = buffer.writeInt32LE(value as number, at);
    else if (type === ggufType.f32) at = buffer.writeFloatLE(value as number, at);
    else if (type === ggufType.bool) at = buffer.writeUInt8(Number(value), at);
    else throw new TypeError(`headerOf: value type ${type} is not written here`);
  };
  room(4);
  at += buffer.write('GGUF', at);
  u32(3);
  u64(tensors.length);
  u64(entries.length);
  for (const { key, type, value } of entries) {
    string(key);
    u32(type);
    if (type !== ggufType.array || typeof value !== 'object') scalar(type, value);
    else {
      u32(value.itemType);
      u64(value.items.length);
      for (const item of value.items) scalar(value.itemType, item);
    }
  }
  for (const tensor of tensors) {
    string(tensor.name);
    u32(tensor.dims.length);
    for (const dim of tensor.dims) u64(dim);
    u32(tensor.type);
    u64(tensor.offset);
  }
  const padded = Math.ceil(at / alignment) * alignment;
  room(padded - at);
  return buffer.subarray(0, padded);
}
