import type { JSONValue, LanguageModelV4Prompt, LanguageModelV4ToolResultOutput } from '@ai-sdk/provider';

/** Every string inside a JSON value (keys too), and its JSON text when it is not a string. */
function addJson(value: unknown, texts: string[]): void {
  if (typeof value === 'string') {
    texts.push(value);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  texts.push(JSON.stringify(value) ?? '');
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const next = stack.pop();
    if (typeof next === 'string') texts.push(next);
    else if (Array.isArray(next)) for (const item of next) stack.push(item);
    else if (next !== null && typeof next === 'object') {
      for (const [key, item] of Object.entries(next)) {
        texts.push(key);
        stack.push(item);
      }
    }
  }
}

/** A file's texts: its name, its text when given as text, and its URL when given by one. */
function addFile(
  file: { readonly filename?: string | undefined; readonly data: { readonly type: string } },
  texts: string[],
): void {
  if (file.filename !== undefined) texts.push(file.filename);
  const data = file.data as
    | { type: 'text'; text: string }
    | { type: 'url'; url: URL; originalUrl?: string }
    | { type: string };
  if (data.type === 'text') texts.push((data as { text: string }).text);
  else if (data.type === 'url') {
    const { url, originalUrl } = data as { url: URL; originalUrl?: string };
    texts.push(url.href);
    if (originalUrl !== undefined) texts.push(originalUrl);
  }
}

function addToolOutput(output: LanguageModelV4ToolResultOutput, texts: string[]): void {
  switch (output.type) {
    case 'text':
    case 'error-text':
      texts.push(output.value);
      return;
    case 'json':
    case 'error-json':
      addJson(output.value as JSONValue, texts);
      return;
    case 'execution-denied':
      if (output.reason !== undefined) texts.push(output.reason);
      return;
    case 'content':
      for (const part of output.value) {
        if (part.type === 'text') texts.push(part.text);
        else if (part.type === 'file') addFile(part, texts);
      }
      return;
  }
}

/**
 * The texts of a prompt a provider's error could quote: system messages, the
 * text and reasoning of user and assistant messages, tool-call inputs (every
 * string inside them and their JSON text), tool results (text, JSON, content
 * text, error text, a denial's reason), a tool approval's reason, and of
 * files (in messages and tool results) their name, their text when given as
 * text and their URL when given by one (a presigned URL can name a person's
 * file). Bytes, base64 and provider references are not read: providers do
 * not quote them. What {@link redactQuotedText} removes from a
 * failure's message when prompts are not recorded.
 *
 * @param prompt the prompt of a call.
 * @returns its texts, in order (empty ones left out).
 * @example
 * ```ts
 * promptTexts([{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }]); // ['Hello']
 * ```
 */
export function promptTexts(prompt: LanguageModelV4Prompt): string[] {
  const texts: string[] = [];
  for (const message of prompt) {
    if (message.role === 'system') {
      texts.push(message.content);
      continue;
    }
    for (const part of message.content) {
      switch (part.type) {
        case 'text':
        case 'reasoning':
          texts.push(part.text);
          break;
        case 'tool-call':
          addJson(part.input, texts);
          break;
        case 'tool-result':
          addToolOutput(part.output, texts);
          break;
        case 'file':
        case 'reasoning-file':
          addFile(part, texts);
          break;
        case 'tool-approval-response':
          if (part.reason !== undefined) texts.push(part.reason);
          break;
      }
    }
  }
  return texts.filter((text) => text !== '');
}
