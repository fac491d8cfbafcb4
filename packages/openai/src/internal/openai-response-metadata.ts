import type { LanguageModelV4ResponseMetadata } from '@ai-sdk/provider';

/**
 * The response id, model and time of a completion or chunk, leaving out
 * what a server sends empty: Azure's content-filter preamble chunk carries
 * `"id": ""`, `"model": ""` and `"created": 0`, which are no id, no model and
 * no time (not 1970).
 *
 * @param value the completion or chunk.
 * @returns the metadata, possibly empty.
 */
export function openAIResponseMetadata(value: {
  id?: string | null | undefined;
  model?: string | null | undefined;
  created?: number | null | undefined;
}): LanguageModelV4ResponseMetadata {
  return {
    ...(value.id ? { id: value.id } : {}),
    ...(value.model ? { modelId: value.model } : {}),
    ...(value.created ? { timestamp: new Date(value.created * 1000) } : {}),
  };
}

/** Whether a chunk says anything about the response (not a preamble): an id, a model or a time. */
export function hasResponseMetadata(value: {
  id?: string | null;
  model?: string | null;
  created?: number | null;
}): boolean {
  return Boolean(value.id || value.model || value.created);
}

/** The text of a message's `content`: a string, or the text parts of an array. */
export function contentText(
  content: string | readonly { type: string; text?: string | null | undefined }[] | null | undefined,
): string {
  if (content == null) return '';
  if (typeof content === 'string') return content;
  let text = '';
  for (const part of content) if (part.type === 'text' && part.text) text += part.text;
  return text;
}
