import type { JSONValue, SharedV4Warning } from '@ai-sdk/provider';

/** A `content_block_delta` that went into no part of the answer, as the API sent it. */
export interface UnreadDelta {
  /** The `index` of its event: the content block it was for. */
  readonly index: number;
  /** The event's whole `delta`. */
  readonly delta: JSONValue;
}

/** Why the deltas of one type went unread: how many, and the first one's block and reason. */
interface DeltaTally {
  count: number;
  readonly first: number;
  readonly why: string;
}

/**
 * What a stream sent that the adapter read into no part of the answer, kept
 * as sent so that nothing is lost without a word: `content_block_delta`
 * events of a delta type newer than this adapter, or for a block that is not
 * open (an unknown block's deltas, or a late one), or of a type that does not
 * fit the open block (`text_delta` on a tool call); and top-level events of a
 * type newer than this adapter. The answer's finish part carries them in
 * `providerMetadata.anthropic.unknownDeltas` / `unknownEvents` and one
 * warning per type (not one per event: a new delta type may come hundreds of
 * times in one answer).
 *
 * Made only when a stream first sends such an event: an answer of known
 * events allocates nothing for it.
 */
export class UnreadStreamEvents {
  readonly #deltas: UnreadDelta[] = [];
  readonly #deltaTypes = new Map<string, DeltaTally>();
  readonly #events: JSONValue[] = [];
  readonly #eventTypes = new Map<string, number>();

  /**
   * Keeps a delta.
   *
   * @param index its event's `index`.
   * @param delta its `delta`, with a string `type`.
   * @param why why it went into no part, for the warning (`a delta type this adapter does not know`).
   */
  keepDelta(index: number, delta: { type: string }, why: string): void {
    this.#deltas.push({ index, delta: delta as JSONValue });
    const tally = this.#deltaTypes.get(delta.type);
    if (tally === undefined) this.#deltaTypes.set(delta.type, { count: 1, first: index, why });
    else tally.count++;
  }

  /**
   * Keeps a top-level event of an unknown type.
   *
   * @param event the event, with a string `type`.
   */
  keepEvent(event: { type: string }): void {
    this.#events.push(event as JSONValue);
    this.#eventTypes.set(event.type, (this.#eventTypes.get(event.type) ?? 0) + 1);
  }

  /** The fields of `providerMetadata.anthropic` that keep them (only those with something in them). */
  metadata(): { unknownDeltas?: JSONValue; unknownEvents?: JSONValue } {
    return {
      ...(this.#deltas.length === 0 ? {} : { unknownDeltas: this.#deltas as unknown as JSONValue }),
      ...(this.#events.length === 0 ? {} : { unknownEvents: this.#events }),
    };
  }

  /** One `other` warning per delta type and per event type, naming how many, where and why, and where they are kept. */
  warnings(): SharedV4Warning[] {
    const warnings: SharedV4Warning[] = [];
    for (const [type, { count, first, why }] of this.#deltaTypes)
      warnings.push({
        type: 'other',
        message: `${count === 1 ? 'a content_block_delta' : `${count} content_block_delta events`} of type ${type} (the first for content[${first}]: ${why}) went into no part of the answer: kept whole in providerMetadata.anthropic.unknownDeltas`,
      });
    for (const [type, count] of this.#eventTypes)
      warnings.push({
        type: 'other',
        message: `${count === 1 ? 'a stream event' : `${count} stream events`} of type ${type}, a type this adapter does not know, went into no part of the answer: kept whole in providerMetadata.anthropic.unknownEvents`,
      });
    return warnings;
  }
}
