import { createHash } from 'node:crypto';
import { readGgufFileInfo } from 'node-llama-cpp';
import { afterAll, describe, expect, it } from 'vitest';
import { tinyModelDir } from '../test-fixtures/tiny-model.js';
import { createTinyGguf, tinyGgufTokens, tinyGgufWords } from './create-tiny-gguf.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('createTinyGguf', () => {
  const fixture = tinyModelDir();
  afterAll(async () => (await fixture).remove());

  it('gives the same bytes for the same seed and other bytes for another seed', () => {
    // Small models for the seeds (the same code writes every size), the default one for the default seed.
    const small = { embeddingLength: 8, headCount: 2, feedForwardLength: 8, blockCount: 1 } as const;
    const first = createTinyGguf({ ...small, seed: 7 });
    expect(sha256(createTinyGguf({ ...small, seed: 7 }))).toBe(sha256(first));
    expect(sha256(createTinyGguf({ ...small, seed: 8 }))).not.toBe(sha256(first));
    expect(sha256(createTinyGguf())).toBe(sha256(createTinyGguf({ seed: 1 })));
  });

  it('writes a chat template only when given one', () => {
    const template = "{% for message in messages %}{{ '<|user|>' + message['content'] }}{% endfor %}";
    const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
    const small = { embeddingLength: 8, headCount: 2, feedForwardLength: 8, blockCount: 1 } as const;
    expect(text(createTinyGguf({ ...small, chatTemplate: template }))).toContain(`tokenizer.chat_template`);
    expect(text(createTinyGguf({ ...small, chatTemplate: template }))).toContain(template);
    expect(text(createTinyGguf(small))).not.toContain('tokenizer.chat_template');
  });

  it('is a few hundred KB', () => {
    const size = createTinyGguf().length;
    expect(size).toBeGreaterThan(200_000);
    expect(size).toBeLessThan(800_000);
  });

  it('writes a GGUF file whose header carries the llama metadata and the vocabulary', async () => {
    const info = await readGgufFileInfo((await fixture).path, {
      sourceType: 'filesystem',
      logWarnings: false,
    });
    const metadata = info.metadata as unknown as {
      general: { architecture: string; name: string };
      llama: {
        embedding_length: number;
        block_count: number;
        feed_forward_length: number;
        attention: { head_count: number };
      };
      tokenizer: { ggml: { model: string; tokens: string[]; token_type: number[] } };
    };
    expect(metadata.general).toMatchObject({ architecture: 'llama', name: 'switchyard-tiny' });
    expect(metadata.llama).toMatchObject({
      embedding_length: 64,
      block_count: 2,
      feed_forward_length: 128,
      attention: { head_count: 4 },
    });
    const { tokens, token_type } = metadata.tokenizer.ggml;
    expect(metadata.tokenizer.ggml.model).toBe('llama');
    expect(tokens.slice(0, 4)).toEqual(['<unk>', '<s>', '</s>', '<0x00>']);
    expect(tokens[tinyGgufTokens.firstCharacter]).toBe('\u2581');
    expect(tokens).toContain(`\u2581${tinyGgufWords[0]}`);
    expect(token_type[tinyGgufTokens.firstByte]).toBe(6);
    expect(info.tensorInfo?.map((tensor) => tensor.name)).toContain('blk.1.ffn_down.weight');
  });

  it('leaves out the keys it is told to, for broken-file tests', async () => {
    const bytes = createTinyGguf({
      omitKeys: ['llama.feed_forward_length'],
      embeddingLength: 8,
      headCount: 2,
    });
    const text = Buffer.from(bytes.subarray(0, 20_000)).toString('latin1');
    expect(text).not.toContain('llama.feed_forward_length');
    expect(text).toContain('llama.attention.head_count');
  });

  it('rejects sizes that make no model', () => {
    expect(() => createTinyGguf({ headCount: 5 })).toThrow('headCount (5) must divide embeddingLength (64)');
    expect(() => createTinyGguf({ blockCount: 0 })).toThrow('blockCount must be a positive integer; got 0');
    for (const seed of [1.5, 2 ** 32, -(2 ** 31) - 1, Number.NaN])
      expect(() => createTinyGguf({ seed })).toThrow(
        `seed must be a 32-bit integer (-2^31 to 2^32 - 1); got ${seed}`,
      );
    expect(() => createTinyGguf({ embeddingLength: 33, headCount: 1 })).toThrow(
      'embeddingLength / headCount (33 / 1) must be even',
    );
  });
});
