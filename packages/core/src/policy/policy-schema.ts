import { z } from 'zod';
import { capabilities } from '../target/target-schema.js';
import { InstantSchema } from '../time/instant-schema.js';

const codes = z.array(z.string().min(1)).min(1);

/**
 * When a rule applies, over the request context. Every field that is present
 * must hold. A caller jurisdiction or data class the request did not give (or
 * an unknown jurisdiction code) is treated as "could be anything": `deny` and
 * `require` rules apply to it, `allow` rules do not (fail closed). The
 * pseudo-jurisdiction `unknown` names such callers explicitly. An absent
 * tenant or tags list means none: tenant and tags conditions do not hold.
 */
export const PolicyConditionSchema = z
  .object({
    /** Caller jurisdiction is one of these country codes or groups; `unknown` matches a caller with no or an unknown jurisdiction. */
    jurisdiction: codes.optional().describe('Caller jurisdiction is one of these codes or groups'),
    /** Caller jurisdiction is none of these country codes or groups (`unknown`: and is known). */
    notJurisdiction: codes.optional().describe('Caller jurisdiction is none of these codes or groups'),
    /** Data class is one of these, e.g. `regulated`. */
    dataClass: codes.optional().describe('Data class is one of these'),
    /** Tenant matches one of these globs, e.g. `gov-*`. */
    tenant: codes.optional().describe('Tenant matches one of these globs, e.g. gov-*'),
    /** The request carries at least one of these tags. */
    tags: codes.optional().describe('The request carries at least one of these tags'),
  })
  .strict();

/**
 * Which targets a rule is about. Every field that is present must hold; lists
 * match when any entry matches (`capability`: when the target has all of them).
 * A target hosted in a group (`hostedIn: EU`) is "somewhere in it": a deny
 * rule on `FR` applies to it, a require or allow rule on `FR` does not.
 */
export const TargetPredicateSchema = z
  .object({
    /** Target id globs. */
    id: codes.optional().describe('Target id globs'),
    /** Provider names, e.g. `openai`. */
    provider: codes.optional().describe('Provider names'),
    /** Model id globs, e.g. `gpt-5*`. */
    model: codes.optional().describe('Model id globs'),
    /** Hosted in one of these codes or groups; `self` for on-premises. */
    hostedIn: codes.optional().describe('Hosted in one of these codes or groups, or self'),
    /** Hosted in none of these codes or groups. */
    notHostedIn: codes.optional().describe('Hosted in none of these codes or groups'),
    /** Model developed in one of these jurisdictions. */
    origin: codes.optional().describe("Model developer's jurisdiction is one of these"),
    /** Open or closed weights. */
    weights: z.enum(['open', 'closed']).optional().describe('open or closed weights'),
    /** Licence is one of these SPDX ids or names. */
    licence: codes.optional().describe('Licence is one of these'),
    /** The target has all of these capabilities. */
    capability: z
      .array(z.enum(capabilities))
      .min(1)
      .optional()
      .describe('The target has all of these capabilities'),
    /** The target has at least one of these tags. */
    tags: codes.optional().describe('The target has at least one of these tags'),
  })
  .strict();

/**
 * One rule. `deny`: matching targets may not serve. `require`: only matching
 * targets may serve. `allow`: matching targets may serve (decides only where
 * the policy's default is `deny`). Deny overrides everything. An `expires`
 * not after `effective` is a lint warning (`switchyard validate`): the rule
 * never applies.
 */
export const PolicyRuleSchema = z
  .object({
    /** Unique id, shown in verdicts and records, e.g. `us-export-2026/frontier`. */
    id: z.string().min(1).describe('Unique rule id'),
    /** What the rule does, in one sentence. */
    description: z.string().min(1).describe('What the rule does'),
    /** Where the rule comes from: a regulation, a contract, a ticket. */
    source: z.string().min(1).describe('Citation: regulation, contract or ticket'),
    /** `deny`, `require` or `allow`. */
    effect: z.enum(['deny', 'require', 'allow']).describe('deny, require or allow'),
    /** The rule applies from this instant on (inclusive); ISO 8601 with an offset, e.g. `2026-06-25T00:00:00Z`. */
    effective: InstantSchema.optional().describe(
      'ISO 8601 instant with an offset (Z or +hh:mm) from which the rule applies (inclusive)',
    ),
    /** The rule stops applying at this instant (exclusive); ISO 8601 with an offset. */
    expires: InstantSchema.optional().describe(
      'ISO 8601 instant with an offset (Z or +hh:mm) at which the rule stops applying (exclusive)',
    ),
    /** Conditions on the request context; absent: every request. */
    when: PolicyConditionSchema.optional().describe('Conditions on the request context'),
    /** The targets the rule is about; absent: every target. */
    targets: TargetPredicateSchema.optional().describe('The targets the rule is about'),
  })
  .strict();

/**
 * A policy: rules evaluated per request, deny overrides, fail closed.
 */
export const PolicySchema = z
  .object({
    /** A name for the policy, shown by `switchyard explain`. */
    id: z.string().min(1).optional().describe('A name for the policy'),
    /** What happens when no rule decides: `allow` (default) or `deny`. */
    defaultEffect: z.enum(['allow', 'deny']).default('allow').describe('allow or deny when no rule decides'),
    /**
     * A caller with no or an unknown jurisdiction: `restricted` (default)
     * treats it as possibly any jurisdiction (every jurisdiction-scoped deny
     * and require applies, no jurisdiction-scoped allow does); `deny` denies
     * it every target except those an `allow` rule naming `unknown` in
     * `when.jurisdiction` lets it use (deny and require still override).
     * There is no fail-open setting.
     */
    unknownJurisdiction: z
      .enum(['restricted', 'deny'])
      .default('restricted')
      .describe(
        'restricted (possibly any jurisdiction) or deny (denied everything but what an allow rule naming `unknown` permits)',
      ),
    /** Shipped policy packs to include, e.g. `us-export-control-2026`. */
    packs: z.array(z.string().min(1)).default([]).describe('Shipped policy packs to include by name'),
    /** The rules. */
    rules: z.array(PolicyRuleSchema).default([]).describe('The rules'),
  })
  .strict();

/** A policy as written (defaults not applied). */
export type PolicyInput = z.input<typeof PolicySchema>;
/** A validated policy. */
export type Policy = z.infer<typeof PolicySchema>;
/** One validated rule. */
export type PolicyRule = z.infer<typeof PolicyRuleSchema>;
/** A rule's context conditions. */
export type PolicyCondition = z.infer<typeof PolicyConditionSchema>;
/** A rule's target predicate. */
export type TargetPredicate = z.infer<typeof TargetPredicateSchema>;
