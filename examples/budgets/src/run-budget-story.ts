import {
  BudgetExceededError,
  budgetSpendFromRecords,
  compileBudgets,
  type DecisionRecord,
  microUsdToUsd,
  validateConfig,
} from '@switchyard/core';
import { createOllama } from '@switchyard/ollama';
import { createOpenAI } from '@switchyard/openai';
import { createRouter, type MemorySink, memorySink, type Router } from '@switchyard/router';
import { startSimulator } from '@switchyard/simulators';
import { generateText, streamText } from 'ai';
import { budgetConfig } from './budget-config.js';

/** What one request of the story came to. */
export interface BudgetStep {
  /** Who asked. */
  tenant: string;
  /** `served by <target>`, `cancelled`, or the error code. */
  outcome: string;
  /** The output cap the budgets passed to the hosted call (it set no maxOutputTokens), if any. */
  outputCap?: number;
  /** Micro-dollars reserved before and charged after the hosted attempt, if one ran. */
  reservedMicroUsd?: number;
  chargedMicroUsd?: number;
  /** Budgets that skipped a target, by id. */
  skippedBy: string[];
}

const usd = (microUsd: number) => `$${microUsdToUsd(microUsd).toFixed(6)}`;

/**
 * The budget story in one process (the memory store), against loopback
 * simulators of OpenAI and Ollama (no keys, no network):
 *
 * 1. tenant acme asks without `maxOutputTokens`: the budgets pass an output
 *    cap clamped to what they can still afford, and reserve that, never the
 *    model's whole output; each attempt is then charged what it cost;
 * 2. acme keeps asking until its daily budget cannot pay: the hosted target
 *    is skipped with the budget named, local open weights answer;
 * 3. tenant globex cancels a stream after its first words: it is charged for
 *    what it delivered, never $0;
 * 4. tenant lab asks three times; its hourly budget is `deny`: the third
 *    fails at once with `BudgetExceededError`, nothing sent;
 * 5. what `switchyard budgets --records` would print, rebuilt from the records.
 *
 * @returns the steps, the decision records and the lines printed.
 */
export async function runBudgetStory(): Promise<{
  steps: BudgetStep[];
  records: readonly DecisionRecord[];
  lines: string[];
}> {
  const [openai, ollama] = await Promise.all([
    // Paced like a real model (200 tokens a second), so a stream can be cancelled halfway.
    startSimulator({ kind: 'openai', models: ['gpt-4o'], latency: { tokensPerSecond: 200 } }),
    startSimulator({ kind: 'ollama', models: ['llama3.2'] }),
  ]);
  const sink = memorySink();
  const router = createRouter({
    config: budgetConfig,
    models: {
      'openai-gpt': createOpenAI({ apiKey: 'sk-demo', baseURL: openai.baseURL })('gpt-4o'),
      'local-llama': createOllama({ baseURL: ollama.baseURL })('llama3.2'),
    },
    sinks: [sink],
  });
  const steps: BudgetStep[] = [];
  const lines: string[] = [];
  const story: Story = { router, sink, steps, lines };
  try {
    lines.push('1-2. acme asks until its daily budget cannot pay; then local open weights answer.');
    for (const prompt of ['Draft the launch note', 'Shorten it', 'Translate it', 'Proofread it'])
      await ask(story, 'acme', prompt);

    lines.push('3. globex cancels a stream after its first words.');
    const ended = new Promise<DecisionRecord>((resolve) => {
      const stop = router.on('request-end', (record) => {
        stop();
        resolve(record);
      });
    });
    const controller = new AbortController();
    const stream = streamText({
      model: router.languageModel('chat'),
      abortSignal: controller.signal,
      prompt: 'Write the whole quarterly report for the board, section by section, with every figure',
      maxOutputTokens: 20,
      providerOptions: { switchyard: { tenant: 'globex' } },
      onError: () => {}, // the abort is ours; the decision record keeps the evidence
    });
    try {
      for await (const delta of stream.textStream) if (delta.trim() !== '') controller.abort(); // the caller gives up
    } catch {
      // The aborted stream rejects: expected.
    }
    const cancelled = await ended;
    step(story, 'globex', cancelled, `cancelled (${cancelled.attempts[0]?.outcome})`);
    lines.push(
      `            charged for ${cancelled.attempts[0]?.usage?.outputTokens} output tokens, at least what it delivered`,
    );

    lines.push('4. lab may send 2 requests an hour (deny): the third fails at once.');
    for (const prompt of ['Plan the experiment', 'Run it', 'Run it again']) await ask(story, 'lab', prompt);
  } finally {
    await router.close();
    await Promise.all([openai.stop(), ollama.stop()]);
  }
  lines.push('5. What `switchyard budgets --records` would print:');
  const budgets = compileBudgets({ budgets: validateConfig(budgetConfig).budgets });
  for (const counter of budgetSpendFromRecords({ records: sink.records, budgets, at: Date.now() })) {
    const limit = counter.limits?.microUsd;
    lines.push(
      `   ${counter.key.padEnd(26)} ${
        limit === undefined
          ? `${counter.spent.requests} of ${counter.limits?.requests} requests`
          : `${usd(counter.spent.microUsd)} of ${usd(limit)}`
      }`,
    );
  }
  return { steps, records: sink.records, lines };
}

/** Asks once; a `deny` budget's error is a step of the story too. */
async function ask(story: Story, tenant: string, prompt: string): Promise<void> {
  try {
    const result = await generateText({
      model: story.router.languageModel('chat'),
      prompt,
      providerOptions: { switchyard: { tenant } },
    });
    const requestId = result.providerMetadata?.switchyard?.requestId;
    const record = story.sink.records.find((candidate) => candidate.requestId === requestId);
    step(story, tenant, record, `served by ${record?.servedBy}`);
  } catch (error) {
    if (!BudgetExceededError.isInstance(error)) throw error;
    step(story, tenant, error.record, `${error.code} (${error.budgetIds.join(', ')})`);
  }
}

interface Story {
  router: Router;
  sink: MemorySink;
  steps: BudgetStep[];
  lines: string[];
}

function step(story: Story, tenant: string, record: DecisionRecord | undefined, outcome: string): void {
  const { steps, lines } = story;
  const hosted = record?.attempts.find((attempt) => attempt.targetId === 'openai-gpt');
  const entry: BudgetStep = {
    tenant,
    outcome,
    skippedBy: [...new Set(record?.skipped.flatMap((skipped) => skipped.budgetIds ?? []) ?? [])],
  };
  if (hosted?.budget?.outputCap !== undefined) entry.outputCap = hosted.budget.outputCap;
  if (hosted?.budget) {
    entry.reservedMicroUsd = hosted.budget.reserved.microUsd;
    entry.chargedMicroUsd = hosted.budget.charged.microUsd;
  }
  steps.push(entry);
  lines.push(
    `   ${tenant.padEnd(6)} -> ${outcome.padEnd(40)}${
      entry.chargedMicroUsd === undefined
        ? ''
        : ` reserved ${usd(entry.reservedMicroUsd ?? 0)}, charged ${usd(entry.chargedMicroUsd)}`
    }${entry.outputCap === undefined ? '' : `, output capped at ${entry.outputCap}`}${
      entry.skippedBy.length === 0 ? '' : `; skipped by budget ${entry.skippedBy.join(', ')}`
    }`,
  );
}
