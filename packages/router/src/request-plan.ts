import type { LanguageModelV4, LanguageModelV4CallOptions, LanguageModelV4Usage } from '@ai-sdk/provider';
import {
  type AttemptRecord,
  costOf,
  type DecisionRecord,
  decisionRecordSchemaVersion,
  type Price,
  type RequestContext,
  type Target,
  type TargetSetPolicy,
  type TokenUsage,
  type Verdict,
} from '@switchyard/core';
import type { IneligibleCandidate } from './errors/no-eligible-target-error.js';
import type { TargetHealth } from './health/target-health.js';

/** A target with everything the request path needs, prepared once. */
export interface PreparedTarget {
  readonly target: Target;
  readonly model: LanguageModelV4 | undefined;
  readonly price: Price | undefined;
  readonly health: TargetHealth;
  readonly hasTools: boolean;
  readonly hasJson: boolean;
  readonly hasVision: boolean;
  /** Keys of `providerOptions` passed through to this target. */
  readonly providerKeys: readonly string[];
}

/** A route prepared once: candidates in order, and the policy precomputed for them. */
export interface PreparedRoute {
  readonly name: string;
  readonly strategy: 'priority' | 'cheapest' | 'fastest' | 'weighted' | 'least-busy';
  readonly weights: Readonly<Record<string, number>>;
  /** Candidates then last-resort targets (deduplicated). */
  readonly candidates: readonly PreparedTarget[];
  /** Index in `candidates` where the last resort starts. */
  readonly lastResortFrom: number;
  policy: TargetSetPolicy;
}

/** What one request needs, from its call options. */
export interface RequestNeeds {
  readonly tools: boolean;
  readonly json: boolean;
  readonly vision: boolean;
  readonly promptTokens: number;
}

/** Estimates what a call needs: tools, JSON, vision, and a rough prompt token count (4 characters a token). */
export function needsOf(options: LanguageModelV4CallOptions): RequestNeeds {
  let characters = 0;
  let vision = false;
  for (const message of options.prompt) {
    characters += 16;
    if (typeof message.content === 'string') {
      characters += message.content.length;
      continue;
    }
    for (const part of message.content) {
      if (part.type === 'text' || part.type === 'reasoning') characters += part.text.length;
      else if (part.type === 'file') {
        if (part.mediaType.startsWith('image/')) vision = true;
        characters += 4_000;
      } else if (part.type === 'tool-call') characters += JSON.stringify(part.input ?? null).length;
      else if (part.type === 'tool-result') characters += JSON.stringify(part.output ?? null).length;
    }
  }
  return {
    tools: (options.tools?.length ?? 0) > 0,
    json: options.responseFormat?.type === 'json',
    vision,
    promptTokens: Math.ceil(characters / 4),
  };
}

/** The plan of one request: who may serve, in which order, and the evidence gathered so far. */
export interface RequestPlan {
  readonly requestId: string;
  readonly startedAt: number;
  readonly context: RequestContext;
  readonly verdicts: readonly Verdict[];
  /** The route's policy when the plan was made; a later `setPolicy` replaces the route's. */
  readonly policy: TargetSetPolicy;
  readonly ordered: PreparedTarget[];
  readonly skipped: DecisionRecord['skipped'];
  readonly ineligible: IneligibleCandidate[];
  readonly attempts: AttemptRecord[];
}

/** Token usage of an AI SDK usage object, as recorded. */
export function tokenUsageOf(usage: LanguageModelV4Usage | undefined): TokenUsage | undefined {
  if (!usage) return undefined;
  return {
    inputTokens: usage.inputTokens.total ?? 0,
    outputTokens: usage.outputTokens.total ?? 0,
    cachedInputTokens: usage.inputTokens.cacheRead ?? 0,
    reasoningTokens: usage.outputTokens.reasoning ?? 0,
  };
}

/** Builds the decision record of a finished request. */
export function buildRecord(options: {
  plan: RequestPlan;
  route: string;
  operation: 'generate' | 'stream';
  policyVersion: string;
  servedBy: string | null;
  finishedAt: number;
  ttftMs?: number;
  error?: { code: string; message: string };
  prompt?: unknown;
}): DecisionRecord {
  const { plan } = options;
  const usage: TokenUsage = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0 };
  let costUsd = 0;
  let wastedCostUsd = 0;
  for (const attempt of plan.attempts) {
    costUsd += attempt.costUsd;
    if (attempt.outcome === 'success' && attempt.targetId === options.servedBy) {
      if (attempt.usage) {
        usage.inputTokens += attempt.usage.inputTokens;
        usage.outputTokens += attempt.usage.outputTokens;
        usage.cachedInputTokens += attempt.usage.cachedInputTokens;
        usage.reasoningTokens += attempt.usage.reasoningTokens;
      }
    } else {
      wastedCostUsd += attempt.costUsd;
    }
  }
  const record: DecisionRecord = {
    schemaVersion: decisionRecordSchemaVersion,
    requestId: plan.requestId,
    time: new Date(plan.startedAt).toISOString(),
    route: options.route,
    operation: options.operation,
    context: plan.context,
    policyVersion: options.policyVersion,
    // The compiled policy's verdicts are frozen and shared: the record refers to them, no copy.
    verdicts: plan.verdicts as DecisionRecord['verdicts'],
    skipped: plan.skipped,
    attempts: plan.attempts,
    servedBy: options.servedBy,
    outcome: options.servedBy === null ? 'failed' : 'served',
    totals: {
      latencyMs: Math.max(0, options.finishedAt - plan.startedAt),
      ...(options.ttftMs === undefined ? {} : { ttftMs: options.ttftMs }),
      attempts: plan.attempts.length,
      fallbackDepth: fallbackDepthOf(plan.attempts, options.servedBy),
      usage,
      costUsd,
      wastedCostUsd,
    },
  };
  if (options.error) record.error = options.error;
  if (options.prompt !== undefined) record.prompt = options.prompt;
  return record;
}

/**
 * How many targets failed before `servedBy` served (0: the first target
 * tried served), as the record's `totals.fallbackDepth` counts it.
 */
export function fallbackDepthOf(attempts: readonly AttemptRecord[], servedBy: string | null): number {
  let depth = 0;
  let seen: string[] | undefined;
  for (const attempt of attempts) {
    if (attempt.targetId === servedBy) continue;
    seen ??= [];
    if (!seen.includes(attempt.targetId)) {
      seen.push(attempt.targetId);
      depth++;
    }
  }
  return depth;
}

/** Cost of one attempt's usage at the target's price. */
export function attemptCost(target: PreparedTarget, usage: TokenUsage | undefined): number {
  return costOf({ usage, price: target.price });
}
