import {
  type MidStreamMode,
  midStreamModes,
  type RequestContext,
  RequestContextSchema,
} from '@switchyard/core';
import { z } from 'zod';

/** Options a request may give in `providerOptions.switchyard`. */
export const RequestOptionsSchema = RequestContextSchema.extend({
  /** Deadline of this call, in ms (overrides the router's). */
  deadlineMs: z.number().int().positive().optional().describe('Deadline of this call, in ms'),
  /** What a stream that fails after content reached the caller does (overrides the route's): `continue` or `error`. */
  midStream: z
    .enum(midStreamModes)
    .optional()
    .describe('continue (finish the answer on the next candidate) or error, after a mid-stream failure'),
}).strict();

/**
 * Valid per-request options, split as the router uses them: the context
 * (exactly the parsed options without `deadlineMs` and `midStream`: the same
 * keys in the same order, a key given as `undefined` kept as `undefined`),
 * and the call's own deadline and mid-stream mode when it gives them.
 */
export interface ParsedRequestOptions {
  /** The request's own context fields (jurisdiction, dataClass, tenant, tags). */
  readonly context: RequestContext;
  /** `deadlineMs`, when the options give it. */
  readonly deadlineMs: number | undefined;
  /** `midStream`, when the options give it. */
  readonly midStream: MidStreamMode | undefined;
}
