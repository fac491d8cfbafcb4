import type { SharedV4Warning } from '@ai-sdk/provider';
import type { ChatWrapper } from 'node-llama-cpp';

/** Options of node-llama-cpp's `resolveChatWrapper` that this module sets. */
export interface ChatWrapperResolution {
  fallbackToOtherWrappersOnJinjaError: boolean;
  noJinja?: boolean;
}

/**
 * The chat wrapper of a model, resolved once: its `tokenizer.chat_template` (as node-llama-cpp's
 * equivalent template, or the Jinja template itself), else the architecture's. A template that
 * node-llama-cpp cannot use (a Jinja syntax error, an unknown filter, a failed sanity render) used
 * to fall back to the architecture's wrapper with only a stack trace on the console: the fallback
 * stays (the model still answers), and every call says so in a `compatibility` warning.
 *
 * @param resolve node-llama-cpp's `resolveChatWrapper` for the model, with the given options.
 * @param path the model file, for the warning.
 * @returns the wrapper, and the warning when the model's own template could not be used.
 * @example
 * ```ts
 * const { chatWrapper, warning } = resolveLlamaChatWrapper((options) => resolveChatWrapper(model, options), path);
 * ```
 */
export function resolveLlamaChatWrapper(
  resolve: (options: ChatWrapperResolution) => ChatWrapper,
  path: string,
): { chatWrapper: ChatWrapper; warning?: SharedV4Warning } {
  try {
    return { chatWrapper: resolve({ fallbackToOtherWrappersOnJinjaError: false }) };
  } catch (error) {
    const chatWrapper = resolve({ fallbackToOtherWrappersOnJinjaError: true, noJinja: true });
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]?.slice(0, 300);
    return {
      chatWrapper,
      warning: {
        type: 'compatibility',
        feature: 'chat template',
        details: `${path}: its tokenizer.chat_template cannot be used (${reason}); prompts are written in node-llama-cpp's ${chatWrapper.wrapperName} format instead`,
      },
    };
  }
}
