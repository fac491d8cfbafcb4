import { z } from 'zod';
import { RequestContextSchema } from '../context/request-context.js';
import { cutoffReasons, failureKinds } from '../failure/failure-kind.js';
import { ChainLinkSchema } from './chain-link.js';
import { DecisionInputsSchema } from './decision-inputs.js';

/**
 * The version of the decision record format this package writes: 2 (the
 * inputs of the decision in `decision`). Version 1 records stay readable.
 */
export const decisionRecordSchemaVersion = 2;

/** Every decision record format this package reads. */
export const decisionRecordSchemaVersions = [1, 2] as const;

/** Token counts of one attempt or a whole request. */
export const TokenUsageSchema = z
  .object({
    /** Input (prompt) tokens, cache reads and cache writes included. */
    inputTokens: z.number().int().nonnegative(),
    /** Output (completion) tokens, reasoning ones included (also where the provider reports them apart). */
    outputTokens: z.number().int().nonnegative(),
    /** Input tokens read from the provider's prompt cache. */
    cachedInputTokens: z.number().int().nonnegative().default(0),
    /** Input tokens written to the provider's prompt cache (Anthropic's `cache_creation_input_tokens`); absent: 0. */
    cacheWriteInputTokens: z.number().int().nonnegative().optional(),
    /** Output tokens spent on reasoning. */
    reasoningTokens: z.number().int().nonnegative().default(0),
  })
  .strict();

/** Token counts. */
export type TokenUsage = z.infer<typeof TokenUsageSchema>;

/** One candidate's policy verdict, as recorded. */
export const RecordedVerdictSchema = z
  .object({
    targetId: z.string(),
    allowed: z.boolean(),
    effect: z.enum(['deny', 'require', 'allow', 'default', 'restricted']),
    ruleIds: z.array(z.string()),
    /**
     * The policy's readable reason. Version 2 records leave it out: the
     * policy stored beside the records (by `policyVersion`) gives it again
     * from the effect and rule ids (`switchyard replay`).
     */
    reason: z.string().optional(),
  })
  .strict();

/** Why a candidate the policy allowed was not attempted. */
export const skippedReasons = [
  'cutoff',
  'circuit_open',
  'bulkhead_full',
  'rate_limited',
  'capability',
  'context_window',
  'no_model',
  'policy',
  'declined',
  'budget',
] as const;

/** A candidate the policy allowed but that was not attempted, and why. */
export const SkippedCandidateSchema = z
  .object({
    targetId: z.string(),
    /**
     * `cutoff` (quarantined for this caller), `circuit_open` (open circuit, or a
     * demoted one not reached), `bulkhead_full`, `rate_limited` (ordered after
     * healthy candidates after a 429, not reached), `capability`,
     * `context_window`, `no_model`, `policy` (the policy denied it by the time
     * its turn came: a policy change or an effective date passed while the
     * request ran), `declined` (an attempt hook declined it), or `budget` (a
     * budget with `onExhausted: reroute` cannot pay for it, or its store is
     * unreachable: `budgetIds` names them). Records of schema version 1
     * written before this spelling say `cut_off`: read as `cutoff`.
     */
    reason: z.preprocess((value) => (value === 'cut_off' ? 'cutoff' : value), z.enum(skippedReasons)),
    /** What exactly, readable. */
    detail: z.string(),
    /** For reason `budget`: the budgets that could not pay, by id. */
    budgetIds: z.array(z.string()).optional(),
  })
  .strict();

/** An amount of a budget: integer micro-dollars, tokens, requests. */
export const BudgetAmountSchema = z
  .object({
    /** Integer micro-dollars (1 USD = 1,000,000). */
    microUsd: z.number().int().nonnegative(),
    /** Input plus output tokens. */
    tokens: z.number().int().nonnegative(),
    /** Attempts sent to a target. */
    requests: z.number().int().nonnegative(),
  })
  .strict();

/** One budget counter an attempt counted against. */
export const CountedBudgetSchema = z
  .object({
    /** The budget's id. */
    budgetId: z.string(),
    /** Its counter key: the id plus `per` values, e.g. `acme-daily|tenant=acme`. */
    key: z.string(),
  })
  .strict();

/**
 * What the budgets made of one attempt: the counters it counted against,
 * what was reserved before it (its upper bound) and what it was charged
 * after it (its cost; the attempt's `costUsd` is `charged.microUsd` in USD).
 */
export const AttemptBudgetSchema = z
  .object({
    /** Every counter it counted against. */
    counted: z.array(CountedBudgetSchema),
    /** Reserved before the attempt. */
    reserved: BudgetAmountSchema,
    /** Charged when it was reconciled. */
    charged: BudgetAmountSchema,
    /** The output cap the budgets passed to a call that set no `maxOutputTokens`. */
    outputCap: z.number().int().nonnegative().optional(),
    /** `warn` budgets that could not have paid for it, by id (it went ahead). */
    exceeded: z.array(z.string()).optional(),
    /** The store was unreachable: reserved from this process's lease (`lease`), or not counted at all (`uncounted`, a self-hosted target under `onStoreDown: local-only`). */
    storeDown: z.enum(['lease', 'uncounted']).optional(),
  })
  .strict();

/** How one attempt continued a stream after another attempt failed mid-answer. */
export const StreamContinuationSchema = z
  .object({
    /** Characters the caller had received before this attempt began: the splice point. */
    fromChars: z.number().int().nonnegative(),
    /**
     * How the answer so far was handed over: `prefill` (as an assistant
     * message the model continues), `explicit` (as an assistant message
     * followed by a request to continue it, for targets that reject a
     * prefill), or `restart` (no text had been delivered, only reasoning: the
     * original prompt, unchanged).
     */
    mode: z.enum(['prefill', 'explicit', 'restart']),
    /** Characters of this attempt's output dropped because the caller already had them (a repeated overlap). */
    overlapChars: z.number().int().nonnegative(),
  })
  .strict();

/** How one attempt continued a stream. */
export type StreamContinuation = z.infer<typeof StreamContinuationSchema>;

/** One attempt against one target. */
export const AttemptRecordSchema = z
  .object({
    targetId: z.string(),
    provider: z.string(),
    model: z.string(),
    /** Milliseconds from the start of the request to the start of this attempt. */
    startMs: z.number().nonnegative(),
    /** Milliseconds this attempt took, until success or failure. */
    latencyMs: z.number().nonnegative(),
    /** Milliseconds from the start of the attempt to its first content part (streams). */
    ttftMs: z.number().nonnegative().optional(),
    /** `success`, `failure`, or `aborted` by the caller or the deadline. */
    outcome: z.enum(['success', 'failure', 'aborted']),
    failureKind: z.enum(failureKinds).optional(),
    cutoffReason: z.enum(cutoffReasons).optional(),
    /** HTTP status of the failure, if any. */
    status: z.number().int().optional(),
    /** Provider error code or type, if any. */
    code: z.string().optional(),
    /** Readable failure message, secrets removed. */
    message: z.string().optional(),
    /** 0 for the first attempt on this target in this request, 1 for its first retry, ... */
    retry: z.number().int().nonnegative(),
    usage: TokenUsageSchema.optional(),
    /** The usage is the router's upper bound, not the provider's: a stream cut before its finish part, or an answer whose provider reported no usage (the prompt's bound and the UTF-8 bytes delivered). */
    usageEstimated: z.literal(true).optional(),
    /** USD; attempts that failed after using tokens still cost. */
    costUsd: z.number().nonnegative(),
    /**
     * Streams: characters of output (text, reasoning, tool input) this attempt
     * handed to the caller. On an attempt that failed mid-stream it is the
     * splice point: where the next attempt took over. Absent: none (or not a stream).
     */
    deliveredChars: z.number().int().nonnegative().optional(),
    /** Streams: set on an attempt that finished an answer another attempt had started (mid-stream continuation). */
    continuation: StreamContinuationSchema.optional(),
    /** What the budgets reserved and charged, when the attempt counted against one. */
    budget: AttemptBudgetSchema.optional(),
    /**
     * What the provider warned of this attempt's answer, one readable line each
     * (`<type>: <what>`: a setting it did not take, content it left out, such as
     * a content block of a type the adapter does not know). Never answer text.
     * Absent: none.
     */
    warnings: z.array(z.string()).optional(),
  })
  .strict();

/** What the budgets made of one attempt. */
export type AttemptBudget = z.infer<typeof AttemptBudgetSchema>;

/** One attempt. */
export type AttemptRecord = z.infer<typeof AttemptRecordSchema>;

/**
 * One request's evidence: who asked, what the policy said of every candidate,
 * every attempt, who served it and what it cost. Never holds prompt text or
 * keys unless the router's `recordPrompts` is on.
 */
export const DecisionRecordSchema = z
  .object({
    /** 1 (no `decision`) or 2 (with `decision`). */
    schemaVersion: z.union([z.literal(1), z.literal(2)]),
    /** Unique request id. */
    requestId: z.string(),
    /** ISO 8601 time the request started. */
    time: z.string().datetime({ offset: true }),
    route: z.string(),
    operation: z.enum(['generate', 'stream']),
    context: RequestContextSchema,
    /** Hash of the compiled policy that decided. */
    policyVersion: z.string(),
    verdicts: z.array(RecordedVerdictSchema),
    skipped: z.array(SkippedCandidateSchema),
    attempts: z.array(AttemptRecordSchema),
    /** Target that served the request, or null when it failed. */
    servedBy: z.string().nullable(),
    outcome: z.enum(['served', 'failed']),
    /** The error the caller saw, when it failed. */
    error: z.object({ code: z.string(), message: z.string() }).strict().optional(),
    totals: z
      .object({
        latencyMs: z.number().nonnegative(),
        ttftMs: z.number().nonnegative().optional(),
        attempts: z.number().int().nonnegative(),
        /** Distinct targets tried before the one that served (0: the first one served). */
        fallbackDepth: z.number().int().nonnegative(),
        /** Attempts that continued a stream after a mid-answer failure; absent when none did. */
        continuations: z.number().int().positive().optional(),
        usage: TokenUsageSchema,
        /** All attempts' cost, wasted included. */
        costUsd: z.number().nonnegative(),
        /** Cost of the attempts whose output did not reach the caller (`attemptReachedCaller`). */
        wastedCostUsd: z.number().nonnegative(),
      })
      .strict(),
    /** Free-form labels, e.g. a drill's name and phase. */
    labels: z.record(z.string(), z.string()).optional(),
    /** The prompt, only when `recordPrompts` is enabled. */
    prompt: z.unknown().optional(),
    /** Version 2: every input the decision read (except prompt text) and its plan; required in version 2, absent in 1. */
    decision: DecisionInputsSchema.optional(),
    /** The record's place in a tamper-evident log, when the sink chains records. */
    chain: ChainLinkSchema.optional(),
  })
  .strict()
  .superRefine((record, context) => {
    if (record.schemaVersion === 2 && record.decision === undefined)
      context.addIssue({
        code: 'custom',
        path: ['decision'],
        message: 'a version 2 record carries the inputs of its decision in `decision`',
      });
    if (record.schemaVersion === 1 && record.decision !== undefined)
      context.addIssue({
        code: 'custom',
        path: ['schemaVersion'],
        message: 'a record with `decision` is version 2',
      });
  });

/** One request's evidence. */
export type DecisionRecord = z.infer<typeof DecisionRecordSchema>;
