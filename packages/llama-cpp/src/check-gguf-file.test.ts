import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ProviderError } from '@switchyard/core/failure';
import type { Llama } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkGgufFile, requiredGgufKeys } from './check-gguf-file.js';
import { loadLlama } from './load-llama.js';
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
});
