// The bad model files of the fuzz harness (`fuzz-gguf.ts`): structured mutations of a tiny GGUF
// (`gguf-structured-mutations.ts`: one broken value, type, count, tensor info or vocabulary array
// each), then seeded random byte flips and truncations of its header. Deterministic: the same seed gives the same files.
import { readGgufParts, writeGgufParts } from '../src/test-fixtures/edit-gguf.js';
import { createTinyGguf } from '../src/testing/create-tiny-gguf.js';
import { seededRandom } from '../src/testing/seeded-random.js';
import { type Edit, structuredMutations } from './gguf-structured-mutations.js';

/**
 * The mutations that killed the process (SIGABRT: a `GGML_ASSERT`, an uncaught C++ exception, or
 * Node aborting on a 4-16 GiB buffer node-llama-cpp's reader allocated) before the check knew them.
 */
export const killedTheProcess: readonly string[] = [
  'llama.block_count=0',
  'llama.feed_forward_length=0',
  'llama.attention.head_count=0',
  'llama.attention.head_count_kv=0',
  'layer_norm_rms_epsilon=-1',
  'layer_norm_rms_epsilon=NaN',
  'tokenizer.ggml.model="bert"',
  'tokenizer.ggml.model="none"',
  'tokenizer.ggml.model="no_vocab"',
  'tokenizer.ggml.tokens empty',
  'tokenizer.ggml.tokens duplicated',
  'general.alignment=1',
  'byte tokens renamed (no newline, no byte fallback)',
  'no byte tokens and no characters',
  'first key length 2^32',
  'first key length 2^34',
  'flip 5010^1',
  // Header strings whose length a flipped bit made 4-16 GiB: Node aborted in node-llama-cpp's reader.
  'flip 8078^16,554^2,8147^2,2030^32',
  'flip 2655^64,10193^1,2399^32',
  'flip 2962^2,3584^4,3798^32',
];

/** One bad model file: a name saying what was broken, and its bytes. */
export interface GgufMutation {
  readonly id: string;
  readonly bytes: () => Uint8Array;
}

/** The base model: 16 wide, 4 heads, 2 layers (small enough that a case loads in milliseconds). */
export const fuzzBaseOptions = { embeddingLength: 16, headCount: 4, feedForwardLength: 16, blockCount: 2 };

/** Raw byte edits of a good file: huge string lengths, flips and cuts. */
function raw(good: Uint8Array, seed: number, randomCases: number): GgufMutation[] {
  const parts = readGgufParts(good);
  const infoEnd = good.length - parts.data.length;
  const edited = (id: string, edit: (bytes: Uint8Array, view: DataView) => void): GgufMutation => ({
    id,
    bytes: () => {
      const bytes = good.slice();
      edit(bytes, new DataView(bytes.buffer));
      return bytes;
    },
  });
  // The first key's length sits right after the 24-byte header.
  const cases = [
    edited('first key length 2^28', (_, view) => view.setBigUint64(24, 1n << 28n, true)),
    edited('first key length 2^32', (_, view) => view.setBigUint64(24, 1n << 32n, true)),
    edited('first key length 2^34', (_, view) => view.setBigUint64(24, 1n << 34n, true)),
    edited('first key length 2^40', (_, view) => view.setBigUint64(24, 1n << 40n, true)),
    edited('first key length 2^64-1', (_, view) => view.setBigUint64(24, (1n << 64n) - 1n, true)),
    edited('first key length past the end', (bytes, view) =>
      view.setBigUint64(24, BigInt(bytes.length), true),
    ),
  ];
  const random = seededRandom(seed);
  const pick = (below: number) => Math.floor(random() * below);
  for (let index = 0; index < randomCases; index++) {
    if (index % 4 === 3) {
      const at = pick(infoEnd + 64);
      cases.push({ id: `cut at byte ${at}`, bytes: () => good.slice(0, at) });
      continue;
    }
    const flips = Array.from({ length: 1 + pick(4) }, () => [pick(infoEnd), 1 << pick(8)] as const);
    cases.push(
      edited(`flip ${flips.map(([at, bit]) => `${at}^${bit}`).join(',')}`, (bytes) => {
        for (const [at, bit] of flips) bytes[at] = (bytes[at] as number) ^ bit;
      }),
    );
  }
  return cases;
}

/**
 * Every bad file of the harness: the structured mutations, then `randomCases` seeded byte edits of
 * the header.
 *
 * @param options.seed seed of the random edits.
 * @param options.randomCases how many random edits.
 * @returns the mutations, in a fixed order.
 */
export function ggufMutations(options: { seed: number; randomCases: number }): GgufMutation[] {
  const good = createTinyGguf(fuzzBaseOptions);
  const mutate = (edit: Edit) => () => {
    const parts = readGgufParts(good);
    edit(parts);
    return writeGgufParts(parts);
  };
  return [
    { id: 'good', bytes: () => good },
    ...structuredMutations().map(([id, edit]) => ({ id, bytes: mutate(edit) })),
    ...raw(good, options.seed, options.randomCases),
  ];
}
