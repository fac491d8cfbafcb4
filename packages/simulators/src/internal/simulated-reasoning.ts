/**
 * The reasoning a simulated model with reasoning tokens shows (an
 * OpenAI-compatible server's reasoning field): the start of the prompt it
 * answers, whitespace collapsed.
 *
 * @param prompt the text the answer is derived from (`Conversation.promptText`).
 * @returns e.g. `Thinking about "What is 2+2?" first.`
 */
export function simulatedReasoning(prompt: string): string {
  return `Thinking about "${prompt.replace(/\s+/g, ' ').trim().slice(0, 60)}" first.`;
}
