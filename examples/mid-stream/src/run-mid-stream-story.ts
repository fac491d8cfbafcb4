import { createAnthropic } from '@switchyard/anthropic';
import type { AttemptRecord, SwitchyardConfigInput } from '@switchyard/core';
import { createOpenAI } from '@switchyard/openai';
import { createRouter, memorySink, RequestFailedError } from '@switchyard/router';
import { startSimulator } from '@switchyard/simulators';
import { streamText } from 'ai';

/** One request of the story: what the caller read, and how the router made the answer. */
export interface MidStreamRequest {
  readonly step: string;
  /** The text `await result.text` resolved to, or the error it rejected with. */
  readonly text?: string;
  readonly error?: string;
  /** Each attempt: target, outcome, characters it delivered, how it continued the answer. */
  readonly attempts: string[];
}

const config: SwitchyardConfigInput = {
  targets: [
    {
      id: 'openai-gpt',
      provider: 'openai',
      model: 'gpt-4o',
      hostedIn: 'US',
      origin: 'US',
      weights: 'closed',
      contextWindow: 128_000,
      price: { input: 2.5, output: 10 },
    },
    {
      id: 'anthropic-claude',
      provider: 'anthropic',
      model: 'claude-sonnet-5-5',
      hostedIn: 'US',
      origin: 'US',
      weights: 'closed',
      contextWindow: 200_000,
      price: { input: 3, output: 15 },
    },
  ],
  routes: { chat: { targets: ['openai-gpt', 'anthropic-claude'] } },
  policy: { id: 'allow-all', defaultEffect: 'allow' },
};

const describeAttempt = (attempt: AttemptRecord) =>
  `${attempt.targetId} ${attempt.outcome}${attempt.code ? ` (${attempt.code})` : ''}, delivered ${attempt.deliveredChars ?? 0} chars${
    attempt.continuation
      ? `, continued from char ${attempt.continuation.fromChars} by ${attempt.continuation.mode}`
      : ''
  }`;

/**
 * Runs the mid-stream story against two loopback simulators (no keys, no
 * internet): OpenAI's streams are cut after five chunks, then stall after
 * five; the router finishes each answer on Anthropic (an assistant prefill of
 * what the caller already read), and `await result.text` is the whole answer.
 * With `midStream: 'error'` the same cut makes `await result.text` reject.
 *
 * @returns each request as the caller saw it, with its attempts.
 */
export async function runMidStreamStory(): Promise<{ requests: MidStreamRequest[]; lines: string[] }> {
  const [openai, anthropic] = await Promise.all([
    startSimulator({ kind: 'openai', models: ['gpt-4o'], tokensPerChunk: 2 }),
    startSimulator({ kind: 'anthropic', models: ['claude-sonnet-5-5'], tokensPerChunk: 2 }),
  ]);
  const sink = memorySink();
  const router = createRouter({
    config,
    models: {
      'openai-gpt': createOpenAI({ apiKey: 'sk-demo', baseURL: openai.baseURL })('gpt-4o'),
      'anthropic-claude': createAnthropic({ apiKey: 'sk-ant-demo', baseURL: anthropic.baseURL })(
        'claude-sonnet-5-5',
      ),
    },
    sinks: [sink],
    // A stall is declared after 300 ms without a part (default 15 s: the story runs in real time).
    health: { stallTimeoutMs: 300 },
  });
  const requests: MidStreamRequest[] = [];
  const lines: string[] = [];
  const ask = async (step: string, prompt: string, midStream?: 'continue' | 'error') => {
    const result = streamText({
      model: router.languageModel('chat'),
      prompt,
      onError: () => {},
      ...(midStream ? { providerOptions: { switchyard: { midStream } } } : {}),
    });
    let request: MidStreamRequest;
    try {
      request = { step, text: await result.text, attempts: [] };
    } catch (error) {
      request = {
        step,
        error: RequestFailedError.isInstance(error) ? `${error.code}: ${error.message}` : String(error),
        attempts: [],
      };
    }
    const record = sink.records.at(-1);
    request.attempts.push(...(record?.attempts.map(describeAttempt) ?? []));
    requests.push(request);
    lines.push(`${step}`);
    lines.push(
      request.text !== undefined
        ? `   text: ${JSON.stringify(request.text)}`
        : `   rejected: ${request.error}`,
    );
    for (const attempt of request.attempts) lines.push(`   - ${attempt}`);
  };
  try {
    openai.addFault({ id: 'cut', fault: { type: 'stream_cut', afterChunks: 5 } });
    await ask(
      '1. OpenAI cuts the stream after five chunks: Anthropic finishes the answer.',
      'Explain the timetable change',
    );
    openai.removeFault('cut');
    openai.addFault({ id: 'stall', fault: { type: 'stream_stall', afterChunks: 5 } });
    await ask(
      '2. OpenAI stalls after five chunks: a stall is detected and Anthropic finishes.',
      'Explain the platform change',
    );
    openai.removeFault('stall');
    openai.addFault({ id: 'cut', fault: { type: 'stream_cut', afterChunks: 5 } });
    await ask(
      "3. The same cut with midStream 'error': the caller gets an error, never a truncated answer.",
      'Explain the fare change',
      'error',
    );
  } finally {
    await router.close();
    await Promise.all([openai.stop(), anthropic.stop()]);
  }
  return { requests, lines };
}
