import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { rejectedFailure } from '@switchyard/core/testing';
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
import { ggufType, readGgufParts, writeGgufParts } from './test-fixtures/edit-gguf.js';
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
function failureOf(path: string, extra: { maxMemoryBytes?: number } = {}) {
  return rejectedFailure(checkGgufFile({ path, ...options(), ...extra }));
}

async function write(name: string, bytes: Uint8Array | string): Promise<string> {
  const path = join(fixture.dir, name);
  await writeFile(path, bytes);
  return path;
}

type Case = BrokenGgufCase;

/** A broken file: its name, its bytes, the code and what the message must say. */
type FileCase = [name: string, bytes: () => Uint8Array, code: string, message: string];

let smallBytes: Uint8Array | undefined;
/** A case of `broken-gguf-cases.ts`: `small` with its one thing broken. */
function parts([name, edit, message]: Case, code: string): FileCase {
  return [
    name,
    () => {
      smallBytes ??= createTinyGguf(small);
      const each = readGgufParts(smallBytes);
      edit(each);
      return writeGgufParts(each);
    },
    code,
    message,
  ];
}

/** `small` with the u64 at byte `at` of its header (a count, a length) set to `value`. */
function raw(name: string, at: number, value: bigint, message: string): FileCase {
  return [
    name,
    () => {
      const bytes = createTinyGguf(small);
      new DataView(bytes.buffer, bytes.byteOffset).setBigUint64(at, value, true);
      return bytes;
    },
    'model_file_truncated',
    message,
  ];
}

/** Each case's file checked in turn: what the check said. */
async function fileFailures(cases: readonly FileCase[]) {
  const found: { name: string; code: string | undefined; message: string }[] = [];
  for (const [name, bytes] of cases) {
    const failure = await failureOf(await write(`${name}.gguf`, bytes()));
    found.push({ name, code: failure.code, message: failure.message });
  }
  return found;
}
const expectedOf = (cases: readonly FileCase[]) =>
  cases.map(([name, , code, message]) => ({ name, code, message: expect.stringContaining(message) }));

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

  // Each of these killed the process (a GGML_ASSERT in llama.cpp, or Node itself on the 4-16 GiB
  // buffer node-llama-cpp's reader allocated for a string that long) before the check knew it.
  // Every rule has its cases in `gguf-metadata-problem.test.ts` and `gguf-tensor-problem.test.ts`;
  // these go through the file, in one test (each test that reads costs a collection).
  it('names what llama.cpp would abort the process on, before anything reads the file', async () => {
    const abort = (name: string) => abortCases.find(([each]) => each === name) as Case;
    const cases: FileCase[] = [
      parts(abort('block_count 0'), 'model_metadata_invalid'),
      parts(abort('tokens empty'), 'model_metadata_invalid'),
      parts(abort('a SentencePiece vocabulary without byte tokens'), 'model_metadata_invalid'),
      parts(
        [
          'alignment 1 (data off the 32-byte grid)',
          u32('general.alignment', 1),
          'expected data at an offset that is a multiple of general.alignment (1), at a byte of the file that is a multiple of 32',
        ],
        'model_tensors_invalid',
      ),
      raw(
        'a key 4 GiB long',
        24,
        1n << 32n,
        'the key of key-value pair 0, at byte 24, is 4294967296 bytes, past the end of the file',
      ),
      raw(
        'a key 16 GiB long',
        24,
        1n << 34n,
        'the key of key-value pair 0, at byte 24, is 17179869184 bytes',
      ),
      raw(
        '2^40 key-value pairs',
        16,
        1n << 40n,
        'the key-value count, at byte 16, is 1099511627776 pairs, more than',
      ),
      raw('2^40 tensors', 8, 1n << 40n, 'the tensor count, at byte 8, is 1099511627776 tensors, more than'),
    ];
    expect(await fileFailures(cases)).toEqual(expectedOf(cases));
  });

  it('names what llama.cpp would refuse: the key or tensor, what was expected and found', async () => {
    const bytes = createTinyGguf(small);
    const cases: FileCase[] = [
      parts(refuseCases[0] as Case, 'model_metadata_invalid'),
      parts(
        [
          'a key twice',
          (each) => {
            each.entries.push({ key: 'llama.block_count', type: ggufType.u32, value: 1 });
          },
          '"llama.block_count" a second time',
        ],
        'model_metadata_invalid',
      ),
      parts(tensorCases[0] as Case, 'model_tensors_invalid'),
      parts(
        [
          'offset gap',
          (each) => {
            tensorNamed(each, 'output_norm.weight').offset = BigInt(each.data.length) + 64n;
          },
          "GGUF tensor output_norm.weight: expected data at offset 16544, where token_embd.weight's ends (padded to 32)",
        ],
        'model_tensors_invalid',
      ),
      [
        'cut in a tensor',
        () => bytes.subarray(0, bytes.length - 4),
        'model_file_truncated',
        `${bytes.length - 4} bytes, but its tensors end at byte ${bytes.length} (blk.0.ffn_down.weight); the file is cut`,
      ],
      parts(
        [
          'version 4',
          (each) => {
            each.version = 4;
          },
          'the GGUF version is 4; llama.cpp reads versions 2 and 3',
        ],
        'model_unsupported',
      ),
    ];
    const found = await fileFailures(cases);
    expect(found).toEqual(expectedOf(cases));
    expect(found[0]?.message).toMatch(
      /^\/.+\/a 64-bit embedding_length\.gguf: GGUF metadata llama\.embedding_length: expected an unsigned 32-bit integer; found 8 \(a 64-bit integer\)\. llama\.cpp would refuse the file or abort the process on it$/,
    );
  });
});
