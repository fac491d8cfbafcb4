import { join } from 'node:path';
import type { SwitchyardConfigInput } from '@switchyard/core';
import { renderTerminal, type WrittenReport, writeReport } from '@switchyard/report';
import { createRouter, jsonlSink } from '@switchyard/router';
import { providerFailure, type ScriptedStep, scriptedModel } from '@switchyard/router/test';
import { generateText } from 'ai';

const config: SwitchyardConfigInput = {
  targets: [
    {
      id: 'frontier',
      provider: 'openai',
      model: 'gpt-5.4',
      hostedIn: 'US',
      origin: 'US',
      weights: 'closed',
      contextWindow: 400_000,
      price: { input: 2.5, output: 15 },
    },
    {
      id: 'eu',
      provider: 'mistral',
      model: 'mistral-large',
      hostedIn: 'FR',
      origin: 'FR',
      weights: 'open',
      contextWindow: 128_000,
      price: { input: 2, output: 6 },
    },
    {
      id: 'local',
      provider: 'ollama',
      model: 'llama4',
      hostedIn: 'self',
      origin: 'US',
      weights: 'open',
      contextWindow: 128_000,
      price: { input: 0, output: 0 },
    },
  ],
  routes: { chat: { targets: ['frontier', 'eu'], lastResort: ['local'] } },
  defaults: { context: { jurisdiction: 'US', dataClass: 'internal' } },
};

/** Requests sent, the one whose frontier call finds the model withdrawn, and the simulated start. */
const requests = 40;
const withdrawnAt = 20;
const startMs = Date.parse('2026-06-25T09:00:00Z');
const jurisdictions = ['DE', 'US', 'SG', 'BR'];

/** What the example printed and wrote. */
export interface ReportExampleResult extends WrittenReport {
  /** The records file the router wrote. */
  readonly recordsPath: string;
  /** The terminal tables. */
  readonly text: string;
}

/**
 * Sends 40 requests through the `chat` route with scripted models and a
 * simulated clock (one request every 15 s): the frontier model serves the
 * first 20, then answers "model withdrawn" (a cut-off: quarantined for
 * everyone), the EU model takes over with a 503 on every fifth request
 * (retried once). The router's JSONL sink writes the decision records;
 * `writeReport` turns them into `report.html`, `report.md` and
 * `report.json` with the withdrawal marked on the charts.
 *
 * @param options.outDir where the records and reports are written.
 */
export async function reportExample(options: { outDir: string }): Promise<ReportExampleResult> {
  const recordsPath = join(options.outDir, 'records.jsonl');
  const frontierSteps: ScriptedStep[] = [];
  for (let index = 0; index < withdrawnAt; index++)
    frontierSteps.push({
      text: `Answer ${index} from the frontier model.`,
      usage: { input: 800, output: 300 },
    });
  frontierSteps.push({
    error: providerFailure(
      {
        kind: 'cutoff',
        cutoffReason: 'model_withdrawn',
        scope: 'target',
        status: 404,
        code: 'model_not_found',
        message: 'The model gpt-5.4 has been withdrawn',
      },
      'openai',
      'gpt-5.4',
    ),
  });
  const euSteps: ScriptedStep[] = [];
  for (let index = withdrawnAt; index < requests; index++) {
    if (index % 5 === 0)
      euSteps.push({
        error: providerFailure({ kind: 'transient', status: 503, message: 'Service Unavailable' }),
      });
    euSteps.push({ text: `Answer ${index} from the EU model.`, usage: { input: 800, output: 350 } });
  }

  // A simulated clock: each reading moves 40 ms on, each request starts 15 s after the last one.
  let now = startMs;
  const clock = {
    now: () => {
      now += 40;
      return now;
    },
  };
  const router = createRouter({
    config,
    clock,
    models: {
      frontier: scriptedModel({ provider: 'openai.chat', modelId: 'gpt-5.4', steps: frontierSteps }),
      eu: scriptedModel({ provider: 'mistral.chat', modelId: 'mistral-large', steps: euSteps }),
      local: scriptedModel({ provider: 'ollama.chat', modelId: 'llama4', steps: [] }),
    },
    health: { maxRetries: 1, initialBackoffMs: 1, maxBackoffMs: 2 },
    sinks: [jsonlSink({ path: recordsPath })],
  });
  const chat = router.languageModel('chat');
  let withdrawnTime = 0;
  for (let index = 0; index < requests; index++) {
    now = startMs + index * 15_000;
    if (index === withdrawnAt) withdrawnTime = now;
    await generateText({
      model: chat,
      prompt: `Question ${index}`,
      providerOptions: {
        switchyard: { jurisdiction: jurisdictions[index % jurisdictions.length] as string },
      },
    });
  }
  await router.close();

  const written = await writeReport({
    records: recordsPath,
    outDir: options.outDir,
    by: ['provider', 'jurisdiction'],
    bucketMs: 60_000,
    title: 'Switchyard report: gpt-5.4 withdrawn mid-run',
    events: [{ at: withdrawnTime, label: 'openai withdraws gpt-5.4 (model_withdrawn)' }],
  });
  return { ...written, recordsPath, text: renderTerminal({ report: written.report }) };
}
