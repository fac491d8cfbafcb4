import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4FunctionTool,
  LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import { errorCodes, SwitchyardError } from '@switchyard/core';
import type { StreamedAnswer } from '../assertions/assertion-verdict.js';
import { callerHeaders } from '../faults/caller-header.js';
import { setLongTimeout } from '../timeline/long-timeout.js';
import { realTimers } from '../timeline/schedule-timeline.js';
import type { PlannedRequest } from '../workload/create-workload.js';
import type { InFlightStarts } from './in-flight-starts.js';

const toolDefinition: LanguageModelV4FunctionTool = {
  type: 'function',
  name: 'lookup_order',
  description: 'Looks up an order by id',
  inputSchema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
};

const words = ['route', 'policy', 'target', 'switch', 'track', 'signal', 'freight', 'yard'];

/** How a workload's calls ended, as the caller saw them. */
export interface WorkloadCounts {
  sent: number;
  served: number;
  /** Failed with a typed Switchyard error. */
  failed: number;
  /** Typed failures by error code, with the first message of each. */
  failures: Record<string, { count: number; example: string }>;
  /** Failed without one (a bug: every failure should be typed). */
  lost: number;
  inFlight: number;
}

/**
 * Sends a drill's planned requests through a route's model: open loop at
 * each request's offset (`rate`), or closed loop with `concurrency` workers.
 * Streams are drained to their finish part (the text of those the router
 * continued is kept in `answers`, for the answer assertions). Before each send, `beforeSend`
 * runs (the timeline plays every event due by then, so an event and a
 * request at the same offset happen in that order).
 *
 * @returns resolves when every request has been sent and has settled, or when `isStopped()` turned true
 *   (requests in flight are still awaited).
 */
export async function sendWorkload(options: {
  model: LanguageModelV4;
  requests: Iterator<PlannedRequest>;
  /** Open loop (requests at their offsets) or closed loop with this many workers. */
  loop: { rate: true } | { rate: false; concurrency: number };
  /** Simulated ms since the start. */
  elapsedMs: () => number;
  /** Simulated ms per real ms (1 on virtual time). */
  timeScale: number;
  counts: WorkloadCounts;
  lostExamples: string[];
  controllers: Set<AbortController>;
  isStopped: () => boolean;
  beforeSend: (elapsedMs: number) => void;
  onWake: (wake: () => void) => void;
  /** Where the text of each streamed answer the router continued goes, by request id (absent: not kept). */
  answers?: Map<string, StreamedAnswer>;
  /** Told when each request is sent (its `elapsedMs`) and when its call settled (its record is in by then). */
  inFlightStarts?: InFlightStarts;
}): Promise<void> {
  const { model, counts, requests } = options;
  // Called when the last send in flight settles (counts.inFlight back to 0): sends are counted, not
  // kept in a set with a settle callback each for as long as they are in flight.
  let onSettled: (() => void) | undefined;
  const prompts = new Map<number, LanguageModelV4CallOptions['prompt']>();
  // One long text of words; a prompt of n tokens is its first n words (a slice, not a copy).
  let text = '';
  const ends: number[] = [];
  const promptOf = (tokens: number) => {
    let prompt = prompts.get(tokens);
    if (!prompt) {
      while (ends.length < tokens) {
        text += `${ends.length === 0 ? '' : ' '}${words[ends.length % words.length]}`;
        ends.push(text.length);
      }
      prompt = [{ role: 'user', content: [{ type: 'text', text: text.slice(0, ends[tokens - 1]) }] }];
      prompts.set(tokens, prompt);
    }
    return prompt;
  };
  const send = async (request: PlannedRequest) => {
    counts.sent++;
    counts.inFlight++;
    const controller = new AbortController();
    let inFlight: ReturnType<InFlightStarts['begin']> | undefined;
    // Everything after the count is inside the try, so a send that throws is counted and settles.
    try {
      inFlight = options.inFlightStarts?.begin(options.elapsedMs());
      options.controllers.add(controller);
      const call: LanguageModelV4CallOptions = {
        prompt: promptOf(request.promptTokens),
        maxOutputTokens: request.outputTokens,
        abortSignal: controller.signal,
        // Each planned request has a context of its own: no copy.
        providerOptions: { switchyard: request.context },
        ...(request.tools ? { tools: [toolDefinition] } : {}),
      };
      // The caller's jurisdiction travels with the request: the SDKs send it to the simulators.
      const headers = callerHeaders(request.context.jurisdiction);
      if (headers !== undefined) call.headers = headers;
      if (!request.stream) await model.doGenerate(call);
      else {
        const { stream } = await model.doStream(call);
        const reader = stream.getReader();
        const answers = options.answers;
        let text = '';
        let finish: Extract<LanguageModelV4StreamPart, { type: 'finish' }> | undefined;
        for (;;) {
          const next = await reader.read();
          if (next.done) break;
          const part = next.value;
          if (part.type === 'error') throw part.error;
          if (part.type === 'finish') finish = part;
          else if (answers !== undefined && part.type === 'text-delta') text += part.delta;
        }
        if (finish === undefined) throw new Error('stream ended without a finish part');
        const switchyard = finish.providerMetadata?.switchyard;
        if (answers !== undefined && Number(switchyard?.continuations ?? 0) > 0) {
          const first = call.prompt[0];
          const prompt =
            first?.role === 'user' && first.content[0]?.type === 'text' ? first.content[0].text : '';
          answers.set(String(switchyard?.requestId), {
            text,
            prompt,
            finishReason: finish.finishReason.unified,
          });
        }
      }
      counts.served++;
    } catch (error) {
      if (SwitchyardError.isInstance(error)) countFailure(counts, error.code, error.message);
      // The drill stopped (Ctrl-C, say) and aborted it: a stream's read rejects with the abort's own
      // reason, as the AI SDK's do; the router recorded it as aborted.
      else if (controller.signal.aborted)
        countFailure(counts, errorCodes.ABORTED, `aborted when the drill stopped: ${messageOf(error)}`);
      else {
        counts.lost++;
        if (options.lostExamples.length < 5) options.lostExamples.push(messageOf(error));
      }
    } finally {
      if (inFlight !== undefined) options.inFlightStarts?.end(inFlight);
      options.controllers.delete(controller);
      if (--counts.inFlight === 0) onSettled?.();
    }
  };

  let next = requests.next();
  const sending = new Promise<void>((resolve) => {
    options.onWake(resolve);
    const loop = options.loop;
    if (loop.rate) {
      const pump = () => {
        if (options.isStopped()) return resolve();
        const now = options.elapsedMs();
        options.beforeSend(now);
        while (!next.done && (next.value.offsetMs ?? 0) <= now) {
          void send(next.value);
          next = requests.next();
        }
        if (next.done) return resolve();
        // A gap beyond setTimeout's limit (about 24.8 days) waits in steps instead of 1 ms.
        setLongTimeout(realTimers, pump, Math.max(0, ((next.value.offsetMs ?? 0) - now) / options.timeScale));
      };
      pump();
    } else {
      let workers = 0;
      const worker = async () => {
        while (!options.isStopped() && !next.done) {
          const request = next.value;
          next = requests.next();
          options.beforeSend(options.elapsedMs());
          await send(request);
        }
        if (--workers === 0) resolve();
      };
      // No more workers than requests: each takes its first request as it starts, so a concurrency
      // far above the total (1e9) starts one worker per request, not a billion that find nothing.
      while (workers < loop.concurrency && !next.done && !options.isStopped()) {
        workers++;
        void worker();
      }
      if (workers === 0) resolve();
    }
  });
  await sending;
  // Stopped early (`onWake`): the sends in flight still settle (never rejecting: send catches all).
  if (counts.inFlight > 0) await new Promise<void>((resolve) => (onSettled = resolve));
}

/** Counts a failed request under its error code, the first one's message as the example. */
function countFailure(counts: WorkloadCounts, code: string, message: string): void {
  counts.failed++;
  const failure = counts.failures[code] ?? { count: 0, example: message };
  failure.count++;
  counts.failures[code] = failure;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
