/** The fault wall's answers: one JSON completion, or a Chat Completions event stream, each with its faults. */
import { canonicalAnswer } from './canonical-answer.js';
import type { WallEntry, WallTiming } from './fault-wall.js';
import { abortReason, after, terminated, wait } from './wall-transport.js';

const encoder = new TextEncoder();

/** How an answer misbehaves: `slow` first token, `cut`, `stall`, a `malformed` chunk, `no_done`, or `ok`. */
export type AnswerMode = 'ok' | 'slow' | 'cut' | 'stall' | 'malformed' | 'no_done';

/** The answer's words (all of the canonical answer, or the rest after a prefill). */
export const canonicalWords = canonicalAnswer.split(' ');

/** A non-streamed answer (`stream: false`), with its fault: delayed, cut, stalled or malformed. */
export async function plainAnswer(options: {
  timing: WallTiming;
  entry: WallEntry;
  id: string;
  model: string;
  answerWords: string[];
  continuation: boolean;
  mode: AnswerMode;
  signal: AbortSignal | undefined;
}): Promise<Response> {
  const { entry, mode, signal } = options;
  const text = (options.continuation ? ' ' : '') + options.answerWords.join(' ');
  const completion = {
    id: options.id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1_000),
    model: options.model,
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    usage: {
      prompt_tokens: entry.promptTokens,
      completion_tokens: options.answerWords.length,
      total_tokens: entry.promptTokens + options.answerWords.length,
    },
  };
  const json = JSON.stringify(completion);
  if (mode === 'slow') {
    entry.action = `200 after ${options.timing.slowTtftS}s`;
    await wait(options.timing.slowTtftS * 1_000, signal);
  }
  if (mode === 'cut' || mode === 'stall') {
    entry.action =
      mode === 'cut' ? '200 truncated body then close' : `200 headers then silence ${options.timing.stallS}s`;
    const part = mode === 'cut' ? json.slice(0, Math.floor(json.length * 0.6)) : '';
    return new Response(
      new ReadableStream<Uint8Array>({
        start: (controller) => {
          if (part !== '') controller.enqueue(encoder.encode(part));
          const close = () => controller.error(terminated());
          if (mode === 'cut') queueMicrotask(close);
          else after(options.timing.stallS * 1_000, signal, close, (reason) => controller.error(reason));
        },
      }),
      { status: 200, headers: { 'content-type': 'application/json' } },
    );
  }
  if (mode === 'malformed') {
    entry.action = '200 malformed JSON body';
    return new Response(`${json.slice(0, Math.floor(json.length / 2))}"oops`, {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }
  entry.action ||= '200';
  return new Response(json, { status: 200, headers: { 'content-type': 'application/json' } });
}

/**
 * A streamed answer: the role chunk, one chunk per word every
 * `tokenIntervalMs`, the finish chunk, usage when asked, `[DONE]`; with its
 * fault: the first word late, cut after `cutAfterTokens` words (no
 * terminating chunk), silent after `stallAfterTokens` words then closed, a
 * malformed event before word `malformedAtToken`, or no `[DONE]`. Ends when
 * the request is aborted or the body cancelled.
 */
export function streamAnswer(options: {
  timing: WallTiming;
  entry: WallEntry;
  id: string;
  model: string;
  answerWords: string[];
  continuation: boolean;
  mode: AnswerMode;
  signal: AbortSignal | undefined;
  usage: boolean;
}): Response {
  const { entry, id, model, answerWords, continuation, mode, signal } = options;
  const timing = options.timing;
  const created = Math.floor(Date.now() / 1_000);
  const chunk = (delta: Record<string, unknown>, finish: string | null = null, usage?: unknown) =>
    `data: ${JSON.stringify({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices: usage === undefined ? [{ index: 0, delta, finish_reason: finish }] : [],
      ...(usage === undefined ? {} : { usage }),
    })}\n\n`;
  let stopped = false;
  // Aborted by the request's signal or when the client cancels the body: every wait ends then.
  const gone = new AbortController();
  if (signal?.aborted) gone.abort(abortReason(signal));
  else signal?.addEventListener('abort', () => gone.abort(abortReason(signal)), { once: true });
  const body = new ReadableStream<Uint8Array>({
    start: async (controller) => {
      const write = (text: string) => {
        if (!stopped) controller.enqueue(encoder.encode(text));
      };
      const fail = (reason: unknown) => {
        if (stopped) return;
        stopped = true;
        controller.error(reason);
      };
      gone.signal.addEventListener('abort', () => fail(gone.signal.reason), { once: true });
      try {
        if (mode === 'slow') {
          entry.action = `200 stream, first token after ${timing.slowTtftS}s`;
          await wait(timing.slowTtftS * 1_000, gone.signal);
        }
        write(chunk({ role: 'assistant', content: '' }));
        let sent = 0;
        for (const [index, word] of answerWords.entries()) {
          if (stopped) return;
          if (mode === 'cut' && index === timing.cutAfterTokens) {
            entry.action = `200 stream cut after ${index} tokens (no terminating chunk)`;
            fail(terminated());
            return;
          }
          if (mode === 'stall' && index === timing.stallAfterTokens) {
            entry.action = `200 stream stalled after ${index} tokens for ${timing.stallS}s then close`;
            await wait(timing.stallS * 1_000, gone.signal);
            fail(terminated());
            return;
          }
          if (mode === 'malformed' && index === timing.malformedAtToken) {
            entry.action = `200 stream with malformed chunk at token ${index}`;
            write(
              `data: {"id": "${id}", "object": "chat.completion.chunk", "choices": [{"delta": {"content": \n\n`,
            );
          }
          write(chunk({ content: index > 0 || continuation ? ` ${word}` : word }));
          sent++;
          await wait(timing.tokenIntervalMs, gone.signal);
        }
        write(chunk({}, 'stop'));
        if (options.usage)
          write(
            chunk({}, null, {
              prompt_tokens: entry.promptTokens,
              completion_tokens: sent,
              total_tokens: entry.promptTokens + sent,
            }),
          );
        if (mode === 'no_done') entry.action = '200 stream complete, [DONE] omitted';
        else {
          write('data: [DONE]\n\n');
          entry.action ||= '200 stream';
        }
        if (!stopped) {
          stopped = true;
          controller.close();
        }
      } catch (error) {
        fail(error);
      }
    },
    cancel: (reason) => {
      stopped = true;
      gone.abort(reason);
    },
  });
  return new Response(body, {
    status: 200,
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
  });
}
