import { createHash } from 'node:crypto';
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4FinishReason,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
} from '@ai-sdk/provider';
import { modelIdentity } from './model-identity.js';

// Taken at import: a fake clock (a drill on virtual time) replaces the global one.
const realSetImmediate = globalThis.setImmediate;
/** One real event-loop turn: a replayed answer lands after the work ready now, as the model's own answer would. */
const realTurn = () => new Promise<void>((resolve) => realSetImmediate(resolve));

/** Answers kept by default: a drill's local prompts are at most a few thousand distinct calls. */
const defaultMaxEntries = 4096;

/** The stream parts of a tool call (they carry its id). */
const toolParts = new Set<LanguageModelV4StreamPart['type']>([
  'tool-input-start',
  'tool-input-delta',
  'tool-input-end',
  'tool-call',
  'tool-result',
]);

/**
 * Fresh ids for a replayed answer's tool calls: the k-th distinct id the
 * model gave (in the order it first appears) becomes `toolCallId(k)`, the same
 * new id in every part that names it.
 */
function freshToolCallIds(toolCallId: (index: number) => string): (id: string) => string {
  const fresh = new Map<string, string>();
  return (id) => {
    let next = fresh.get(id);
    if (next === undefined) {
      next = toolCallId(fresh.size);
      fresh.set(id, next);
    }
    return next;
  };
}

/** A copy of a replayed stream part, its tool-call id made fresh. */
function withFreshId(
  part: LanguageModelV4StreamPart,
  fresh: (id: string) => string,
): LanguageModelV4StreamPart {
  switch (part.type) {
    case 'tool-input-start':
    case 'tool-input-delta':
    case 'tool-input-end':
      return { ...part, id: fresh(part.id) };
    case 'tool-call':
    case 'tool-result':
      return { ...part, toolCallId: fresh(part.toolCallId) };
    default:
      return { ...part };
  }
}

/** Whether an answer ended by itself (end of generation, a stop sequence, a finished tool call), not at the token cap. */
function stoppedBy(finishReason: LanguageModelV4FinishReason): boolean {
  return finishReason.unified === 'stop' || finishReason.unified === 'tool-calls';
}

interface Entry<T> {
  readonly answer: T;
  /** The `maxOutputTokens` of the call that produced it. */
  readonly maxOutputTokens: number | undefined;
  /** Output tokens it produced. */
  readonly outputTokens: number | undefined;
  /** Whether it stopped by itself (end of generation, a stop sequence or a whole tool call), not at the token cap. */
  readonly stopped: boolean;
}

/**
 * What decides an answer (digested): every call option but the abort signal, the HTTP
 * headers (an in-process model has none), `maxOutputTokens` (see
 * {@link memoizedModel}) and `providerOptions.switchyard` (the router's request
 * context: routing metadata, not model input).
 */
function keyOf(options: LanguageModelV4CallOptions): string {
  const {
    abortSignal: _signal,
    headers: _headers,
    maxOutputTokens: _max,
    providerOptions,
    ...input
  } = options;
  const { switchyard: _context, ...forModel } = providerOptions ?? {};
  // A digest, not the text: a key stays 64 bytes however long the prompt (memory stays bounded).
  return createHash('sha256')
    .update(JSON.stringify([input, forModel]))
    .digest('hex');
}

/**
 * Whether an answer to a call capped at `cached.maxOutputTokens` is the answer
 * to the same call capped at `max`: the same cap, or the cached answer stopped
 * by itself with room to spare under both caps (a deterministic model then
 * writes the same tokens whatever the cap; a margin of one token keeps the
 * boundary case out).
 */
function fits(entry: Entry<unknown>, max: number | undefined): boolean {
  if (entry.maxOutputTokens === max) return true;
  const produced = entry.outputTokens;
  if (!entry.stopped || produced === undefined) return false;
  const under = (cap: number | undefined) => cap === undefined || produced + 1 < cap;
  return under(entry.maxOutputTokens) && under(max);
}

/** A bounded map that forgets the entry used least recently. */
class Memo<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #max: number;

  constructor(max: number) {
    this.#max = max;
  }

  get(key: string, maxOutputTokens: number | undefined): Entry<T> | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined || !fits(entry, maxOutputTokens)) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry;
  }

  set(key: string, entry: Entry<T>): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    if (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value as string);
  }
}

/**
 * A model that answers a call it has already answered from memory: for a
 * model whose answer is a function of the call alone, such as in-process
 * open weights in a drill on virtual time (`sequences: 1`, `promptCache:
 * false`, greedy decoding: the drill's reproducibility already rests on it).
 * Its compute takes no virtual time there, so replaying the answer changes
 * nothing a drill records; it only saves the real inference (about 10 ms of
 * CPU per prompt of 800 tokens on the seeded tiny model, most of a long
 * drill's CPU time).
 *
 * Replayed: successful answers, as the model gave them (stream parts in
 * order), with a fresh `timestamp`. A call capped at another
 * `maxOutputTokens` gets the answer when the cached one stopped by itself
 * (end of generation, a stop sequence, a whole tool call) before either cap.
 * An answer with tool calls is replayed only with `toolCallId`, which gives
 * each of its tool calls a fresh id, as the model gives every call (the ids
 * are the answer's only part that is not a function of the call). Never
 * replayed: failures, aborted or unfinished streams, calls whose signal is
 * already aborted (the model answers them).
 *
 * Calls wait in the memo, one at a time, instead of in the model's own
 * queue, so the memo applies the model's bulkhead itself: a call that finds
 * `capacity()` calls already inside (running or waiting) that came at the
 * same instant is refused with `whenFull()`. On virtual time that is exactly
 * when the model would have refused it: its compute takes no virtual time, so
 * calls from earlier instants have ended, whether or not their real compute
 * has (see `overlappedModel`).
 *
 * @param model the model (e.g. `createLlamaCpp(...).languageModel(path)`).
 * @param options.maxEntries answers kept per operation (generate, stream), least recently used dropped; default 4,096.
 * @param options.capacity how many calls the model takes at once, running and queued (e.g. `sequences + maxQueued`); `undefined`: no limit.
 * @param options.whenFull the error the model throws for a call past its capacity (required with `capacity`).
 * @param options.toolCallId a fresh tool-call id for the `index`-th tool call of an answer, as the model makes them
 *   (`LlamaCppChatLanguageModel.newToolCallId`); without it, answers with tool calls are never replayed.
 * @returns the model with the memo in front.
 * @example
 * ```ts
 * const local = realWorkModel(memoizedModel(createLlamaCpp({ sequences: 1, promptCache: false }).languageModel(path)));
 * ```
 */
export function memoizedModel(
  model: LanguageModelV4,
  options: {
    maxEntries?: number;
    capacity?: () => number | undefined;
    whenFull?: () => Error;
    toolCallId?: (index: number) => string;
  } = {},
): LanguageModelV4 {
  const maxEntries = options.maxEntries ?? defaultMaxEntries;
  const toolCallId = options.toolCallId;
  const generated = new Memo<LanguageModelV4GenerateResult>(maxEntries);
  const streamed = new Memo<{
    parts: LanguageModelV4StreamPart[];
    rest: Omit<LanguageModelV4StreamResult, 'stream'>;
  }>(maxEntries);
  // One call at a time, in the order they came, as the model runs them (one sequence): an answer
  // from memory never overtakes a call that came before it.
  let tail: Promise<void> = Promise.resolve();
  // Calls inside the memo (the one running and those waiting: the model's own load, had they gone
  // to it), by the instant they came. On virtual time a model's compute takes no time, so a call
  // that came at an earlier instant has ended, virtually, whenever its real compute ends.
  const insideAt = new Map<number, number>();
  const queue = async (): Promise<() => void> => {
    const at = Date.now();
    const inside = insideAt.get(at) ?? 0;
    const capacity = options.capacity?.();
    if (capacity !== undefined && inside >= capacity) {
      if (options.whenFull === undefined) throw new TypeError('memoizedModel: capacity needs whenFull');
      throw options.whenFull();
    }
    insideAt.set(at, inside + 1);
    const previous = tail;
    let release!: () => void;
    tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    let released = false;
    await previous;
    return () => {
      if (released) return;
      released = true;
      const left = (insideAt.get(at) ?? 1) - 1;
      if (left === 0) insideAt.delete(at);
      else insideAt.set(at, left);
      release();
    };
  };
  return {
    ...modelIdentity(model),
    async doGenerate(call) {
      const key = keyOf(call);
      const release = await queue();
      try {
        return await generate(call, key);
      } finally {
        release();
      }
    },
    async doStream(call) {
      const key = keyOf(call);
      const release = await queue();
      try {
        return await stream(call, key, release);
      } catch (error) {
        release();
        throw error;
      }
    },
  };

  async function generate(
    call: LanguageModelV4CallOptions,
    key: string,
  ): Promise<LanguageModelV4GenerateResult> {
    const hit = call.abortSignal?.aborted ? undefined : generated.get(key, call.maxOutputTokens);
    if (hit !== undefined) {
      await realTurn();
      const { answer } = hit;
      const fresh = toolCallId === undefined ? undefined : freshToolCallIds(toolCallId);
      return {
        ...answer,
        content: answer.content.map((part) =>
          fresh !== undefined && (part.type === 'tool-call' || part.type === 'tool-result')
            ? { ...part, toolCallId: fresh(part.toolCallId) }
            : { ...part },
        ),
        response: { ...answer.response, timestamp: new Date() },
      };
    }
    const answer = await model.doGenerate(call);
    if (
      toolCallId !== undefined ||
      !answer.content.some((part) => part.type === 'tool-call' || part.type === 'tool-result')
    ) {
      generated.set(key, {
        answer,
        maxOutputTokens: call.maxOutputTokens,
        outputTokens: answer.usage.outputTokens.total,
        stopped: stoppedBy(answer.finishReason),
      });
    }
    return answer;
  }

  async function stream(
    call: LanguageModelV4CallOptions,
    key: string,
    release: () => void,
  ): Promise<LanguageModelV4StreamResult> {
    const hit = call.abortSignal?.aborted ? undefined : streamed.get(key, call.maxOutputTokens);
    if (hit !== undefined) {
      await realTurn();
      const fresh = toolCallId === undefined ? undefined : freshToolCallIds(toolCallId);
      const parts = hit.answer.parts.map((part) => {
        if (part.type === 'response-metadata' && part.timestamp !== undefined)
          return { ...part, timestamp: new Date() };
        return fresh === undefined ? { ...part } : withFreshId(part, fresh);
      });
      // The whole answer is known: the next call may start (the model, too, ends its work before
      // its caller has read it all).
      release();
      let next = 0;
      const replay = new ReadableStream<LanguageModelV4StreamPart>({
        pull(controller) {
          const part = parts[next++];
          if (part === undefined) controller.close();
          else controller.enqueue(part);
        },
      });
      return { ...hit.answer.rest, stream: replay };
    }
    const { stream: source, ...rest } = await model.doStream(call);
    const parts: LanguageModelV4StreamPart[] = [];
    let replayable = true;
    const reader = source.getReader();
    // Read the model's stream as it produces it (not as the caller reads): the next call waits for
    // the end of this answer, never for a caller that stopped reading without cancelling.
    const recorded = new ReadableStream<LanguageModelV4StreamPart>({
      start(controller) {
        const copy = async () => {
          for (;;) {
            const next = await reader.read();
            if (next.done) break;
            const part = next.value;
            if (part.type === 'error' || (toolCallId === undefined && toolParts.has(part.type)))
              replayable = false;
            parts.push(part);
            controller.enqueue(part);
          }
          const finish = parts.at(-1);
          if (replayable && finish?.type === 'finish') {
            streamed.set(key, {
              answer: { parts, rest },
              maxOutputTokens: call.maxOutputTokens,
              outputTokens: finish.usage.outputTokens.total,
              stopped: stoppedBy(finish.finishReason),
            });
          }
          controller.close();
        };
        copy()
          .catch((error: unknown) => {
            replayable = false;
            try {
              controller.error(error);
            } catch {
              // Cancelled by the caller meanwhile: nothing to tell.
            }
          })
          .finally(release);
      },
      cancel(reason) {
        replayable = false;
        return reader.cancel(reason);
      },
    });
    return { ...rest, stream: recorded };
  }
}
