import { z } from 'zod';
import { RequestContextSchema } from '../../context/request-context.js';
import { InstantSchema } from '../../time/instant-schema.js';

const ids = z.array(z.string().min(1)).min(1);

/**
 * Expected targets: a list of ids, or ids mapped to the exact rule ids that
 * decide their verdict (`[]`: no rule, the policy default).
 */
const TargetExpectationSchema = z.union([ids, z.record(z.string().min(1), z.array(z.string().min(1)))]);

/** One policy test: who asks, when, and which targets must be allowed or denied, by which rules. */
export const PolicyTestCaseSchema = z
  .object({
    /** What the case checks, shown in the results. */
    name: z.string().min(1).describe('What the case checks'),
    /** A route: its candidates and last resorts are the targets evaluated. */
    route: z.string().min(1).optional().describe('A route whose candidates are evaluated'),
    /** Target ids to evaluate instead of a route; neither: the whole catalog. */
    targets: ids.optional().describe('Target ids to evaluate instead of a route'),
    /** Who asks; merged over the config's defaults.context, as the router does. */
    context: RequestContextSchema.prefault({}).describe(
      "Who asks; merged over the config's defaults.context",
    ),
    /** The instant, ISO 8601 with an offset. */
    at: InstantSchema.describe('The instant, ISO 8601 with an offset, e.g. 2026-06-25T00:00:00Z'),
    /** The expected verdicts. */
    expect: z
      .object({
        /** Targets that must be allowed (optionally with the rule ids that allow them). */
        allowed: TargetExpectationSchema.optional().describe('Targets that must be allowed'),
        /** Targets that must be denied (optionally with the exact rule ids that deny them). */
        denied: TargetExpectationSchema.optional().describe('Targets that must be denied'),
      })
      .strict()
      .refine((value) => value.allowed !== undefined || value.denied !== undefined, {
        message: 'expected "allowed", "denied" or both',
      })
      .describe('The expected verdicts'),
  })
  .strict();

/** A file of policy tests, beside the config it tests. */
export const PolicyTestFileSchema = z
  .object({
    /** The config: a path relative to this file, or the config itself (inline). */
    config: z
      .union([z.string().min(1), z.record(z.string(), z.unknown())])
      .optional()
      .describe('The config: a path relative to this file, or inline'),
    /** The cases. */
    cases: z.array(PolicyTestCaseSchema).min(1).describe('The cases'),
  })
  .strict();

/** One policy test case. */
export type PolicyTestCase = z.infer<typeof PolicyTestCaseSchema>;
/** A file of policy tests. */
export type PolicyTestFile = z.infer<typeof PolicyTestFileSchema>;
