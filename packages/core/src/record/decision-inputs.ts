import { z } from 'zod';
import { amountUnits } from '../budget/budget-amount.js';
import { cutoffReasons } from '../failure/failure-kind.js';

/** The capabilities a call can require of a target (what the plan checks). */
export const requiredCapabilities = ['tools', 'json', 'vision'] as const;

/** Where a health fact came from: this process, or another process of the fleet (a shared health store). */
export const healthSources = ['local', 'fleet'] as const;

/**
 * Who set a health fact and when, as a fleet health store names it (the
 * fleet event that caused it: the process `by`, at `since`, of the target;
 * `switchyard health` and the store's stream show the same). Recorded only
 * with a store that names processes; a process-local store leaves it out.
 */
export const RecordedProvenanceSchema = z
  .object({
    /** `fleet`: another process of the fleet set it (this process learnt it from the shared view); `local`: this process did. */
    source: z.enum(healthSources),
    /** The process that set it (its store's `processId`). */
    by: z.string(),
    /** Epoch ms it was set (the fleet event's time). */
    since: z.number(),
  })
  .strict();

/** Provenance of a health fact as recorded. */
export type RecordedProvenance = z.infer<typeof RecordedProvenanceSchema>;

/**
 * The cut-off in force for the caller when the request was planned, as the
 * router read it (decision record v2). The failure's message is not repeated
 * here: the record's `skipped` entry for the target carries it when the plan
 * read it.
 */
export const RecordedCutoffSchema = z
  .object({
    /** The caller jurisdiction it applies to; absent: the whole target is cut off, for everyone. */
    jurisdiction: z.string().optional(),
    /** Why, when the signal said. */
    reason: z.enum(cutoffReasons).optional(),
    /** Epoch ms (router clock) it was detected. */
    since: z.number(),
    /** `true`: its probe was due, this request may try the target once; absent: not due. */
    probeDue: z.literal(true).optional(),
    /** `fleet`: another process detected it and this one learnt it from the shared view; absent or `local`: this process detected it. */
    source: z.enum(healthSources).optional(),
    /** The process that detected it (a fleet store's process id); absent: a process-local store. */
    by: z.string().optional(),
    /** Epoch ms this process learnt of it (a fleet cut-off arrives after `since`); absent: at `since`. */
    learnedAt: z.number().optional(),
  })
  .strict();

/** A cut-off as recorded. */
export type RecordedCutoff = z.infer<typeof RecordedCutoffSchema>;

/**
 * The health state in force for one candidate when the request was planned,
 * as the router read it. Only candidates that were not plainly available are
 * listed: a candidate absent from `health` had a model and was healthy.
 */
export const CandidateStateSchema = z
  .object({
    /** The candidate. */
    targetId: z.string(),
    /** `false`: no model was given for it in `createRouter({ models })` (skipped `no_model`). */
    model: z.literal(false).optional(),
    /** The cut-off in force for this caller. */
    cutoff: RecordedCutoffSchema.optional(),
    /** Epoch ms (router clock) until which it was rate limited: present only while in force. */
    rateLimitedUntil: z.number().optional(),
    /** Who set the rate limit in force, and when (a fleet store); absent: a process-local store. */
    rateLimitProvenance: RecordedProvenanceSchema.optional(),
    /** `true`: this process's circuit was not closed (ordered after the healthy candidates). */
    circuitOpen: z.literal(true).optional(),
    /** The fleet's shared circuit, open until `openUntil` (epoch ms) when the request was planned (ordered after the healthy candidates); absent: not open. */
    sharedCircuit: RecordedProvenanceSchema.extend({
      /** Epoch ms it stays open until. */
      openUntil: z.number(),
    })
      .strict()
      .optional(),
  })
  .strict();

/** One candidate's health state as recorded. */
export type CandidateState = z.infer<typeof CandidateStateSchema>;

/**
 * The state of one budget counter that could not pay for a candidate when
 * its turn came (a budget with `onExhausted: reroute`; the record's `skipped`
 * entry of the candidate has reason `budget`), as the budget store answered:
 * enough to tell again that it could not pay, and whether a budget of
 * another config would have. With `storeDown`, the store could not be
 * reached and the counter state is unknown.
 */
export const BudgetRefusalSchema = z
  .object({
    /** The candidate set aside. */
    targetId: z.string(),
    /** The budget that could not pay (its id in the budgets document). */
    budgetId: z.string(),
    /** The counter's key: the budget id plus its `per` values, e.g. `acme-daily|tenant=acme`. */
    key: z.string().optional(),
    /** The unit that ran out: `microUsd`, `tokens` or `requests`. */
    unit: z.enum(amountUnits).optional(),
    /** The limit in that unit (micro-dollars for `microUsd`). */
    limit: z.number().nonnegative().optional(),
    /** Spent and reserved in the window when the attempt asked, in that unit. */
    committed: z.number().nonnegative().optional(),
    /** What the attempt needed at least, in that unit (its upper bound). */
    needed: z.number().nonnegative().optional(),
    /** `true`: the store could not be reached and this process's lease was spent (`onStoreDown: local-only` sets hosted targets aside). */
    storeDown: z.literal(true).optional(),
  })
  .strict();

/** A budget refusal as recorded. */
export type BudgetRefusal = z.infer<typeof BudgetRefusalSchema>;

/**
 * Every input a decision read, except the prompt text, and the plan it made
 * (decision record v2, field `decision`). With the policy, catalog and price
 * table stored once beside the records (by the versions named here and the
 * record's `policyVersion`), `decide()` reproduces the plan from these inputs
 * alone. Fields a strategy did not read are absent, to keep records small.
 */
export const DecisionInputsSchema = z
  .object({
    /** Hash of the target catalog and routes the router was built with (the `catalog` document beside the records). */
    catalogVersion: z.string(),
    /** Hash of every target's resolved price (the `prices` document beside the records). */
    priceVersion: z.string(),
    /** Epoch ms of the plan, only when it is not exactly the instant `time` names (a fractional clock). */
    at: z.number().optional(),
    /** Capabilities the call required (tools, json, vision); absent: none. */
    requires: z.array(z.enum(requiredCapabilities)).optional(),
    /** The prompt's size estimate in tokens (4 characters a token; a file counts 1,000). */
    promptTokens: z.number().int().nonnegative(),
    /** Output tokens priced by the plan (`maxOutputTokens`, else 500). */
    outputTokens: z.number().int().nonnegative(),
    /** The health state in force per candidate that was not plainly available; absent: all were. */
    health: z.array(CandidateStateSchema).optional(),
    /** `fastest`: each candidate's time-to-first-token average, else latency average, ms (absent: none yet). */
    latencyMs: z.record(z.string(), z.number().nonnegative()).optional(),
    /** `least-busy`: attempts in flight per candidate. */
    inFlight: z.record(z.string(), z.number().int().nonnegative()).optional(),
    /** `weighted`: the random draws the order used, in the order they were drawn. */
    draws: z.array(z.number().min(0).max(1)).optional(),
    /** Hash of the budgets the router enforced (the `budgets` document beside the records); absent: no budgets. */
    budgetsVersion: z.string().optional(),
    /** The budget state that set candidates aside while the request ran (reroute on budget), per counter that could not pay; absent: none. */
    budget: z.array(BudgetRefusalSchema).optional(),
    /** The version of a policy a `setPolicy` put in force while the request ran, which admitted its later attempts. */
    admittedUnder: z.string().optional(),
    /** The plan: candidate ids in the order to try (healthy by strategy, then demoted, then the last resort). */
    order: z.array(z.string()),
    /** How many leading entries of the record's `skipped` the plan made (the rest were found while it ran); absent: 0. */
    planSkipped: z.number().int().positive().optional(),
  })
  .strict();

/** Every input a decision read, and its plan (decision record v2). */
export type DecisionInputs = z.infer<typeof DecisionInputsSchema>;
