import type { AnthropicUsage } from './anthropic-wire.js';

/**
 * The usage of a streamed answer. Each message's usage is merged from its
 * events as they come (`message_start`, then the cumulative `message_delta`
 * values); a body that holds several messages one after the other (a
 * recorded agent loop) sums them, as each step was billed.
 */
export class StreamUsage {
  /** The usage of the open (or last) message, merged from its events. */
  #usage: Record<string, unknown> = {};
  /** The usage of the messages before it, summed. */
  #earlier: Record<string, number> = {};

  /** Merges an event's usage into the open message's: the values it sets replace the earlier ones. */
  merge(usage: AnthropicUsage | null | undefined): void {
    if (usage == null) return;
    for (const [key, value] of Object.entries(usage)) if (value != null) this.#usage[key] = value;
  }

  /** The next message of a multi-step body began: the last one's usage joins the sum. */
  nextStep(): void {
    for (const [key, value] of Object.entries(this.#usage))
      if (typeof value === 'number') this.#earlier[key] = (this.#earlier[key] ?? 0) + value;
    this.#usage = {};
  }

  /** The answer's usage: the last message's, its numbers plus those of the messages before it. */
  total(): Record<string, unknown> {
    const usage: Record<string, unknown> = { ...this.#usage };
    for (const [key, value] of Object.entries(this.#earlier))
      usage[key] = value + (typeof usage[key] === 'number' ? (usage[key] as number) : 0);
    return usage;
  }
}
