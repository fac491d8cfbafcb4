import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';

/** Where the parts go: the caller's stream. */
interface Controller {
  enqueue(part: LanguageModelV4StreamPart): void;
}

/** Characters of output a part hands to the caller (text, reasoning, tool input). */
function outputCharacters(part: LanguageModelV4StreamPart): number {
  return part.type === 'text-delta' || part.type === 'reasoning-delta' || part.type === 'tool-input-delta'
    ? part.delta.length
    : 0;
}

/**
 * What the caller of a stream has received, as far as continuing it needs to
 * know: the text so far, the text block left open, open reasoning blocks,
 * and whether anything the caller may act on (a tool call, a tool result or
 * approval, a file) was delivered, after which the answer is not continued.
 *
 * When the answer may be continued, tool input parts are held back until
 * their call is complete (the `tool-call` part), so a call is never split
 * between two attempts: a failure drops the half-streamed input and the
 * continuation produces the call whole.
 */
export class DeliveredAnswer {
  /** The text delivered so far (kept only when the answer may be continued). */
  text = '';
  /** The caller's id of the text block open now, if any. */
  openText: string | undefined;
  /** Nothing the caller may act on was delivered: the answer may be continued. */
  continuable = true;
  readonly #continues: boolean;
  /** Deltas appended to `text` since it was last made flat. */
  #pieces = 0;
  #openReasoning: string[] | undefined;
  /** Tool input parts held back until their call is complete. */
  #held: LanguageModelV4StreamPart[] | undefined;

  /** @param options.continues the answer is continued after a failure (`midStream: 'continue'`). */
  constructor(options: { continues: boolean }) {
    this.#continues = options.continues;
  }

  /**
   * Hands one part to the caller.
   *
   * @returns the characters of output it delivered (0 for a part held back).
   */
  hand(controller: Controller, part: LanguageModelV4StreamPart): number {
    let delivered = 0;
    switch (part.type) {
      case 'text-delta':
        delivered = part.delta.length;
        if (this.#continues) {
          this.text += part.delta;
          // Each `+=` is a rope node of ~32 bytes: made flat every 128 deltas, the text costs about a byte a character.
          if (++this.#pieces === 128) {
            this.#pieces = 0;
            this.text.charCodeAt(0);
          }
        }
        break;
      case 'reasoning-delta':
        delivered = part.delta.length;
        break;
      case 'text-start':
        this.openText = part.id;
        break;
      case 'text-end':
        if (this.openText === part.id) this.openText = undefined;
        break;
      case 'reasoning-start':
        this.#openReasoning =
          this.#openReasoning === undefined ? [part.id] : [...this.#openReasoning, part.id];
        break;
      case 'reasoning-end':
        this.#openReasoning = this.#openReasoning?.filter((id) => id !== part.id);
        break;
      case 'tool-input-start':
      case 'tool-input-delta':
      case 'tool-input-end':
        if (this.#continues) {
          if (this.#held === undefined) this.#held = [part];
          else this.#held.push(part);
          return 0;
        }
        delivered = outputCharacters(part);
        break;
      case 'stream-start':
      case 'response-metadata':
      case 'source':
      case 'raw':
      case 'ping':
        break;
      default:
        // A tool call, a tool result or approval, a file: what the caller may act on.
        delivered = this.release(controller);
        this.continuable = false;
    }
    controller.enqueue(part);
    return delivered;
  }

  /**
   * Hands on the tool input parts held back.
   *
   * @returns the characters of output they delivered.
   */
  release(controller: Controller): number {
    const held = this.#held;
    if (held === undefined) return 0;
    this.#held = undefined;
    let delivered = 0;
    for (const part of held) {
      delivered += outputCharacters(part);
      controller.enqueue(part);
    }
    return delivered;
  }

  /**
   * A failure interrupted the answer and it is being continued: the reasoning
   * blocks it cut are ended as they stand (`providerMetadata.switchyard.interrupted`),
   * tool input held back is dropped; the open text block stays open for the continuation.
   */
  interrupt(controller: Controller): void {
    for (const id of this.#openReasoning ?? [])
      controller.enqueue({
        type: 'reasoning-end',
        id,
        providerMetadata: { switchyard: { interrupted: true } },
      });
    this.#openReasoning = undefined;
    this.#held = undefined;
  }

  /**
   * The answer is finishing: releases held tool input and ends the text block
   * a continuation took over if it did not.
   *
   * @returns the characters of output released.
   */
  finish(controller: Controller): number {
    const delivered = this.release(controller);
    if (this.openText !== undefined) {
      controller.enqueue({ type: 'text-end', id: this.openText });
      this.openText = undefined;
    }
    return delivered;
  }
}
