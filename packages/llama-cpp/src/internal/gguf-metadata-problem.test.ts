import { describe, expect, it } from 'vitest';
import { abortCases, itemsOf, refuseCases, setKey, u32 } from '../test-fixtures/broken-gguf-cases.js';
import { type GgufParts, ggufType, readGgufParts } from '../test-fixtures/edit-gguf.js';
import { ggufPartsInfo } from '../test-fixtures/gguf-parts-info.js';
import { createTinyGguf } from '../testing/create-tiny-gguf.js';
import { ggufMetadataProblem } from './gguf-metadata-problem.js';

const small = createTinyGguf({ embeddingLength: 8, headCount: 2, feedForwardLength: 8, blockCount: 1 });

/** The problem of `small` with `edit`, as the check words it. */
function problemOf(edit: (parts: GgufParts) => void, architecture = 'llama'): string | undefined {
  const parts = readGgufParts(small);
  edit(parts);
  const problem = ggufMetadataProblem(ggufPartsInfo(parts).flat, architecture, architecture !== 'mamba');
  return problem && `${problem.key}: expected ${problem.expected}; found ${problem.found}`;
}

describe('ggufMetadataProblem', () => {
  it('finds nothing wrong with a good model', () => {
    expect(problemOf(() => {})).toBeUndefined();
  });

  it.each([...abortCases, ...refuseCases])(
    'names the key, what was expected and found: %s',
    (_, edit, message) => {
      expect(problemOf(edit)).toContain(message);
    },
  );

  it.each<[string, (parts: GgufParts) => void, string]>([
    ['block_count 513', u32('llama.block_count', 513), 'llama.block_count: expected 1 to 512 layers'],
    [
      'context_length 0',
      u32('llama.context_length', 0),
      'llama.context_length: expected at least 1; found 0',
    ],
    [
      'more experts than llama.cpp allows',
      u32('llama.expert_count', 1025),
      'llama.expert_count: expected at most 1024',
    ],
    [
      'more experts used than there are',
      (parts) => {
        u32('llama.expert_count', 4)(parts);
        u32('llama.expert_used_count', 5)(parts);
      },
      'llama.expert_used_count: expected at most llama.expert_count (4); found 5',
    ],
    [
      'experts, none used',
      (parts) => {
        u32('llama.expert_count', 4)(parts);
        u32('llama.expert_used_count', 0)(parts);
      },
      'llama.expert_used_count: expected 1 to llama.expert_count (4); found 0',
    ],
    [
      'an unknown rope scaling',
      setKey('llama.rope.scaling.type', ggufType.string, 'cubic'),
      'llama.rope.scaling.type: expected one of none, linear, yarn, longrope; found "cubic"',
    ],
    [
      'an odd head size (rope over the whole head)',
      (parts) => {
        parts.entries = parts.entries.filter((entry) => entry.key !== 'llama.rope.dimension_count');
        u32('llama.embedding_length', 6)(parts);
        u32('llama.attention.head_count', 2)(parts);
      },
      "llama.attention.head_count: expected heads of an even size, all of which rope rotates (llama.cpp's rope asserts on an odd size; here 3); found 2",
    ],
    [
      'an epsilon of Infinity',
      setKey('llama.attention.layer_norm_rms_epsilon', ggufType.f32, Number.POSITIVE_INFINITY),
      'expected a finite number ≥ 0; found Infinity',
    ],
  ])('knows llama.cpp’s other limits: %s', (_, edit, message) => {
    expect(problemOf(edit)).toContain(message);
  });

  it('refuses an odd number of rotary dimensions in any architecture with rope, none without', () => {
    const asQwen2 = (parts: GgufParts) => {
      for (const entry of parts.entries) entry.key = entry.key.replace(/^llama\./, 'qwen2.');
    };
    const oddHeads = (prefix: string) => (parts: GgufParts) => {
      parts.entries = parts.entries.filter((entry) => entry.key !== 'llama.rope.dimension_count');
      for (const entry of parts.entries) entry.key = entry.key.replace(/^llama\./, `${prefix}.`);
      u32(`${prefix}.embedding_length`, 6)(parts);
      u32(`${prefix}.attention.head_count`, 2)(parts);
    };
    expect(
      problemOf((parts) => {
        asQwen2(parts);
        u32('qwen2.rope.dimension_count', 3)(parts);
      }, 'qwen2'),
    ).toBe(
      "qwen2.rope.dimension_count: expected an even number (llama.cpp's rope asserts on an odd number of rotary dimensions); found 3",
    );
    expect(problemOf(oddHeads('qwen2'), 'qwen2')).toContain(
      'qwen2.attention.head_count: expected heads of an even size',
    );
    // GPT-2 has absolute positions: an odd head size is llama.cpp's to run.
    expect(problemOf(oddHeads('gpt2'), 'gpt2')).toBeUndefined();
  });

  it('accepts empty tokens (llama.cpp names each by its id) and more scores than tokens, as llama.cpp does', () => {
    expect(
      problemOf((parts) => {
        const tokens = itemsOf(parts, 'tokenizer.ggml.tokens');
        tokens[300] = '';
        tokens[301] = '';
        setKey('tokenizer.ggml.scores', ggufType.array, {
          itemType: ggufType.f32,
          items: [...tokens.map(() => 0), 0],
        })(parts);
      }),
    ).toBeUndefined();
  });

  it('accepts what real models hold: per-layer arrays, key lengths, a recurrent model without heads', () => {
    const perLayer = (parts: GgufParts) => {
      setKey('llama.feed_forward_length', ggufType.array, { itemType: ggufType.u32, items: [8] })(parts);
      setKey('llama.attention.head_count_kv', ggufType.array, { itemType: ggufType.u32, items: [1] })(parts);
    };
    expect(problemOf(perLayer)).toBeUndefined();
    // Gemma: heads of 256 whatever the embedding; no rope rule outside llama's family.
    const keyLength = (parts: GgufParts) => {
      for (const entry of parts.entries) entry.key = entry.key.replace(/^llama\./, 'gemma.');
      u32('gemma.attention.head_count', 3)(parts);
      u32('gemma.attention.head_count_kv', 1)(parts);
      u32('gemma.attention.key_length', 256)(parts);
      u32('gemma.rope.dimension_count', 256)(parts);
    };
    expect(problemOf(keyLength, 'gemma')).toBeUndefined();
    const recurrent = (parts: GgufParts) => {
      for (const entry of parts.entries) entry.key = entry.key.replace(/^llama\./, 'mamba.');
      parts.entries = parts.entries.filter((entry) => !entry.key.startsWith('mamba.attention.head'));
    };
    expect(problemOf(recurrent, 'mamba')).toBeUndefined();
  });
});
