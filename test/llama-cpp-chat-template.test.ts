import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLlamaCpp } from '@switchyard/llama-cpp';
import { writeTinyGguf } from '@switchyard/llama-cpp/testing';
import { generateText } from 'ai';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * A model's `tokenizer.chat_template` through node-llama-cpp's real resolution (issue 17): a usable
 * template is used without a word; one node-llama-cpp cannot use still lets the model answer in its
 * architecture's format, and every call says so. Here, not in the package's tests: each template is
 * a model load, and node-llama-cpp's Jinja renderer costs the package's run ~5 MB of peak RSS.
 */
const chatMl =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

// The AI SDK logs every warning to the console; these are expected.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

describe('a chat template in the model file', () => {
  const dir = mkdtemp(join(tmpdir(), 'switchyard-chat-template-'));
  const provider = createLlamaCpp({ sequences: 1, contextSize: 256 });
  afterAll(async () => {
    await provider.close();
    await rm(await dir, { recursive: true, force: true });
  });
  const answer = async (name: string, chatTemplate: string) => {
    const path = join(await dir, `${name}.gguf`);
    await writeTinyGguf({ path, seed: 7, chatTemplate });
    return generateText({ model: provider(path), prompt: 'Hello', maxOutputTokens: 4, maxRetries: 0 });
  };

  it('is used when node-llama-cpp can, with no warning', async () => {
    const result = await answer('chatml', chatMl);
    expect(result.usage.outputTokens).toBe(4);
    expect(result.warnings).toEqual([]);
  });

  it('that node-llama-cpp cannot use still answers, with a warning on the call naming the file and why', async () => {
    for (const [name, template, why] of [
      ['syntax', '{% for message in messages %}{{ message.content ', 'Expected }}'],
      [
        'filter',
        '{% for message in messages %}{{ message.content | nosuchfilter }}{% endfor %}',
        'nosuchfilter',
      ],
    ] as const) {
      const result = await answer(name, template);
      expect(result.usage.outputTokens).toBe(4);
      expect(result.warnings).toEqual([
        {
          type: 'compatibility',
          feature: 'chat template',
          details: expect.stringMatching(
            new RegExp(
              `^${join(await dir, `${name}.gguf`)}: its tokenizer\\.chat_template cannot be used \\(.*${why}.*\\); prompts are written in node-llama-cpp's \\w+ format instead$`,
            ),
          ),
        },
      ]);
    }
  });
});
