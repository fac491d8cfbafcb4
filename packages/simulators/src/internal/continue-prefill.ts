import { simulatedAnswer } from '../simulated-answer.js';

/** How a simulated answer starts: the model that gives it is named after `This is `. */
const answerStart = /^This is (\S+) /;

/**
 * What a simulated model answers after a prefill (an assistant message that
 * ends the conversation): the rest of the answer the prefill starts. That is
 * its own answer when the prefill starts it, else the answer of the model the
 * prefill names (the simulator stands in for a model continuing another's
 * words, as a mid-stream continuation asks), else its whole answer (a model
 * that does not recognise the text restarts).
 *
 * @param options.model the model asked.
 * @param options.prompt the prompt text (the last user message).
 * @param options.prefill the prefill text.
 * @returns the text that follows the prefill.
 * @example
 * ```ts
 * continuePrefill({ model: 'b', prompt: 'Hi', prefill: 'This is a answ' }); // 'ering: "Hi".'
 * ```
 */
export function continuePrefill(options: { model: string; prompt: string; prefill: string }): string {
  const { prompt, prefill } = options;
  const own = simulatedAnswer({ model: options.model, prompt });
  if (own.startsWith(prefill)) return own.slice(prefill.length);
  const named = answerStart.exec(prefill)?.[1];
  if (named !== undefined) {
    const theirs = simulatedAnswer({ model: named, prompt });
    if (theirs.startsWith(prefill)) return theirs.slice(prefill.length);
  }
  return own;
}
