import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ProviderError } from '@switchyard/core/failure';
import type { Llama } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkGgufFile, requiredGgufKeys } from './check-gguf-file.js';
import { loadLlama } from './load-llama.js';
import {
  abortCases,
  type BrokenGgufCase,
  refuseCases,
  tensorCases,
  tensorNamed,
  u32,
} from './test-fixtures/broken-gguf-cases.js';
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

let smallBytes: Uint8Array | undefined;
/** `small` with one thing broken by `edit`, written to `name`. */
async function broken(name: string, edit: (parts: GgufParts) => void): Promise<string> {
  smallBytes ??= createTinyGguf(small);
  const parts = readGgufParts(smallBytes);
  edit(parts);
  return write(name, writeGgufParts(parts));
}
type Case = BrokenGgufCase;

/**
 * Each case's file checked in turn, in one test: each test that reads a GGUF costs a garbage
 * collection (`collect-garbage.ts`), ~40 ms, and the package's test run has a 5 s goal.
 */
async function failuresOf(cases: readonly Case[]) {
  const found: { name: string; code: string | undefined; message: string }[] = [];
  for (const [name, edit] of cases) {
    const failure = await failureOf(await broken(`${name}.gguf`, edit));
    found.push({ name, code: failure.code, message: failure.message });
  }
  return found;
}
const expected = (cases: readonly Case[], code: string) =>
  cases.map(([name, , message]) => ({ name, code, message: expect.stringContaining(message) }));

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
  it('names each value llama.cpp would abort the process on', async () => {
    // Every such value has its case in `gguf-metadata-problem.test.ts`; these go through the file.
    const cases = abortCases.filter(([name]) =>
      [
        'block_count 0',
        'head_count 0',
        'tokens empty',
        'a SentencePiece vocabulary without byte tokens',
      ].includes(name),
    );
    expect(cases).toHaveLength(4);
    expect(await failuresOf(cases)).toEqual(expected(cases, 'model_metadata_invalid'));
  });

  it('names a value llama.cpp would refuse, and a key twice', async () => {
    // Every rule has its case in `gguf-metadata-problem.test.ts`; through the file, the message
    // names the file, the key, what was expected and what was found.
    const cases: Case[] = [
      refuseCases[0] as Case,
      [
        'a key twice',
        (parts) => {
          parts.entries.push({ key: 'llama.block_count', type: ggufType.u32, value: 1 });
        },
        '"llama.block_count" a second time',
      ],
    ];
    const found = await failuresOf(cases);
    expect(found).toEqual(expected(cases, 'model_metadata_invalid'));
    expect(found[0]?.message).toMatch(
      /^\/.+\/a 64-bit embedding_length\.gguf: GGUF metadata llama\.embedding_length: expected an unsigned 32-bit integer; found 8 \(a 64-bit integer\)\. llama\.cpp would refuse the file or abort the process on it$/,
    );
  });

  it('names a tensor llama.cpp would abort the process on or refuse', async () => {
    // Every rule has its case in `gguf-tensor-problem.test.ts`.
    const cases: Case[] = [
      [
        'alignment 1 (data off the 32-byte grid)',
        u32('general.alignment', 1),
        'expected data at an offset that is a multiple of general.alignment (1), at a byte of the file that is a multiple of 32',
      ],
      tensorCases[0] as Case,
    ];
    expect(await failuresOf(cases)).toEqual(expected(cases, 'model_tensors_invalid'));
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
  it('finds each length or count past the end of the file before reading it', async () => {
    const cases: [string, number, bigint, string][] = [
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
    ];
    const found = [];
    for (const [name, at, value] of cases) {
      const bytes = createTinyGguf(small);
      new DataView(bytes.buffer, bytes.byteOffset).setBigUint64(at, value, true);
      const { code, message } = await failureOf(await write(`${name}.gguf`, bytes));
      found.push({ name, code, message });
    }
    expect(found).toEqual(
      cases.map(([name, , , message]) => ({
        name,
        code: 'model_file_truncated',
        message: expect.stringContaining(message),
      })),
    );
  });

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
