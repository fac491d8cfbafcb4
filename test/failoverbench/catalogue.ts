/**
 * The public failover catalogue (failoverbench, `scenarios/catalogue.yaml`,
 * methodology v0.1, profile `full`), transcribed as data for our port, plus
 * four ban scenarios of our own. Checks keep the catalogue's ids, kinds,
 * values, severities and `requires`.
 */

/** A check the runner scores (the catalogue's kinds). */
export interface CatalogueCheck {
  readonly id: string;
  readonly kind:
    | 'no_hang'
    | 'complete'
    | 'no_truncated_success'
    | 'attempts_primary_min'
    | 'attempts_primary_max'
    | 'attempts_primary_eq'
    | 'first_gap_min_s'
    | 'max_attempts_within'
    | 'wall_max_s'
    | 'alive_after'
    | 'fallback_used'
    | 'reported_model_is_fallback'
    | 'usage_present'
    | 'no_prefill_masking'
    | 'seq_no_hang'
    | 'seq_served_during_outage'
    | 'seq_recovered_within_s'
    | 'seq_probe_discipline';
  readonly value?: number;
  readonly windowS?: number;
  /** `advisory`: failing it makes a rescued cell partial, not fail. */
  readonly severity?: 'advisory';
  /** n/a for a system without this capability. */
  readonly requires?: 'fallback';
  /** Never affects the verdict. */
  readonly informational?: boolean;
}

/** One scenario of the catalogue. */
export interface CatalogueScenario {
  readonly id: string;
  readonly title: string;
  /** The model name that selects the fault at the wall. */
  readonly model: string;
  readonly fallbackModel: string;
  /** What the caller should get: the complete answer, or (S13) a clean error. */
  readonly ideal: 'success' | 'error';
  readonly maxWallS: number;
  readonly sequence?: {
    readonly count: number;
    readonly intervalS: number;
    readonly perRequestMaxWallS: number;
  };
  readonly checks: readonly CatalogueCheck[];
}

const noHang: CatalogueCheck = { id: 'no_hang', kind: 'no_hang' };

/** The sixteen scenarios S01–S16. */
export const catalogue: readonly CatalogueScenario[] = [
  {
    id: 'S01',
    title: '429 with Retry-After',
    model: 'fb-s01-429-retry-after',
    fallbackModel: 'fb-ok',
    ideal: 'success',
    maxWallS: 20,
    checks: [
      { id: 'retried', kind: 'attempts_primary_min', value: 2, severity: 'advisory' },
      { id: 'retry_after_honoured', kind: 'first_gap_min_s', value: 1.8, severity: 'advisory' },
      { id: 'no_hammer', kind: 'max_attempts_within', windowS: 1.5, value: 2 },
    ],
  },
  {
    id: 'S02',
    title: '429 without Retry-After, persistent',
    model: 'fb-s02-429-persistent',
    fallbackModel: 'fb-ok',
    ideal: 'success',
    maxWallS: 40,
    checks: [
      { id: 'no_hammer', kind: 'max_attempts_within', windowS: 3, value: 4 },
      { id: 'bounded_attempts', kind: 'attempts_primary_max', value: 6 },
      noHang,
    ],
  },
  {
    id: 'S03',
    title: '500 once, then healthy',
    model: 'fb-s03-500-then-200',
    fallbackModel: 'fb-ok',
    ideal: 'success',
    maxWallS: 20,
    checks: [
      noHang,
      { id: 'same_provider_retry', kind: 'attempts_primary_min', value: 2, severity: 'advisory' },
    ],
  },
  {
    id: 'S04',
    title: '503 persistent',
    model: 'fb-s04-503-persistent',
    fallbackModel: 'fb-ok',
    ideal: 'success',
    maxWallS: 40,
    checks: [{ id: 'bounded_attempts', kind: 'attempts_primary_max', value: 6 }, noHang],
  },
  {
    id: 'S05',
    title: 'TCP reset before headers',
    model: 'fb-s05-reset',
    fallbackModel: 'fb-ok',
    ideal: 'success',
    maxWallS: 20,
    checks: [noHang],
  },
  {
    id: 'S06',
    title: 'No response at all',
    model: 'fb-s06-no-response',
    fallbackModel: 'fb-ok',
    ideal: 'success',
    maxWallS: 130,
    checks: [
      { id: 'within_budget', kind: 'wall_max_s', value: 100 },
      noHang,
      { id: 'silent_route_not_retried', kind: 'attempts_primary_max', value: 1, severity: 'advisory' },
    ],
  },
  {
    id: 'S07',
    title: 'Slow first token',
    model: 'fb-s07-slow-ttft',
    fallbackModel: 'fb-ok',
    ideal: 'success',
    maxWallS: 60,
    checks: [
      noHang,
      { id: 'ttft_limit', kind: 'wall_max_s', value: 15, severity: 'advisory', requires: 'fallback' },
    ],
  },
  {
    id: 'S08',
    title: 'Stream cut mid-answer',
    model: 'fb-s08-stream-cut',
    fallbackModel: 'fb-ok',
    ideal: 'success',
    maxWallS: 40,
    checks: [{ id: 'no_truncated_success', kind: 'no_truncated_success' }, noHang],
  },
  {
    id: 'S09',
    title: 'Stream stalls',
    model: 'fb-s09-stream-stall',
    fallbackModel: 'fb-ok',
    ideal: 'success',
    maxWallS: 70,
    checks: [
      { id: 'bounded', kind: 'wall_max_s', value: 45 },
      { id: 'no_truncated_success', kind: 'no_truncated_success' },
      { id: 'alive_after', kind: 'alive_after' },
      noHang,
    ],
  },
  {
    id: 'S10',
    title: 'Malformed chunk in the stream',
    model: 'fb-s10-malformed-chunk',
    fallbackModel: 'fb-ok',
    ideal: 'success',
    maxWallS: 30,
    checks: [
      { id: 'alive_after', kind: 'alive_after' },
      { id: 'no_garbage', kind: 'no_truncated_success' },
      noHang,
      { id: 'recovered_in_place', kind: 'complete', severity: 'advisory' },
    ],
  },
  {
    id: 'S11',
    title: 'Stream ends without [DONE]',
    model: 'fb-s11-no-done',
    fallbackModel: 'fb-ok',
    ideal: 'success',
    maxWallS: 30,
    checks: [
      { id: 'prompt_finalise', kind: 'wall_max_s', value: 8 },
      { id: 'usage_reported', kind: 'usage_present', severity: 'advisory' },
    ],
  },
  {
    id: 'S12',
    title: 'Context length exceeded',
    model: 'fb-s12-context-length',
    fallbackModel: 'fb-ok',
    ideal: 'success',
    maxWallS: 20,
    checks: [{ id: 'no_same_model_retry', kind: 'attempts_primary_eq', value: 1 }, noHang],
  },
  {
    id: 'S13',
    title: 'Content-filter rejection',
    model: 'fb-s13-content-filter',
    fallbackModel: 'fb-ok',
    ideal: 'error',
    maxWallS: 20,
    checks: [
      { id: 'no_same_model_retry', kind: 'attempts_primary_eq', value: 1 },
      noHang,
      { id: 'fallback_attempted', kind: 'fallback_used', severity: 'advisory', informational: true },
    ],
  },
  {
    id: 'S14',
    title: 'Fallback target rejects prefill',
    model: 'fb-s14-stream-cut',
    fallbackModel: 'fb-ok-noprefill',
    ideal: 'success',
    maxWallS: 40,
    checks: [
      { id: 'no_prefill_masking', kind: 'no_prefill_masking' },
      { id: 'no_truncated_success', kind: 'no_truncated_success' },
    ],
  },
  {
    id: 'S15',
    title: 'Primary flaps: down, then healthy',
    model: 'fb-s15-flap',
    fallbackModel: 'fb-ok',
    ideal: 'success',
    maxWallS: 200,
    sequence: { count: 20, intervalS: 4, perRequestMaxWallS: 30 },
    checks: [
      { id: 'no_hang', kind: 'seq_no_hang' },
      { id: 'served_during_outage', kind: 'seq_served_during_outage', requires: 'fallback' },
      { id: 'recovered', kind: 'seq_recovered_within_s', value: 30, requires: 'fallback' },
      { id: 'probe_discipline', kind: 'seq_probe_discipline', severity: 'advisory', informational: true },
    ],
  },
  {
    id: 'S16',
    title: 'Fail-over accounting',
    model: 'fb-s16-503-persistent',
    fallbackModel: 'fb-ok',
    ideal: 'success',
    maxWallS: 40,
    checks: [
      { id: 'reports_fallback_model', kind: 'reported_model_is_fallback', requires: 'fallback' },
      { id: 'usage_present', kind: 'usage_present', requires: 'fallback', severity: 'advisory' },
      { id: 'bounded_attempts', kind: 'attempts_primary_max', value: 6 },
    ],
  },
];

/** A ban scenario of our own: the provider cuts the target off for good. */
export interface BanScenario {
  readonly id: string;
  readonly title: string;
  readonly model: string;
  readonly fallbackModel: string;
  /** The cut-off reason the router must record. */
  readonly cutoffReason: 'region_blocked' | 'model_withdrawn' | 'key_revoked' | 'quota_exhausted';
}

/** Four bans no public benchmark has. */
export const banScenarios: readonly BanScenario[] = [
  {
    id: 'B1',
    title: '403 region block',
    model: 'fb-b01-region-block',
    fallbackModel: 'fb-ok',
    cutoffReason: 'region_blocked',
  },
  {
    id: 'B2',
    title: '404 withdrawn model',
    model: 'fb-b02-model-withdrawn',
    fallbackModel: 'fb-ok',
    cutoffReason: 'model_withdrawn',
  },
  {
    id: 'B3',
    title: '401 revoked key',
    model: 'fb-b03-key-revoked',
    fallbackModel: 'fb-ok',
    cutoffReason: 'key_revoked',
  },
  {
    id: 'B4',
    title: '429 insufficient_quota',
    model: 'fb-b04-insufficient-quota',
    fallbackModel: 'fb-ok',
    cutoffReason: 'quota_exhausted',
  },
];
