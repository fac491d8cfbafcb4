/**
 * Allowed or denied, for one target in one context, with the evidence.
 */
export interface Verdict {
  /** The target this verdict is about. */
  readonly targetId: string;
  /** Whether the target may serve this request. */
  readonly allowed: boolean;
  /**
   * What decided: `deny` (a deny rule matched), `require` (a require rule
   * matched the context and this target did not satisfy it), `allow` (an
   * allow rule matched), `default` (no rule matched: the policy default),
   * `restricted` (the caller's jurisdiction is absent or unknown and the
   * policy fails closed).
   */
  readonly effect: 'deny' | 'require' | 'allow' | 'default' | 'restricted';
  /** Ids of the rules that decided (empty for `default`). */
  readonly ruleIds: readonly string[];
  /** A readable reason, e.g. `denied by us-export-2026/frontier-cn (effective 2026-06-25): ...`. */
  readonly reason: string;
}
