import type { LanguageModelV4FilePart } from '@ai-sdk/provider';
import { invalidPrompt, toBase64 } from '@switchyard/core';
import type { AnthropicDocumentOptions } from '../anthropic-prompt-options.js';

/** A content block as sent. */
type Block = Record<string, unknown>;

const imageTypes = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

/** Inline text bytes (or base64) as text. */
function textOf(data: Uint8Array | string): string {
  return typeof data === 'string'
    ? Buffer.from(data, 'base64').toString('utf8')
    : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
}

/** A document block, titled with the part's filename when it has one. */
function titled(part: Pick<LanguageModelV4FilePart, 'filename'>, block: Block): Block {
  if (part.filename !== undefined) block.title = part.filename;
  return block;
}

/**
 * The content block of a user file part: an image (base64 or URL), or a
 * `document` (a PDF, base64 or URL; text, inline or `text/plain` bytes, as a
 * plain-text source), titled with the part's `filename`, as
 * `@ai-sdk/anthropic` sends them.
 *
 * @param options.part the file part.
 * @param options.modelId the model id, for the error.
 * @param options.what what the file is, for the error (default `a user file`; `a tool result file`).
 * @returns the block.
 * @throws ProviderError (`invalid_request`) for a file the Messages API cannot take.
 */
export function userFileBlock({
  part,
  modelId,
  what = 'a user file',
}: {
  part: Pick<LanguageModelV4FilePart, 'type' | 'data' | 'mediaType' | 'filename'>;
  modelId: string;
  what?: string;
}): Block {
  const mediaType = part.mediaType === 'image/*' ? 'image/jpeg' : part.mediaType;
  const data = part.data;
  if (imageTypes.has(mediaType) && data.type === 'data')
    return {
      type: 'image',
      source: { type: 'base64', media_type: mediaType, data: toBase64(data.data) },
    };
  if (mediaType.startsWith('image/') && data.type === 'url')
    return { type: 'image', source: { type: 'url', url: data.url.toString() } };
  if (mediaType === 'application/pdf' && data.type === 'data')
    return titled(part, {
      type: 'document',
      source: { type: 'base64', media_type: 'application/pdf', data: toBase64(data.data) },
    });
  if (mediaType === 'application/pdf' && data.type === 'url')
    return titled(part, { type: 'document', source: { type: 'url', url: data.url.toString() } });
  if (data.type === 'text')
    return titled(part, {
      type: 'document',
      source: { type: 'text', media_type: 'text/plain', data: data.text },
    });
  if (mediaType === 'text/plain' && data.type === 'data')
    return titled(part, {
      type: 'document',
      source: { type: 'text', media_type: 'text/plain', data: textOf(data.data) },
    });
  throw invalidPrompt({
    provider: 'anthropic',
    model: modelId,
    message: `${what} of media type ${part.mediaType} (${data.type}) is not supported by the Messages API; expected a JPEG, PNG, GIF or WebP image, a PDF, or text`,
  });
}

/**
 * Puts a document part's options on its block: `title` (over the filename),
 * `context`, and `citations: { enabled: true }` when enabled.
 *
 * @param block the `document` block.
 * @param options the part's validated options.
 */
export function applyDocumentOptions(block: Block, options: AnthropicDocumentOptions): void {
  if (options.title !== undefined) block.title = options.title;
  if (options.context !== undefined && options.context !== '') block.context = options.context;
  if (options.citations?.enabled === true) block.citations = { enabled: true };
}
