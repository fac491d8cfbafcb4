/**
 * The limits llama.cpp (the build node-llama-cpp 3.21.1 ships) asserts on while it loads a model:
 * a value past them aborts the whole process (`GGML_ASSERT`), so they are checked in JS first.
 */
export const llamaCppLimits = {
  /** `LLAMA_MAX_LAYERS`: `block_count` is 1 to this. */
  maxLayers: 512,
  /** `LLAMA_MAX_EXPERTS`: `expert_count` is at most this. */
  maxExperts: 1024,
} as const;

/**
 * The vocabularies llama.cpp knows (`tokenizer.ggml.model`); `no_vocab` and `none` have no
 * tokens, so no text can go in or out.
 */
export const knownTokenizerModels: ReadonlySet<string> = new Set([
  'llama',
  'bert',
  'gpt2',
  'hybriddna',
  'whitespace',
  't5',
  'rwkv',
  'plamo2',
  'gemma4',
]);

/** Architectures whose `rope.dimension_count` llama.cpp requires to be the size of a head. */
const ropeIsHeadSize: ReadonlySet<string> = new Set(['llama', 'deci', 'falcon', 'llama-embed']);

const ropeScalingTypes = ['none', 'linear', 'yarn', 'longrope'];

/**
 * Transformer architectures of llama.cpp without rotary positions (absolute, ALiBi or relative):
 * every other one rotates `rope.dimension_count` dimensions of each head (by default all of it),
 * and ggml's rope asserts that they are even (`GGML_ASSERT(n_dims % 2 == 0)`) at the first token,
 * which aborts the process.
 */
const withoutRope: ReadonlySet<string> = new Set([
  'gpt2',
  'bert',
  'jina-bert-v2',
  'bloom',
  'mpt',
  'starcoder',
  'refact',
  't5',
  't5encoder',
]);

/** Keys llama.cpp reads as one unsigned 32-bit integer, or an array of one per layer. */
const perLayerKeys = ['feed_forward_length', 'attention.head_count', 'attention.head_count_kv'];

/** What is wrong with one metadata value: the key, what was expected, what was found. */
export interface GgufMetadataProblem {
  readonly key: string;
  readonly expected: string;
  readonly found: string;
}

/**
 * The first metadata value of a GGUF file that llama.cpp would refuse or abort the process on:
 * wrong value types (a string, a 64-bit or fractional number, an array where an unsigned 32-bit
 * integer belongs), sizes of 0, `block_count` past llama.cpp's 512 layers, heads that do not
 * divide the embedding (or key-value heads the heads), an odd number of rotary dimensions per
 * head (an odd head size where rope covers all of it), a negative or NaN norm epsilon, an
 * unknown or empty vocabulary, duplicated tokens, a SentencePiece vocabulary without its 256
 * byte tokens, fewer token scores or types than tokens, byte tokens in a
 * WordPiece vocabulary, a BPE vocabulary without merges, a special token id that is not an
 * unsigned integer, a chat template that is not a string, an alignment that is not a power of 2, more
 * experts than llama.cpp's 1,024 or an unknown rope scaling. Keys that are absent are not
 * checked here (the required ones are checked before).
 *
 * @param flat the metadata, keys flattened (`llama.attention.head_count`).
 * @param architecture `general.architecture`.
 * @param transformer whether the architecture has attention (not a recurrent one).
 * @returns the problem, or `undefined` for none.
 */
export function ggufMetadataProblem(
  flat: Readonly<Record<string, unknown>>,
  architecture: string,
  transformer: boolean,
): GgufMetadataProblem | undefined {
  const a = (key: string) => `${architecture}.${key}`;
  const problem = (key: string, expected: string, value: unknown = flat[key]) => ({
    key,
    expected,
    found: describe(value),
  });
  const blockCount = flat[a('block_count')];
  if (!isU32(blockCount)) return problem(a('block_count'), 'an unsigned 32-bit integer');
  if (blockCount < 1 || blockCount > llamaCppLimits.maxLayers)
    return problem(a('block_count'), `1 to ${llamaCppLimits.maxLayers} layers (llama.cpp's limit)`);

  for (const key of ['context_length', 'embedding_length'].map(a)) {
    if (!isU32(flat[key])) return problem(key, 'an unsigned 32-bit integer');
    if (flat[key] === 0) return problem(key, 'at least 1');
  }
  for (const key of [
    'attention.key_length',
    'attention.value_length',
    'rope.dimension_count',
    'expert_count',
    'expert_used_count',
  ].map(a)) {
    if (flat[key] !== undefined && !isU32(flat[key])) return problem(key, 'an unsigned 32-bit integer');
  }
  if (transformer) {
    for (const key of perLayerKeys.map(a)) {
      const value = flat[key];
      if (value === undefined) continue;
      if (Array.isArray(value)) {
        if (value.length !== blockCount || !value.every(isU32))
          return problem(key, `one unsigned 32-bit integer, or an array of ${blockCount} (one per layer)`);
      } else if (!isU32(value)) return problem(key, 'an unsigned 32-bit integer');
      else if (value === 0) return problem(key, 'at least 1');
    }
    const embedding = flat[a('embedding_length')] as number;
    const heads = flat[a('attention.head_count')];
    const kvHeads = flat[a('attention.head_count_kv')];
    if (typeof heads === 'number' && flat[a('attention.key_length')] === undefined && embedding % heads !== 0)
      return problem(
        a('attention.head_count'),
        `a divisor of ${a('embedding_length')} (${embedding}), or ${a('attention.key_length')} set`,
      );
    if (typeof heads === 'number' && typeof kvHeads === 'number' && heads % kvHeads !== 0)
      return problem(a('attention.head_count_kv'), `a divisor of ${a('attention.head_count')} (${heads})`);
    const rope = flat[a('rope.dimension_count')];
    const keyLength = flat[a('attention.key_length')];
    const headSize =
      typeof keyLength === 'number' ? keyLength : typeof heads === 'number' ? embedding / heads : undefined;
    if (ropeIsHeadSize.has(architecture) && rope !== undefined && headSize !== undefined && rope !== headSize)
      return problem(
        a('rope.dimension_count'),
        `the size of a head (${headSize}), as llama.cpp requires for ${architecture}`,
      );
    const ropeDimensions =
      typeof rope === 'number' ? rope : withoutRope.has(architecture) ? undefined : headSize;
    if (ropeDimensions !== undefined && ropeDimensions % 2 !== 0) {
      const key =
        typeof rope === 'number'
          ? a('rope.dimension_count')
          : typeof keyLength === 'number'
            ? a('attention.key_length')
            : a('attention.head_count');
      return problem(
        key,
        typeof rope === 'number'
          ? "an even number (llama.cpp's rope asserts on an odd number of rotary dimensions)"
          : `heads of an even size, all of which rope rotates (llama.cpp's rope asserts on an odd size; here ${ropeDimensions})`,
      );
    }
  }
  for (const key of ['attention.layer_norm_rms_epsilon', 'attention.layer_norm_epsilon'].map(a)) {
    const value = flat[key];
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0))
      return problem(key, 'a finite number ≥ 0');
  }
  const experts = flat[a('expert_count')];
  const used = flat[a('expert_used_count')];
  if (typeof experts === 'number' && experts > llamaCppLimits.maxExperts)
    return problem(a('expert_count'), `at most ${llamaCppLimits.maxExperts} (llama.cpp's limit)`);
  if (typeof used === 'number' && used > (typeof experts === 'number' ? experts : 0))
    return problem(a('expert_used_count'), `at most ${a('expert_count')} (${describe(experts)})`);
  if (typeof experts === 'number' && experts > 0 && used === 0)
    return problem(a('expert_used_count'), `1 to ${a('expert_count')} (${experts})`);
  const scaling = flat[a('rope.scaling.type')];
  if (scaling !== undefined && !ropeScalingTypes.includes(scaling as string))
    return problem(a('rope.scaling.type'), `one of ${ropeScalingTypes.join(', ')}`);

  const alignment = flat['general.alignment'];
  if (alignment !== undefined && !(isU32(alignment) && alignment > 0 && (alignment & (alignment - 1)) === 0))
    return problem('general.alignment', 'a power of 2, e.g. 32');
  return vocabularyProblem(flat);
}

function vocabularyProblem(flat: Readonly<Record<string, unknown>>): GgufMetadataProblem | undefined {
  const model = flat['tokenizer.ggml.model'];
  const problem = (key: string, expected: string, found: string = describe(flat[key])) => ({
    key,
    expected,
    found,
  });
  if (typeof model !== 'string' || !knownTokenizerModels.has(model))
    return problem(
      'tokenizer.ggml.model',
      `a vocabulary llama.cpp knows and a chat model can use: ${[...knownTokenizerModels].join(', ')}`,
    );
  const tokens = flat['tokenizer.ggml.tokens'];
  if (!Array.isArray(tokens) || tokens.length === 0 || !tokens.every((token) => typeof token === 'string'))
    return problem('tokenizer.ggml.tokens', 'a non-empty array of strings');
  const seen = new Map<string, number>();
  for (const [id, text] of (tokens as string[]).entries()) {
    // llama.cpp names an empty token `[EMPTY_<id>]` before it asserts that no two are the same.
    const token = text === '' ? `[EMPTY_${id}]` : text;
    const first = seen.get(token);
    if (first !== undefined)
      return problem(
        'tokenizer.ggml.tokens',
        'every token once',
        `token ${id} ${JSON.stringify(token)} is also token ${first}`,
      );
    seen.set(token, id);
  }
  if (model === 'llama') {
    // SentencePiece spells a character it has no token for in byte tokens; without them llama.cpp
    // throws where nothing catches it (`std::terminate`) while it tokenizes such a text.
    for (let byte = 0; byte < 256; byte++) {
      const token = `<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`;
      if (!seen.has(token))
        return problem(
          'tokenizer.ggml.tokens',
          'the 256 byte tokens <0x00> to <0xFF> of a SentencePiece (llama) vocabulary: llama.cpp aborts the process on a character it can neither find nor spell in bytes',
          `no ${token}`,
        );
    }
  }
  if (model === 'gpt2') {
    const merges = flat['tokenizer.ggml.merges'];
    if (!Array.isArray(merges) || merges.length === 0 || !merges.every((merge) => typeof merge === 'string'))
      return problem(
        'tokenizer.ggml.merges',
        'the merges of a gpt2 (BPE) vocabulary: a non-empty array of strings',
      );
  }
  for (const key of Object.keys(flat)) {
    if (/^tokenizer\.ggml\.\w+_token_id$/.test(key) && !isU32(flat[key]))
      return problem(key, 'a token id: an unsigned 32-bit integer');
  }
  const template = flat['tokenizer.chat_template'];
  if (template !== undefined && typeof template !== 'string')
    return problem('tokenizer.chat_template', 'a Jinja template (a string)');
  for (const key of ['tokenizer.ggml.scores', 'tokenizer.ggml.token_type']) {
    const value = flat[key];
    if (value === undefined) continue;
    if (
      !Array.isArray(value) ||
      value.length < tokens.length ||
      !value.every((item) => typeof item === 'number')
    )
      return problem(key, `an array of a number per token (${tokens.length})`);
  }
  const types = flat['tokenizer.ggml.token_type'];
  const byteToken = model === 'bert' && Array.isArray(types) ? types.indexOf(6) : -1;
  if (byteToken >= 0)
    return problem(
      'tokenizer.ggml.token_type',
      'no byte tokens (type 6) in a bert (WordPiece) vocabulary',
      `token ${byteToken} is of type 6`,
    );
  return undefined;
}

function isU32(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffff_ffff;
}

/** A value as the message shows it: short, with its JS type when that is the problem. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'bigint') return `${value} (a 64-bit integer)`;
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value))
    return value.length <= 4 ? `[${value.map(describe).join(', ')}]` : `an array of ${value.length}`;
  if (typeof value === 'boolean') return `${value} (a boolean)`;
  return String(value);
}
