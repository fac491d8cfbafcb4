import type { SharedV4Warning } from '@ai-sdk/provider';

/**
 * The warning for a prompt part an adapter does not send (an assistant
 * `file`, `reasoning-file` or `custom` part the provider's API has no place
 * for; unsigned reasoning): where it is, its type and why, in the same words
 * in every adapter, so nothing of a prompt is left out without a word.
 *
 * @param where.messageIndex the message's index in the prompt.
 * @param where.partIndex the part's index in the message's content.
 * @param type the part's type (`file`, `reasoning`, ...).
 * @param why what the provider's API takes instead.
 * @returns an `other` warning.
 * @example
 * ```ts
 * warnings.push(leftOutPart({ messageIndex: 1, partIndex: 0 }, 'file', 'an assistant message of /api/chat takes text, thinking and tool calls only'));
 * // { type: 'other', message: 'prompt[1].content[0], an assistant file part, is not sent: an assistant message of /api/chat ...' }
 * ```
 */
export function leftOutPart(
  where: { readonly messageIndex: number; readonly partIndex: number },
  type: string,
  why: string,
): SharedV4Warning {
  return {
    type: 'other',
    message: `prompt[${where.messageIndex}].content[${where.partIndex}], an assistant ${type} part, is not sent: ${why}`,
  };
}
