import type { SharedV4ProviderOptions } from '@ai-sdk/provider';
import { type CompiledPolicy, type RequestContext, RequestContextSchema } from '@switchyard/core';
import { z } from 'zod';
import { RequestOptionsError } from '../errors/request-options-error.js';

/** Options a request may give in `providerOptions.switchyard`. */
export const RequestOptionsSchema = RequestContextSchema.extend({
  /** Deadline of this call, in ms (overrides the router's). */
  deadlineMs: z.number().int().positive().optional().describe('Deadline of this call, in ms'),
}).strict();

/**
 * The context and deadline of one request: `providerOptions.switchyard` over
 * the ambient context (`router.withContext`) over the config's default. The
 * one place per-request options are parsed: a shared validator plugs in here.
 * With no `providerOptions.switchyard`, nothing is parsed (the hot path).
 *
 * @throws {RequestOptionsError} when `providerOptions.switchyard` is invalid or names an unknown jurisdiction.
 */
export function resolveRequestContext(options: {
  providerOptions: SharedV4ProviderOptions | undefined;
  ambient: RequestContext | undefined;
  defaults: RequestContext;
  policy: CompiledPolicy;
  deadlineMs: number | undefined;
}): { context: RequestContext; deadlineMs: number | undefined } {
  const given = options.providerOptions?.switchyard;
  if (given === undefined) {
    return { context: options.ambient ?? options.defaults, deadlineMs: options.deadlineMs };
  }
  const parsed = RequestOptionsSchema.safeParse(given);
  if (!parsed.success) {
    throw new RequestOptionsError({
      issues: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    });
  }
  const { deadlineMs, ...context } = parsed.data;
  checkJurisdiction(context.jurisdiction, options.policy);
  return {
    context: { ...options.defaults, ...options.ambient, ...context },
    deadlineMs: deadlineMs ?? options.deadlineMs,
  };
}

function checkJurisdiction(jurisdiction: string | undefined, policy: CompiledPolicy): void {
  const jurisdictions = policy.jurisdictions;
  if (jurisdiction !== undefined && !jurisdictions.isKnown(jurisdiction)) {
    throw new RequestOptionsError({
      issues: [
        `jurisdiction: "${jurisdiction}" is neither an ISO 3166-1 alpha-2 code (upper case, e.g. DE) nor a group (${jurisdictions.groupNames.join(', ')})`,
      ],
    });
  }
}

/**
 * Validates a `router.withContext` context (its jurisdiction included) and
 * applies the config's default under it.
 *
 * @throws {RequestOptionsError} when the context is invalid.
 */
export function parseAmbientContext(
  context: RequestContext,
  defaults: RequestContext,
  policy: CompiledPolicy,
): RequestContext {
  const parsed = RequestContextSchema.safeParse(context);
  if (!parsed.success) {
    throw new RequestOptionsError({
      issues: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    });
  }
  checkJurisdiction(parsed.data.jurisdiction, policy);
  return { ...defaults, ...parsed.data };
}
