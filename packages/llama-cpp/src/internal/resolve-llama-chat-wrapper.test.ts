import { type GgufFileInfo, resolveChatWrapper } from 'node-llama-cpp';
import { describe, expect, it } from 'vitest';
import { resolveLlamaChatWrapper } from './resolve-llama-chat-wrapper.js';

/** node-llama-cpp's resolution from a file's metadata (no model load: only the template is read). */
const resolveFor = (chatTemplate: string | undefined) => {
  const fileInfo = {
    metadata: {
      general: { architecture: 'llama' },
      tokenizer: {
        ggml: { model: 'llama' },
        ...(chatTemplate === undefined ? {} : { chat_template: chatTemplate }),
      },
    },
  } as unknown as GgufFileInfo;
  return resolveLlamaChatWrapper(
    (resolution) => resolveChatWrapper({ fileInfo, ...resolution }) ?? expect.fail('no chat wrapper'),
    '/models/m.gguf',
  );
};

describe('resolveLlamaChatWrapper', () => {
  it("uses the architecture's without a template, with no warning", () => {
    expect(resolveFor(undefined)).toEqual({
      chatWrapper: expect.objectContaining({ wrapperName: 'General' }),
    });
  });

  it('falls back to the architecture when the template cannot be used, and says so, naming the file and why', () => {
    // node-llama-cpp fell back with only a stack trace on the console: calls never learnt the
    // model's prompts were written in another format than its own.
    for (const [template, why] of [
      ['{% for message in messages %}{{ message.content ', 'Unexpected end of input'],
      ['{% for message in messages %}{{ message.content | nosuchfilter }}{% endfor %}', 'nosuchfilter'],
    ] as const) {
      const { chatWrapper, warning } = resolveFor(template);
      expect(chatWrapper.wrapperName).toBe('General');
      expect(warning).toEqual({
        type: 'compatibility',
        feature: 'chat template',
        details: expect.stringMatching(
          /^\/models\/m\.gguf: its tokenizer\.chat_template cannot be used \(.*\); prompts are written in node-llama-cpp's General format instead$/,
        ),
      });
      expect(warning?.type === 'compatibility' && warning.details).toContain(why);
    }
  });
});
