import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ProviderError } from '@switchyard/core/failure';
import type { Llama } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkGgufFile, requiredGgufKeys } from './check-gguf-file.js';
import { loadLlama } from './load-llama.js';
import { type GgufParts, ggufType, readGgufParts, writeGgufParts } from './test-fixtures/edit-gguf.js';
import { tinyModelDir } from './test-fixtures/tiny-model.js';
import { createTinyGguf } from './testing/create-tiny-gguf.js';

let llama: Llama;
let fixture: Awaited<ReturnType<typeof tinyModelDir>>;
beforeAll(async () => {
  [llama, fixture] = await Promise.all([loadLlama(), tinyModelDir()]);
});
afterAll(() => fixture.remove());

const options = () => ({ llama, contextSize: 1024, sequences: 2 });
/** A model as small as a GGUF goes (the checks read only its header and its size): quick to write and read. */
const small = { embeddingLength: 8, headCount: 2, feedForwardLength: 8, blockCount: 1 } as const;

/** The failure `checkGgufFile` rejects with for the file at `path`. */
async function failureOf(path: string, extra: { maxMemoryBytes?: number } = {}) {
  const error = await checkGgufFile({ path, ...options(), ...extra }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(ProviderError.isInstance(error)).toBe(true);
  return (error as ProviderError).failure;
}

async function write(name: string, bytes: Uint8Array | string): Promise<string> {
  const path = join(fixture.dir, name);
  await writeFile(path, bytes);
  return path;
}

/** `small` with one thing broken by `edit`, written to `name`. */
async function broken(name: string, edit: (parts: GgufParts) => void): Promise<string> {
  const parts = readGgufParts(createTinyGguf(small));
  edit(parts);
  return write(name, writeGgufParts(parts));
}
const setKey =
  (key: string, type: number, value: GgufParts['entries'][number]['value']) => (parts: GgufParts) => {
    const entry = parts.entries.find((each) => each.key === key);
    if (entry === undefined) parts.entries.push({ key, type, value });
    else Object.assign(entry, { type, value });
  };
const u32 = (key: string, value: number) => setKey(key, ggufType.u32, value);
const tensorNamed = (parts: GgufParts, name: string) => {
  const found = parts.tensors.find((each) => each.name === name);
  if (found === undefined) throw new Error(`no tensor ${name}`);
  return found;
};
const itemsOf = (parts: GgufParts, key: string) => {
  const entry = parts.entries.find((each) => each.key === key);
  if (entry === undefined) throw new Error(`no key ${key}`);
  return (entry.value as { items: unknown[] }).items;
};

describe('checkGgufFile', () => {
  it('reads what a good file holds, without loading it', async () => {
    const check = await checkGgufFile({ path: fixture.path, ...options() });
    expect(check).toMatchObject({
      path: fixture.path,
      architecture: 'llama',
      name: 'switchyard-tiny',
      trainedContextLength: 4096,
    });
    expect(check.fileBytes).toBe((await readFile(fixture.path)).length);
    expect(check.weightsBytes).toBeGreaterThan(500_000);
    expect(check.estimatedMemoryBytes).toBeGreaterThan(check.weightsBytes);
  });

  it('cuts off the target for a missing file or a folder, naming the path', async () => {
    const missing = join(fixture.dir, 'nope.gguf');
    expect(await failureOf(missing)).toEqual({
      kind: 'cutoff',
      cutoffReason: 'model_not_found',
      scope: 'target',
      code: 'model_file_missing',
      message: `${missing}: no such file; expected a .gguf model file here`,
    });
    await mkdir(join(fixture.dir, 'folder.gguf'));
    expect(await failureOf(join(fixture.dir, 'folder.gguf'))).toMatchObject({
      code: 'model_file_unreadable',
      message: expect.stringContaining('not a file'),
    });
  });

  it('says a file that is not GGUF is not GGUF', async () => {
    expect(await failureOf(await write('text.gguf', 'this is a README, not weights\n'))).toMatchObject({
      kind: 'cutoff',
      code: 'model_file_not_gguf',
    });
    expect(await failureOf(await write('empty.gguf', ''))).toMatchObject({ code: 'model_file_not_gguf' });
  });

  it('finds a file cut in its header and one cut in its weights', async () => {
    const bytes = createTinyGguf(small);
    expect(await failureOf(await write('cut-header.gguf', bytes.subarray(0, 2_000)))).toMatchObject({
      code: 'model_file_truncated',
      message: expect.stringContaining('the header ends early'),
    });
    expect(
      await failureOf(await write('cut-weights.gguf', bytes.subarray(0, bytes.length - 100))),
    ).toMatchObject({
      code: 'model_file_truncated',
      message: expect.stringContaining(
        `${bytes.length - 100} bytes, but its tensors end at byte ${bytes.length}`,
      ),
    });
  });

  it.each([
    'llama.feed_forward_length',
    'llama.attention.head_count',
    'llama.context_length',
    'tokenizer.ggml.tokens',
  ])('names the missing key %s (llama.cpp would abort the process)', async (key) => {
    const path = await write(`without-${key}.gguf`, createTinyGguf({ ...small, omitKeys: [key] }));
    expect(await failureOf(path)).toMatchObject({
      kind: 'cutoff',
      code: 'model_metadata_missing',
      message: expect.stringContaining(`missing GGUF metadata ${key};`),
    });
  });

  it('needs one of the two norm epsilons of a transformer', async () => {
    const path = await write(
      'without-epsilon.gguf',
      createTinyGguf({ ...small, omitKeys: ['llama.attention.layer_norm_rms_epsilon'] }),
    );
    expect((await failureOf(path)).message).toContain(
      'llama.attention.layer_norm_rms_epsilon or llama.attention.layer_norm_epsilon',
    );
    expect(requiredGgufKeys('mamba').flat()).not.toContain('mamba.attention.head_count');
  });

  it('refuses a model larger than the memory it may use', async () => {
    expect(await failureOf(fixture.path, { maxMemoryBytes: 100_000 })).toMatchObject({
      kind: 'cutoff',
      code: 'model_too_large',
      message: expect.stringMatching(/needs about [\d.]+ MiB .* but may use 0\.1 MiB; lower contextSize/),
    });
  });

  // Each of these killed the process in llama.cpp (GGML_ASSERT, SIGABRT) before the check knew it.
  it.each<[string, (parts: GgufParts) => void, string]>([
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
  ])('names the value llama.cpp would abort on: %s', async (name, edit, message) => {
    expect(await failureOf(await broken(`${name}.gguf`, edit))).toMatchObject({
      kind: 'cutoff',
      cutoffReason: 'model_not_found',
      code: 'model_metadata_invalid',
      message: expect.stringContaining(message),
    });
  });

  it.each<[string, (parts: GgufParts) => void, string]>([
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
      'tokenizer.ggml.scores: expected an array of',
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
    [
      'a key twice',
      (parts) => {
        parts.entries.push({ key: 'llama.block_count', type: ggufType.u32, value: 1 });
      },
      '"llama.block_count" a second time',
    ],
    [
      'alignment 3',
      u32('general.alignment', 3),
      'general.alignment: expected a power of 2, e.g. 32; found 3',
    ],
  ])('names a value llama.cpp would refuse: %s', async (name, edit, message) => {
    expect(await failureOf(await broken(`${name}.gguf`, edit))).toMatchObject({
      code: 'model_metadata_invalid',
      message: expect.stringContaining(message),
    });
  });

  it.each<[string, (parts: GgufParts) => void, string]>([
    [
      'alignment 1 (data off the 32-byte grid)',
      u32('general.alignment', 1),
      'expected data at an offset that is a multiple of general.alignment (1), at a byte of the file that is a multiple of 32',
    ],
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
      (parts) => void itemsOf(parts, 'tokenizer.ggml.tokens').push('extra'),
      'GGUF tensor token_embd.weight: expected shape [8, ',
    ],
  ])('names the tensor llama.cpp would refuse or abort on: %s', async (name, edit, message) => {
    const parts = readGgufParts(createTinyGguf(small));
    // A vocabulary one longer keeps scores and types in step, so the tensor rule is what fails.
    if (name.startsWith('a vocabulary'))
      for (const key of ['tokenizer.ggml.scores', 'tokenizer.ggml.token_type']) itemsOf(parts, key).push(1);
    edit(parts);
    expect(await failureOf(await write(`${name}.gguf`, writeGgufParts(parts)))).toMatchObject({
      code: 'model_tensors_invalid',
      message: expect.stringContaining(message),
    });
  });

  it('says a tensor whose data runs past the end of the file is cut, naming it', async () => {
    const bytes = createTinyGguf(small);
    const path = await write('past-the-end.gguf', bytes.subarray(0, bytes.length - 4));
    expect(await failureOf(path)).toMatchObject({
      code: 'model_file_truncated',
      message: expect.stringContaining(
        `${bytes.length - 4} bytes, but its tensors end at byte ${bytes.length} (blk.0.ffn_down.weight); the file is cut`,
      ),
    });
  });

  it('names a tensor whose data is not where the previous one ends', async () => {
    const path = await broken('offset-gap.gguf', (parts) => {
      tensorNamed(parts, 'output_norm.weight').offset = BigInt(parts.data.length) + 64n;
    });
    expect(await failureOf(path)).toMatchObject({
      code: 'model_tensors_invalid',
      message: expect.stringContaining(
        "GGUF tensor output_norm.weight: expected data at offset 16544, where token_embd.weight's ends (padded to 32)",
      ),
    });
  });

  // node-llama-cpp's reader allocates what a string claims: 4 to 16 GiB aborted the Node process.
  it.each<[string, number, bigint, string]>([
    [
      'a key 4 GiB long',
      24,
      1n << 32n,
      'the key of key-value pair 0, at byte 24, is 4294967296 bytes, past the end of the file',
    ],
    ['a key 16 GiB long', 24, 1n << 34n, 'the key of key-value pair 0, at byte 24, is 17179869184 bytes'],
    [
      '2^40 key-value pairs',
      16,
      1n << 40n,
      'the key-value count, at byte 16, is 1099511627776 pairs, more than',
    ],
    ['2^40 tensors', 8, 1n << 40n, 'the tensor count, at byte 8, is 1099511627776 tensors, more than'],
  ])(
    'finds a length or count past the end of the file before reading it: %s',
    async (name, at, value, message) => {
      const bytes = createTinyGguf(small);
      new DataView(bytes.buffer, bytes.byteOffset).setBigUint64(at, value, true);
      expect(await failureOf(await write(`${name}.gguf`, bytes))).toMatchObject({
        code: 'model_file_truncated',
        message: expect.stringContaining(message),
      });
    },
  );

  it('says which GGUF versions llama.cpp reads', async () => {
    const path = await broken('version-4.gguf', (parts) => {
      parts.version = 4;
    });
    expect(await failureOf(path)).toMatchObject({
      code: 'model_unsupported',
      message: expect.stringContaining('the GGUF version is 4; llama.cpp reads versions 2 and 3'),
    });
  });
});
