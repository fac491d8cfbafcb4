/**
 * Runs the failover catalogue through Switchyard as a caller would: one
 * router with README-default settings (the only scenario-specific setting is
 * the declared context window of S12's model), the official `openai` SDK
 * (our adapter) against the fault wall, and the AI SDK's `streamText` or
 * `generateText` read naively (`await result.text`). Each scenario: reset the
 * wall, make the call under a hard deadline (a hang is a result), read the
 * wall's log, probe the system with a healthy call, score the checks.
 * Meant to run on virtual time (`runOnVirtualTime`).
 */
import type { DecisionRecord, SwitchyardConfigInput } from '@switchyard/core';
import { createOpenAI } from '@switchyard/openai';
import { createRouter, type MemorySink, memorySink, type Router } from '@switchyard/router';
import { generateText, streamText } from 'ai';
import { canonicalAnswer, cataloguePrompt, normalise } from './canonical-answer.js';
import { type BanScenario, banScenarios, type CatalogueScenario, catalogue } from './catalogue.js';
import { FaultWall } from './fault-wall.js';
import {
  type CellMetrics,
  type CheckResult,
  scoreCheck,
  tagKey,
  type Verdict,
  verdictOf,
} from './score-cell.js';

/** How the caller calls: `streamText` or `generateText`. */
export type CallMode = 'stream' | 'generate';

/** What the caller got from one call. */
interface CallResult {
  readonly outcome: 'success' | 'error' | 'hang';
  readonly content: string;
  readonly error: string | undefined;
  readonly elapsedS: number;
  readonly reportedModel: string | undefined;
  readonly usagePresent: boolean;
}

/** One scored cell. */
export interface CellResult {
  readonly id: string;
  readonly title: string;
  readonly verdict: Verdict;
  readonly reason: string;
  readonly checks: readonly CheckResult[];
  readonly metrics: CellMetrics;
}

/** One ban scenario, scored: rescued twice, one attempt at the cut-off target, classified, skipped next time. */
export interface BanResult {
  readonly id: string;
  readonly title: string;
  readonly verdict: 'pass' | 'fail';
  readonly checks: readonly { readonly id: string; readonly ok: boolean; readonly detail: string }[];
}

/** The system under test: a router over the fault wall. */
export interface System {
  readonly wall: FaultWall;
  readonly router: Router;
  readonly sink: MemorySink;
}

const allModels = [
  ...new Set([
    ...catalogue.flatMap((scenario) => [scenario.model, scenario.fallbackModel]),
    ...banScenarios.flatMap((scenario) => [scenario.model, scenario.fallbackModel]),
  ]),
];

/** The route of a scenario: its model, then its fallback. */
export const routeOf = (scenario: { readonly id: string }) => scenario.id.toLowerCase();

/**
 * A fresh system: a router with README defaults over an OpenAI-compatible
 * target per wall model, one route per scenario (primary, then fallback) and
 * `alive` (`fb-ok` alone).
 *
 * @param options.wall the fault wall (default: a new one, `full` timing).
 * @param options.baseURL where the wall is served over HTTP ({@link serveWall}); default: in process.
 */
export function createSystem(options: { wall?: FaultWall; baseURL?: string } = {}): System {
  const wall = options.wall ?? new FaultWall();
  const config: SwitchyardConfigInput = {
    targets: allModels.map((model) => ({
      id: model,
      provider: 'openai',
      model,
      hostedIn: 'US',
      origin: 'US',
      weights: 'closed',
      // Every model of the wall streams (an OpenAI-compatible server): generate calls go as streams.
      capabilities: ['streaming'],
      // The one scenario-specific setting: S12's model declares its 8,192-token window.
      contextWindow: model === 'fb-s12-context-length' ? 8_192 : 128_000,
      price: { input: 1, output: 2 },
    })),
    routes: {
      ...Object.fromEntries(
        [...catalogue, ...banScenarios].map((scenario) => [
          routeOf(scenario),
          { targets: [scenario.model, scenario.fallbackModel] },
        ]),
      ),
      alive: { targets: ['fb-ok'] },
    },
    defaults: { context: { jurisdiction: 'US', dataClass: 'internal' } },
  };
  // In process through the wall's fetch, or over HTTP to where the wall is served.
  const openai =
    options.baseURL === undefined
      ? createOpenAI({ apiKey: 'sk-wall', baseURL: 'http://127.0.0.1:8401/v1', fetch: wall.fetch })
      : createOpenAI({ apiKey: 'sk-wall', baseURL: options.baseURL });
  const sink = memorySink();
  const router = createRouter({
    config,
    models: Object.fromEntries(allModels.map((model) => [model, openai.languageModel(model)])),
    sinks: [sink],
  });
  return { wall, router, sink };
}

/** One call through the system under a hard deadline of `maxWallS` + 1 s. */
export async function guardedCall(options: {
  system: System;
  route: string;
  mode: CallMode;
  maxWallS: number;
}): Promise<CallResult> {
  const abort = new AbortController();
  const started = performance.now();
  const model = options.system.router.languageModel(options.route);
  const work = (async (): Promise<Omit<CallResult, 'elapsedS'>> => {
    try {
      if (options.mode === 'stream') {
        const result = streamText({
          model,
          prompt: cataloguePrompt,
          abortSignal: abort.signal,
          onError: () => {},
        });
        // The naive caller: the text, as the AI SDK resolves it.
        const content = await result.text;
        const [usage, response] = await Promise.all([result.usage, result.response]);
        return success(content, response.modelId, usage);
      }
      const result = await generateText({ model, prompt: cataloguePrompt, abortSignal: abort.signal });
      return success(result.text, result.response.modelId, result.usage);
    } catch (error) {
      return {
        outcome: 'error',
        content: '',
        error: error instanceof Error ? error.message : String(error),
        reportedModel: undefined,
        usagePresent: false,
      };
    }
  })();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'hang'>((resolve) => {
    timer = setTimeout(() => resolve('hang'), (options.maxWallS + 1) * 1_000);
  });
  const outcome = await Promise.race([work, deadline]);
  clearTimeout(timer);
  const elapsedS = (performance.now() - started) / 1_000;
  if (outcome === 'hang') {
    abort.abort(new Error('the runner gave up'));
    await work;
    return {
      outcome: 'hang',
      content: '',
      error: `hang: no result within ${options.maxWallS} s`,
      elapsedS,
      reportedModel: undefined,
      usagePresent: false,
    };
  }
  return { ...outcome, elapsedS };
}

function success(
  content: string,
  reportedModel: string | undefined,
  usage: { inputTokens?: number | undefined; outputTokens?: number | undefined },
): Omit<CallResult, 'elapsedS'> {
  return {
    outcome: 'success',
    content,
    error: undefined,
    reportedModel,
    usagePresent: (usage.inputTokens ?? 0) > 0 || (usage.outputTokens ?? 0) > 0,
  };
}

const isComplete = (call: CallResult) =>
  call.outcome === 'success' && normalise(call.content) === normalise(canonicalAnswer);

async function aliveAfter(system: System): Promise<boolean> {
  const call = await guardedCall({ system, route: 'alive', mode: 'generate', maxWallS: 10 });
  return isComplete(call);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs one catalogue scenario through `system` and scores it. */
export async function runScenario(options: {
  system: System;
  scenario: CatalogueScenario;
  mode: CallMode;
}): Promise<CellResult> {
  const { system, scenario, mode } = options;
  const { wall } = system;
  const primary = tagKey(scenario.model);
  const fallback = tagKey(scenario.fallbackModel);
  wall.reset();
  let call: CallResult;
  let sequence: CellMetrics['sequence'];
  let complete: boolean;
  let outcome: CellMetrics['outcome'];
  let elapsedS: number;
  if (scenario.sequence === undefined) {
    call = await guardedCall({ system, route: routeOf(scenario), mode, maxWallS: scenario.maxWallS });
    complete = isComplete(call);
    outcome = call.outcome;
    elapsedS = call.elapsedS;
  } else {
    const { count, intervalS, perRequestMaxWallS } = scenario.sequence;
    const started = performance.now();
    const items: { sentS: number; call: CallResult }[] = [];
    for (let index = 0; index < count; index++) {
      const wait = started + index * intervalS * 1_000 - performance.now();
      if (wait > 0) await sleep(wait);
      const sentS = (performance.now() - started) / 1_000;
      items.push({
        sentS,
        call: await guardedCall({ system, route: routeOf(scenario), mode, maxWallS: perRequestMaxWallS }),
      });
    }
    call = (items.at(-1) as (typeof items)[number]).call;
    const down = wall.timing.flapDownS;
    const during = items.filter((item) => item.sentS < down);
    const primaryEntries = wall.log.filter((entry) => tagKey(entry.model) === primary);
    const recovered = primaryEntries
      .filter((entry) => entry.action.startsWith('200'))
      .map((entry) => entry.t);
    sequence = {
      hangs: items.filter((item) => item.call.outcome === 'hang').length,
      requests: items.length,
      requestsDuringDown: during.length,
      servedDuringDown: during.filter((item) => item.call.outcome === 'success').length,
      primaryAttemptsDuringDown: primaryEntries.filter((entry) => entry.t < down).length,
      recoveredAfterS: recovered.length > 0 ? Math.min(...recovered) - down : undefined,
    };
    outcome = items.some((item) => item.call.outcome === 'hang')
      ? 'hang'
      : items.every((item) => item.call.outcome === 'success')
        ? 'success'
        : 'error';
    complete = items.every((item) => isComplete(item.call));
    elapsedS = (performance.now() - started) / 1_000;
  }
  const log = [...wall.log];
  const metrics: CellMetrics = {
    outcome,
    complete,
    contentWords: normalise(call.content).split(' ').filter(Boolean).length,
    error: call.error,
    elapsedS,
    reportedModel: call.reportedModel,
    usagePresent: call.usagePresent,
    attemptsPrimary: log.filter((entry) => tagKey(entry.model) === primary).length,
    attemptsFallback: log.filter((entry) => tagKey(entry.model) === fallback).length,
    primaryTimes: log.filter((entry) => tagKey(entry.model) === primary).map((entry) => entry.t),
    prefillRejections: log.filter((entry) => entry.action.startsWith('400 prefill')).length,
    aliveAfter: await aliveAfter(system),
    ...(sequence === undefined ? {} : { sequence }),
  };
  const checks = scenario.checks.map((check) => scoreCheck({ check, metrics, scenario, hasFallback: true }));
  const { verdict, reason } = verdictOf({ scenario, metrics, checks });
  return { id: scenario.id, title: scenario.title, verdict, reason, checks, metrics };
}

/** Runs one ban scenario twice through `system`: the first request meets the ban, the second must skip the target. */
export async function runBan(options: {
  system: System;
  scenario: BanScenario;
  mode: CallMode;
}): Promise<BanResult> {
  const { system, scenario, mode } = options;
  const primary = tagKey(scenario.model);
  system.wall.reset();
  const recordOf = (before: number): DecisionRecord | undefined =>
    system.sink.records.slice(before).find((record) => record.route === routeOf(scenario));
  const before = system.sink.records.length;
  const first = await guardedCall({ system, route: routeOf(scenario), mode, maxWallS: 40 });
  const firstRecord = recordOf(before);
  const firstAttempts = system.wall.log.filter((entry) => tagKey(entry.model) === primary).length;
  const middle = system.sink.records.length;
  const second = await guardedCall({ system, route: routeOf(scenario), mode, maxWallS: 40 });
  const secondRecord = recordOf(middle);
  const secondAttempts =
    system.wall.log.filter((entry) => tagKey(entry.model) === primary).length - firstAttempts;
  const cutoff = firstRecord?.attempts.find((attempt) => attempt.targetId === scenario.model);
  const skipped = secondRecord?.skipped.find((entry) => entry.targetId === scenario.model);
  const checks = [
    {
      id: 'rescued',
      ok: isComplete(first) && isComplete(second),
      detail: `${first.outcome}, then ${second.outcome}`,
    },
    {
      id: 'one_attempt',
      ok: firstAttempts === 1,
      detail: `${firstAttempts} attempt(s) at the cut-off target`,
    },
    {
      id: 'classified_cutoff',
      ok: cutoff?.failureKind === 'cutoff' && cutoff.cutoffReason === scenario.cutoffReason,
      detail: `recorded ${cutoff?.failureKind ?? 'nothing'} ${cutoff?.cutoffReason ?? ''}`.trim(),
    },
    {
      id: 'skipped_next_time',
      ok: secondAttempts === 0 && skipped?.reason === 'cutoff',
      detail: `${secondAttempts} attempt(s) on the next request; skipped: ${skipped?.reason ?? 'no'}`,
    },
  ];
  return {
    id: scenario.id,
    title: scenario.title,
    verdict: checks.every((check) => check.ok) ? 'pass' : 'fail',
    checks,
  };
}

/** The whole catalogue and the ban scenarios through one fresh system. */
export async function runCatalogue(options: {
  mode: CallMode;
}): Promise<{ cells: CellResult[]; bans: BanResult[] }> {
  const system = createSystem();
  const cells: CellResult[] = [];
  for (const scenario of catalogue) cells.push(await runScenario({ system, scenario, mode: options.mode }));
  const bans: BanResult[] = [];
  for (const scenario of banScenarios) bans.push(await runBan({ system, scenario, mode: options.mode }));
  await system.router.close();
  return { cells, bans };
}
