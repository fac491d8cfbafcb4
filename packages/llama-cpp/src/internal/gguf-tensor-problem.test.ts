import { describe, expect, it } from 'vitest';
import { tensorCases } from '../test-fixtures/broken-gguf-cases.js';
import { type GgufParts, readGgufParts } from '../test-fixtures/edit-gguf.js';
import { ggufPartsInfo, testGgmlTypeSizes } from '../test-fixtures/gguf-parts-info.js';
import { createTinyGguf } from '../testing/create-tiny-gguf.js';
import { denseLayerSizes } from './dense-layer-sizes.js';
import { ggufTensorProblem } from './gguf-tensor-problem.js';

const small = createTinyGguf({ embeddingLength: 8, headCount: 2, feedForwardLength: 8, blockCount: 1 });

/** The problem of `small` with `edit`, as the check words it. */
function problemOf(edit: (parts: GgufParts) => void): string | undefined {
  const parts = readGgufParts(small);
  edit(parts);
  const { flat, tensors, dataStart, fileBytes } = ggufPartsInfo(parts);
  const problem = ggufTensorProblem({
    tensors,
    dataStart,
    fileBytes,
    alignment: typeof flat['general.alignment'] === 'number' ? flat['general.alignment'] : 32,
    sizes: testGgmlTypeSizes,
    embedding: flat['llama.embedding_length'] as number,
    vocabulary: (flat['tokenizer.ggml.tokens'] as unknown[]).length,
    blockCount: flat['llama.block_count'] as number,
    layered: denseLayerSizes(flat, 'llama'),
  });
  return problem && `GGUF tensor ${problem.tensor}: expected ${problem.expected}; found ${problem.found}`;
}

describe('ggufTensorProblem', () => {
  it('finds nothing wrong with a good model', () => {
    expect(problemOf(() => {})).toBeUndefined();
  });

  it.each(tensorCases)('names the tensor, what was expected and found: %s', (_, edit, message) => {
    expect(problemOf(edit)).toContain(message);
  });

  it('asks for every layer only of a model whose layers are blk.N (not an encoder-decoder)', () => {
    expect(
      problemOf((parts) => {
        for (const tensor of parts.tensors) tensor.name = tensor.name.replace(/^blk\./, 'dec.blk.');
      }),
    ).toBe('GGUF tensor blk.0.attn_norm.weight: expected a tensor of shape [8]; found none');
  });

  it('says where a cut file ends, for the check to call it cut', () => {
    const parts = readGgufParts(small);
    const { tensors, dataStart, fileBytes } = ggufPartsInfo(parts);
    const problem = ggufTensorProblem({
      tensors,
      dataStart,
      fileBytes: fileBytes - 4,
      alignment: 32,
      sizes: testGgmlTypeSizes,
      embedding: 8,
      vocabulary: 0,
      blockCount: 1,
    });
    expect(problem).toMatchObject({ tensor: 'blk.0.ffn_down.weight', cutAt: fileBytes });
  });
});
