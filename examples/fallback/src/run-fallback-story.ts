import { createAnthropic } from '@switchyard/anthropic';
import type { DecisionRecord, SwitchyardConfigInput } from '@switchyard/core';
import { createOllama } from '@switchyard/ollama';
import { createOpenAI } from '@switchyard/openai';
import { createRouter, memorySink, type Router } from '@switchyard/router';
import { type SimulatorHandle, startSimulator } from '@switchyard/simulators';
import { generateText, streamText } from 'ai';

/** One request of the story: who asked, who answered, and why that target. */
export interface StoryRequest {
  /** The part of the story it belongs to. */
  step: string;
  operation: 'generate' | 'stream';
  /** Caller jurisdiction. */
  caller: string;
  /** Target id that served it. */
  servedBy: string;
  /** The answer. */
  text: string;
  /** Why the targets before it did not serve, from the decision record (`first choice` when none failed). */
  why: string;
}

/** The route: two hosted models, then local open weights as the last resort. */
const config: SwitchyardConfigInput = {
  targets: [
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
      id: 'local-llama',
      provider: 'ollama',
      model: 'llama3.2',
      hostedIn: 'self',
      origin: 'US',
      weights: 'open',
      contextWindow: 128_000,
      price: { input: 0, output: 0 },
    },
  ],
  routes: { chat: { targets: ['anthropic-claude', 'openai-gpt'], lastResort: ['local-llama'] } },
  policy: { id: 'allow-all', defaultEffect: 'allow' },
};

/**
 * The header the simulators read the caller's country from. A real provider
 * sees the caller's IP address instead; the simulators need to be told.
 */
const callerHeader = 'x-switchyard-caller-country';

/**
 * Runs the fallback story against three loopback simulators (no keys, no
 * internet): a caller in Singapore asks the `chat` route through
 * `generateText` and `streamText` while Anthropic starts refusing Singapore and
 * then OpenAI goes down; each answer comes from the next allowed target and
 * finally from local open weights on Ollama.
 *
 * @returns every request with the target that served it and why, and the lines printed for them.
 */
export async function runFallbackStory(): Promise<{ requests: StoryRequest[]; lines: string[] }> {
  const [anthropic, openai, ollama] = await Promise.all([
    startSimulator({ kind: 'anthropic', models: ['claude-sonnet-5-5'] }),
    startSimulator({ kind: 'openai', models: ['gpt-4o'] }),
    startSimulator({ kind: 'ollama', models: ['llama3.2'] }),
  ]);
  const sink = memorySink();
  const router = createRouter({
    config,
    models: {
      'anthropic-claude': createAnthropic({ apiKey: 'sk-ant-demo', baseURL: anthropic.baseURL })(
        'claude-sonnet-5-5',
      ),
      'openai-gpt': createOpenAI({ apiKey: 'sk-demo', baseURL: openai.baseURL })('gpt-4o'),
      'local-llama': createOllama({ baseURL: ollama.baseURL })('llama3.2'),
    },
    sinks: [sink],
    // One quick retry of a transient failure, then move on.
    health: { maxRetries: 1, initialBackoffMs: 1, maxBackoffMs: 1 },
  });
  const requests: StoryRequest[] = [];
  const lines: string[] = [];
  const story = { router, records: sink.records, requests, lines };
  try {
    lines.push('1. Every provider is up.');
    await ask(story, 'all up', 'generate', 'SG', 'Draft the launch note');
    await ask(story, 'all up', 'stream', 'SG', 'Stream the launch note');

    lines.push('2. Anthropic starts refusing callers from Singapore (region block).');
    anthropic.addFault({ fault: { type: 'region_block' }, callers: ['SG'] });
    await ask(story, 'region block', 'generate', 'SG', 'Summarise the memo');
    await ask(story, 'region block', 'stream', 'SG', 'Stream the summary');
    await ask(story, 'region block', 'generate', 'DE', 'Summarise the memo');

    lines.push('3. OpenAI now answers every request with 503.');
    openai.addFault({ fault: { type: 'server_error', status: 503 } });
    await ask(story, 'outage', 'generate', 'SG', 'Keep the lights on');
    await ask(story, 'outage', 'stream', 'SG', 'Stream while it is down');

    lines.push(
      `Anthropic received ${countFrom(anthropic, 'SG')} request(s) from SG, OpenAI ${countFrom(openai, 'SG')}, Ollama ${countFrom(ollama, 'SG')}.`,
    );
    return { requests, lines };
  } finally {
    await router.close();
    await Promise.all([anthropic.stop(), openai.stop(), ollama.stop()]);
  }
}

interface Story {
  router: Router;
  records: readonly DecisionRecord[];
  requests: StoryRequest[];
  lines: string[];
}

async function ask(
  story: Story,
  step: string,
  operation: 'generate' | 'stream',
  caller: string,
  prompt: string,
): Promise<void> {
  const call = {
    model: story.router.languageModel('chat'),
    prompt,
    headers: { [callerHeader]: caller },
    providerOptions: { switchyard: { jurisdiction: caller, dataClass: 'internal' } },
  };
  let text: string;
  let requestId: unknown;
  if (operation === 'generate') {
    const result = await generateText(call);
    text = result.text;
    requestId = result.providerMetadata?.switchyard?.requestId;
  } else {
    const result = streamText(call);
    text = '';
    for await (const delta of result.textStream) text += delta;
    requestId = (await result.providerMetadata)?.switchyard?.requestId;
  }
  const record = story.records.find((candidate) => candidate.requestId === requestId);
  if (!record?.servedBy) throw new Error(`no decision record for the ${operation} request of ${caller}`);
  const request: StoryRequest = {
    step,
    operation,
    caller,
    servedBy: record.servedBy,
    text,
    why: why(story.router, record),
  };
  story.requests.push(request);
  story.lines.push(
    `   ${operation.padEnd(8)} ${caller} -> ${request.servedBy.padEnd(16)} ${JSON.stringify(text)}`,
    `            why: ${request.why}`,
  );
}

/** Why the targets before the one that served did not, in the words of the decision record. */
function why(router: Router, record: DecisionRecord): string {
  const reasons: string[] = [];
  for (const skipped of record.skipped) {
    if (skipped.reason === 'cutoff') {
      const jurisdiction = record.context.jurisdiction;
      const cutoff = router.health
        .state(skipped.targetId)
        .cutoffs.find((entry) => entry.scope === 'target' || entry.jurisdiction === jurisdiction);
      reasons.push(
        `${skipped.targetId} skipped: cut off for ${jurisdiction}${cutoff?.reason ? ` (${cutoff.reason})` : ''}`,
      );
    } else {
      reasons.push(`${skipped.targetId} skipped: ${skipped.reason}`);
    }
  }
  for (const attempt of record.attempts) {
    if (attempt.outcome === 'success') continue;
    const detail = [attempt.failureKind, attempt.cutoffReason, attempt.status].filter(Boolean).join(' ');
    reasons.push(
      `${attempt.targetId} failed (${detail})${attempt.retry > 0 ? ` on retry ${attempt.retry}` : ''}`,
    );
  }
  return reasons.length === 0 ? 'first choice' : reasons.join('; ');
}

function countFrom(simulator: SimulatorHandle, caller: string): number {
  return simulator.requests.filter((request) => request.caller === caller && request.method === 'POST')
    .length;
}
