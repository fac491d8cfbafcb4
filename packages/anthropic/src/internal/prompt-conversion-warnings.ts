import type { SharedV4Warning } from '@ai-sdk/provider';

/**
 * The warning for a system message after the conversation began: the
 * Messages API takes system instructions only in the top-level `system`
 * (mid-conversation `role: "system"` messages exist on some newer models
 * only, and a fallback may land on any), so it is sent there, and the model
 * reads it as given before the first turn.
 */
export function lateSystemWarning(messageIndex: number): SharedV4Warning {
  return {
    type: 'compatibility',
    feature: `system message at prompt[${messageIndex}], after the conversation began`,
    details:
      'sent in the top-level system prompt, after the system messages before it: the Messages API takes system instructions only there, so the model reads this one as given before the first turn, not at its place in the conversation',
  };
}
