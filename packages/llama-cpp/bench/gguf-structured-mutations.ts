// The structured mutations of the fuzz harness's bad model files (`gguf-mutations.ts`): one broken
// value, type, count, tensor info or vocabulary array of a tiny GGUF each, named after what it breaks.
import {
  type GgufPartEntry,
  type GgufParts,
  type GgufPartTensor,
  ggufType,
} from '../src/test-fixtures/edit-gguf.js';

const u32 = (value: number) => ({ type: ggufType.u32, value });
const str = (value: string) => ({ type: ggufType.string, value });

/** An edit of a GGUF's parts, in place. */
export type Edit = (parts: GgufParts) => void;

function setKey(key: string, to: { type: number; value: GgufPartEntry['value'] }): Edit {
  return (parts) => {
    const entry = parts.entries.find((candidate) => candidate.key === key);
    if (entry === undefined) parts.entries.push({ key, ...to });
    else Object.assign(entry, to);
  };
}
const dropKey =
  (key: string): Edit =>
  (parts) => {
    parts.entries = parts.entries.filter((entry) => entry.key !== key);
  };
const tensor = (parts: GgufParts, name: string) =>
  parts.tensors.find((candidate) => candidate.name === name) as GgufPartTensor;
const editTensor =
  (name: string, edit: (tensor: GgufPartTensor, parts: GgufParts) => void): Edit =>
  (parts) =>
    edit(tensor(parts, name), parts);
const arrayOf = (parts: GgufParts, key: string) =>
  parts.entries.find((entry) => entry.key === key)?.value as { itemType: number; items: unknown[] };

/**
 * The structured mutations, each named after what it breaks.
 *
 * @returns each mutation's name and its edit, in a fixed order.
 */
export function structuredMutations(): [string, Edit][] {
  const numericKeys = [
    'llama.context_length',
    'llama.embedding_length',
    'llama.block_count',
    'llama.feed_forward_length',
    'llama.attention.head_count',
    'llama.attention.head_count_kv',
    'llama.rope.dimension_count',
  ];
  const cases: [string, Edit][] = [];
  for (const key of numericKeys) {
    for (const value of [0, 1, 3, 15, 17, 32, 0x7fff_ffff, 0xffff_ffff])
      cases.push([`${key}=${value}`, setKey(key, u32(value))]);
    cases.push([`${key} as string`, setKey(key, str('16'))]);
    cases.push([`${key} as f32`, setKey(key, { type: ggufType.f32, value: 16.5 })]);
    cases.push([`${key} as i32 -1`, setKey(key, { type: ggufType.i32, value: -1 })]);
    cases.push([`${key} as u64`, setKey(key, { type: ggufType.u64, value: 16n })]);
    cases.push([`${key} as bool`, setKey(key, { type: ggufType.bool, value: true })]);
    cases.push([
      `${key} as array`,
      setKey(key, { type: ggufType.array, value: { itemType: ggufType.u32, items: [16, 16] } }),
    ]);
    cases.push([
      `${key} as empty array`,
      setKey(key, { type: ggufType.array, value: { itemType: ggufType.u32, items: [] } }),
    ]);
  }
  cases.push(['llama.rope.dimension_count dropped', dropKey('llama.rope.dimension_count')]);
  cases.push(['llama.attention.head_count_kv dropped', dropKey('llama.attention.head_count_kv')]);
  for (const value of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e30])
    cases.push([
      `layer_norm_rms_epsilon=${value}`,
      setKey('llama.attention.layer_norm_rms_epsilon', { type: ggufType.f32, value }),
    ]);
  cases.push([
    'layer_norm_rms_epsilon as string',
    setKey('llama.attention.layer_norm_rms_epsilon', str('x')),
  ]);
  for (const value of ['foo', '', 'llama\u0000', 'gpt2', 'bert', 'mamba', 'qwen2', 'gemma', 'phi3', 'rwkv6'])
    cases.push([`general.architecture=${JSON.stringify(value)}`, setKey('general.architecture', str(value))]);
  cases.push(['general.architecture as u32', setKey('general.architecture', u32(7))]);
  for (const value of ['nope', '', 'gpt2', 'bert', 'none', 'no_vocab', 't5', 'rwkv', 'ugm', 'plamo2'])
    cases.push([`tokenizer.ggml.model=${JSON.stringify(value)}`, setKey('tokenizer.ggml.model', str(value))]);
  cases.push(['tokenizer.ggml.model as u32', setKey('tokenizer.ggml.model', u32(1))]);
  cases.push([
    'tokenizer.ggml.tokens empty',
    (parts) => void arrayOf(parts, 'tokenizer.ggml.tokens').items.splice(0),
  ]);
  cases.push([
    'tokenizer.ggml.tokens as u32 array',
    setKey('tokenizer.ggml.tokens', {
      type: ggufType.array,
      value: { itemType: ggufType.u32, items: [1, 2, 3] },
    }),
  ]);
  cases.push(['tokenizer.ggml.tokens as string', setKey('tokenizer.ggml.tokens', str('<unk>'))]);
  cases.push([
    'tokenizer.ggml.tokens: only 3 specials',
    (parts) => {
      for (const key of ['tokenizer.ggml.tokens', 'tokenizer.ggml.scores', 'tokenizer.ggml.token_type'])
        arrayOf(parts, key).items.splice(3);
    },
  ]);
  cases.push([
    'tokenizer.ggml.tokens duplicated',
    (parts) => {
      arrayOf(parts, 'tokenizer.ggml.tokens').items[300] = 'a';
    },
  ]);
  cases.push([
    'tokenizer.ggml.tokens with an empty one',
    (parts) => {
      arrayOf(parts, 'tokenizer.ggml.tokens').items[300] = '';
    },
  ]);
  for (const key of ['tokenizer.ggml.scores', 'tokenizer.ggml.token_type']) {
    cases.push([`${key} one short`, (parts) => void arrayOf(parts, key).items.pop()]);
    cases.push([`${key} one long`, (parts) => void arrayOf(parts, key).items.push(1)]);
    cases.push([`${key} empty`, (parts) => void arrayOf(parts, key).items.splice(0)]);
    cases.push([
      `${key} as string array`,
      setKey(key, { type: ggufType.array, value: { itemType: ggufType.string, items: ['x'] } }),
    ]);
    cases.push([`${key} as scalar`, setKey(key, u32(1))]);
  }
  cases.push([
    'token_type out of range',
    (parts) => {
      arrayOf(parts, 'tokenizer.ggml.token_type').items[300] = 99;
    },
  ]);
  cases.push([
    'token_type all control',
    (parts) => arrayOf(parts, 'tokenizer.ggml.token_type').items.fill(3),
  ]);
  cases.push([
    'no byte tokens',
    (parts) => arrayOf(parts, 'tokenizer.ggml.token_type').items.fill(1, 3, 259),
  ]);
  for (const key of ['bos', 'eos', 'unknown', 'padding', 'eot', 'sep']) {
    const name = `tokenizer.ggml.${key}_token_id`;
    for (const value of [5000, 0xffff_ffff, 0x7fff_ffff])
      cases.push([`${name}=${value}`, setKey(name, u32(value))]);
    cases.push([`${name} as i32 -1`, setKey(name, { type: ggufType.i32, value: -1 })]);
    cases.push([`${name} as string`, setKey(name, str('1'))]);
  }
  const renameBytes = (parts: GgufParts) => {
    const tokens = arrayOf(parts, 'tokenizer.ggml.tokens').items;
    for (let id = 3; id < 259; id++) tokens[id] = `byte${id}`;
  };
  cases.push(['byte tokens renamed (no newline, no byte fallback)', renameBytes]);
  cases.push([
    'rwkv vocabulary without a newline',
    (parts) => {
      renameBytes(parts);
      setKey('tokenizer.ggml.model', str('rwkv'))(parts);
    },
  ]);
  cases.push([
    'no byte tokens and no characters',
    (parts) => {
      renameBytes(parts);
      const tokens = arrayOf(parts, 'tokenizer.ggml.tokens').items;
      for (let id = 259; id < 354; id++) tokens[id] = `char${id}`;
    },
  ]);
  cases.push([
    'gpt2 vocabulary without merges',
    (parts) => {
      setKey('tokenizer.ggml.model', str('gpt2'))(parts);
    },
  ]);
  cases.push(['chat_template not jinja', setKey('tokenizer.chat_template', str('{% for %}{{'))]);
  cases.push([
    'chat_template with unknown specials',
    setKey(
      'tokenizer.chat_template',
      str(
        "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}<|im_start|>assistant\n",
      ),
    ),
  ]);
  cases.push([
    'chat_template raising',
    setKey('tokenizer.chat_template', str("{{ raise_exception('no') }}")),
  ]);
  cases.push(['chat_template as u32', setKey('tokenizer.chat_template', u32(1))]);
  cases.push([
    'duplicated key block_count',
    (parts) => void parts.entries.push({ key: 'llama.block_count', ...u32(2) }),
  ]);
  cases.push([
    'duplicated key architecture',
    (parts) => void parts.entries.push({ key: 'general.architecture', ...str('llama') }),
  ]);
  cases.push(['empty key', (parts) => void parts.entries.push({ key: '', ...u32(2) })]);
  cases.push([
    'unknown value type 13',
    (parts) => void parts.entries.push({ key: 'x.y', type: 13, value: 0 }),
  ]);
  cases.push([
    'array of arrays',
    (parts) =>
      void parts.entries.push({
        key: 'x.y',
        type: ggufType.array,
        value: { itemType: ggufType.array, items: [] },
      }),
  ]);
  for (const value of [0, 3, 1, 64, 0x1_0000_0000 - 1])
    cases.push([`general.alignment=${value}`, setKey('general.alignment', u32(value))]);
  cases.push(['general.alignment as u64', setKey('general.alignment', { type: ggufType.u64, value: 32n })]);
  for (const version of [0, 1, 2, 4, 0xffff_ffff])
    cases.push([
      `version=${version}`,
      (parts) => {
        parts.version = version;
      },
    ]);
  for (const [name, count] of [
    ['+1', 1n],
    ['-1', -1n],
    ['2^40', 1n << 40n],
    ['2^63', 1n << 63n],
  ] as const) {
    cases.push([
      `tensor_count ${name}`,
      (parts) => {
        parts.tensorCount = name.startsWith('2') ? count : BigInt(parts.tensors.length) + count;
      },
    ]);
    cases.push([
      `kv_count ${name}`,
      (parts) => {
        parts.kvCount = name.startsWith('2') ? count : BigInt(parts.entries.length) + count;
      },
    ]);
  }
  const tensors = [
    'token_embd.weight',
    'output_norm.weight',
    'output.weight',
    'blk.0.attn_q.weight',
    'blk.1.ffn_down.weight',
    'blk.0.attn_norm.weight',
  ];
  for (const name of tensors) {
    cases.push([
      `${name} missing`,
      (parts) => {
        parts.tensors = parts.tensors.filter((each) => each.name !== name);
      },
    ]);
    cases.push([`${name} dims swapped`, editTensor(name, (each) => void each.dims.reverse())]);
    cases.push([
      `${name} first dim +1`,
      editTensor(name, (each) => {
        each.dims[0] = (each.dims[0] as bigint) + 1n;
      }),
    ]);
    cases.push([
      `${name} a zero dim`,
      editTensor(name, (each) => {
        each.dims[0] = 0n;
      }),
    ]);
    cases.push([`${name} no dims`, editTensor(name, (each) => void each.dims.splice(0))]);
    cases.push([`${name} five dims`, editTensor(name, (each) => void each.dims.push(1n, 1n, 1n, 1n))]);
    cases.push([
      `${name} dim 2^62`,
      editTensor(name, (each) => {
        each.dims[0] = 1n << 62n;
      }),
    ]);
    cases.push([
      `${name} dim 2^63+`,
      editTensor(name, (each) => {
        each.dims[0] = (1n << 64n) - 1n;
      }),
    ]);
    cases.push([
      `${name} type 99`,
      editTensor(name, (each) => {
        each.type = 99;
      }),
    ]);
    cases.push([
      `${name} type Q4_2 (removed)`,
      editTensor(name, (each) => {
        each.type = 4;
      }),
    ]);
    cases.push([
      `${name} type F16`,
      editTensor(name, (each) => {
        each.type = 1;
      }),
    ]);
    cases.push([
      `${name} type Q8_0`,
      editTensor(name, (each) => {
        each.type = 8;
      }),
    ]);
    cases.push([
      `${name} offset beyond file`,
      editTensor(name, (each, parts) => {
        each.offset = BigInt(parts.data.length) + 64n;
      }),
    ]);
    cases.push([
      `${name} offset 2^63`,
      editTensor(name, (each) => {
        each.offset = 1n << 63n;
      }),
    ]);
    cases.push([
      `${name} offset misaligned`,
      editTensor(name, (each) => {
        each.offset += 4n;
      }),
    ]);
    cases.push([
      `${name} duplicated`,
      (parts) => void parts.tensors.push({ ...tensor(parts, name), dims: [...tensor(parts, name).dims] }),
    ]);
    cases.push([
      `${name} renamed`,
      editTensor(name, (each) => {
        each.name = `${name}x`;
      }),
    ]);
  }
  cases.push([
    'blk.2 tensor extra',
    (parts) =>
      void parts.tensors.push({
        ...tensor(parts, 'blk.1.attn_q.weight'),
        name: 'blk.2.attn_q.weight',
        dims: [16n, 16n],
      }),
  ]);
  cases.push([
    'unknown tensor extra',
    (parts) =>
      void parts.tensors.push({ ...tensor(parts, 'output_norm.weight'), name: 'foo.weight', dims: [16n] }),
  ]);
  cases.push([
    'tensor name empty',
    editTensor('output_norm.weight', (each) => {
      each.name = '';
    }),
  ]);
  cases.push([
    'tensor name 100 chars',
    editTensor('output_norm.weight', (each) => {
      each.name = 'x'.repeat(100);
    }),
  ]);
  cases.push([
    'all blk.1 tensors missing',
    (parts) => {
      parts.tensors = parts.tensors.filter((each) => !each.name.startsWith('blk.1.'));
    },
  ]);
  cases.push([
    'two tensors at one offset',
    (parts) => {
      tensor(parts, 'blk.0.attn_k.weight').offset = tensor(parts, 'blk.0.attn_q.weight').offset;
    },
  ]);
  cases.push([
    'no tensors',
    (parts) => {
      parts.tensors = [];
    },
  ]);
  cases.push([
    'data section empty',
    (parts) => {
      parts.data = new Uint8Array(0);
    },
  ]);
  cases.push([
    'weights NaN',
    (parts) =>
      void new Float32Array(parts.data.buffer, parts.data.byteOffset, parts.data.byteLength / 4).fill(
        Number.NaN,
      ),
  ]);
  return cases;
}
