import type { JSONValue, LanguageModelV4Source, SharedV4Warning } from '@ai-sdk/provider';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The `source` part of a URL citation: its URL and title, and where the
 * citing text is in the answer's text (`start_index`, `end_index`, in
 * characters) in `providerMetadata.openai.startIndex` / `endIndex`
 * (`@ai-sdk/openai` leaves the two out).
 *
 * @param citation the annotation's `url_citation`.
 * @param id the source's id.
 * @returns the part.
 */
export function urlCitationSource(
  citation: { url: string; title?: string | null; start_index?: number | null; end_index?: number | null },
  id: string,
): LanguageModelV4Source {
  const { url, title, start_index: startIndex, end_index: endIndex } = citation;
  const openai = {
    ...(typeof startIndex === 'number' ? { startIndex } : {}),
    ...(typeof endIndex === 'number' ? { endIndex } : {}),
  };
  return {
    type: 'source',
    sourceType: 'url',
    id,
    url,
    // An empty title is kept, as @ai-sdk/openai keeps it.
    ...(typeof title === 'string' ? { title } : {}),
    ...(Object.keys(openai).length === 0 ? {} : { providerMetadata: { openai } }),
  };
}

/**
 * The token log probabilities of a choice's `logprobs`, as `@ai-sdk/openai`
 * keeps them in `providerMetadata.openai.logprobs`: the `content` entries,
 * then the `refusal` ones, as sent; `undefined` when it has neither list.
 *
 * @param logprobs the choice's `logprobs`.
 * @returns the entries.
 */
export function logprobsOf(logprobs: unknown): JSONValue[] | undefined {
  if (!isObject(logprobs)) return undefined;
  const { content, refusal } = logprobs;
  if (!Array.isArray(content) && !Array.isArray(refusal)) return undefined;
  return [
    ...(Array.isArray(content) ? content : []),
    ...(Array.isArray(refusal) ? refusal : []),
  ] as JSONValue[];
}

/**
 * The warning for choices besides the first that a server sent unasked (the
 * adapter never sends `n`): their content is in no part of the answer.
 *
 * @param indices the other choices' indices.
 * @param where where they can still be read (`response.body`, raw chunks).
 * @returns an `other` warning.
 */
export function otherChoicesWarning(indices: readonly number[], where: string): SharedV4Warning {
  return {
    type: 'other',
    message: `the server sent ${indices.length === 1 ? 'a choice' : `${indices.length} choices`} besides choice 0 (index ${indices.join(', ')}), unasked: only choice 0 is read into the answer; the others are in ${where}`,
  };
}

/**
 * The warning for tool calls of a type the adapter does not read (neither
 * `function` nor `custom`): they are in no part of the answer.
 *
 * @param calls the calls' positions (in `tool_calls`, or their stream `index`) and types.
 * @param where where they can still be read (`response.body`, raw chunks).
 * @returns an `other` warning.
 */
export function unreadToolCallsWarning(
  calls: readonly { index: number; type: string }[],
  where: string,
): SharedV4Warning {
  const list = calls.map(({ index, type }) => `${index} (type ${JSON.stringify(type)})`).join(', ');
  return {
    type: 'other',
    message: `the server sent ${calls.length === 1 ? 'a tool call' : `${calls.length} tool calls`} of a type the adapter does not read (tool call ${list}): not in the answer's parts; see ${where}`,
  };
}
