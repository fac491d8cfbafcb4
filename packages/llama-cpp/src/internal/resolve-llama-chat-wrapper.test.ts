import { type ChatWrapper, GeneralChatWrapper, Llama2ChatWrapper } from 'node-llama-cpp';
import { describe, expect, it } from 'vitest';
import { type ChatWrapperResolution, resolveLlamaChatWrapper } from './resolve-llama-chat-wrapper.js';

// node-llama-cpp's own resolution with real templates (a syntax error, an unknown filter) is in the
// repository's test/llama-cpp-chat-template.test.ts: its Jinja renderer costs this package's
// test run ~5 MB of peak RSS.
describe('resolveLlamaChatWrapper', () => {
  it("asks node-llama-cpp for the model's template without its silent fallback, and gives no warning when it is usable", () => {
    const asked: ChatWrapperResolution[] = [];
    const wrapper = new GeneralChatWrapper();
    const resolved = resolveLlamaChatWrapper((resolution) => {
      asked.push(resolution);
      return wrapper;
    }, '/models/m.gguf');
    expect(resolved).toEqual({ chatWrapper: wrapper });
    expect(asked).toEqual([{ fallbackToOtherWrappersOnJinjaError: false }]);
  });

  it('falls back to the architecture when the template cannot be used, and says so, naming the file and why', () => {
    // node-llama-cpp fell back with only a stack trace on the console: calls never learnt the
    // model's prompts were written in another format than its own.
    const asked: ChatWrapperResolution[] = [];
    const fallback = new Llama2ChatWrapper();
    const resolved = resolveLlamaChatWrapper((resolution): ChatWrapper => {
      asked.push(resolution);
      if (!resolution.fallbackToOtherWrappersOnJinjaError)
        throw new Error(
          'The provided Jinja template failed the sanity test: Unknown filter: tojsonx\n    at ...',
        );
      return fallback;
    }, '/models/m.gguf');
    expect(asked).toEqual([
      { fallbackToOtherWrappersOnJinjaError: false },
      { fallbackToOtherWrappersOnJinjaError: true, noJinja: true },
    ]);
    expect(resolved).toEqual({
      chatWrapper: fallback,
      warning: {
        type: 'compatibility',
        feature: 'chat template',
        details:
          "/models/m.gguf: its tokenizer.chat_template cannot be used (The provided Jinja template failed the sanity test: Unknown filter: tojsonx); prompts are written in node-llama-cpp's Llama2Chat format instead",
      },
    });
  });
});
