/**
 * How a cell (one scenario through one system) is scored, as the catalogue
 * defines it: each check on the metrics of both views (what the caller got,
 * what the wall saw), then the verdict: pass (rescued, every check clean),
 * partial (rescued, an advisory check failed; or, for S13, answered by
 * routing around the rejection), safe (not rescued, a bounded clean error,
 * every required check clean), fail (a hang, a truncated answer presented as
 * success, or a required check failed).
 */
import type { CatalogueCheck, CatalogueScenario } from './catalogue.js';

/** What one cell measured. */
export interface CellMetrics {
  readonly outcome: 'success' | 'error' | 'hang';
  /** Success with the complete canonical answer (whitespace normalised). */
  readonly complete: boolean;
  readonly contentWords: number;
  readonly error: string | undefined;
  readonly elapsedS: number;
  readonly reportedModel: string | undefined;
  readonly usagePresent: boolean;
  readonly attemptsPrimary: number;
  readonly attemptsFallback: number;
  /** Seconds since the wall's reset of each primary attempt. */
  readonly primaryTimes: readonly number[];
  readonly prefillRejections: number;
  readonly aliveAfter: boolean;
  readonly sequence?: {
    readonly hangs: number;
    readonly requests: number;
    readonly requestsDuringDown: number;
    readonly servedDuringDown: number;
    readonly primaryAttemptsDuringDown: number;
    /** Seconds after the recovery at which the primary answered again. */
    readonly recoveredAfterS: number | undefined;
  };
}

/** One check's result. */
export interface CheckResult {
  readonly id: string;
  readonly status: 'pass' | 'fail' | 'na' | 'info';
  readonly advisory: boolean;
  readonly detail: string;
}

/** One cell's verdict. */
export type Verdict = 'pass' | 'partial' | 'safe' | 'fail';

/** The key a model name is compared by: the part after any provider prefix. */
export const tagKey = (model: string | undefined): string =>
  (model ?? '').split('/').at(-1)?.trim().toLowerCase() ?? '';

/**
 * Scores one check.
 *
 * @param options.hasFallback whether the system declares a fallback (`requires: fallback`).
 */
export function scoreCheck(options: {
  check: CatalogueCheck;
  metrics: CellMetrics;
  scenario: CatalogueScenario;
  hasFallback: boolean;
}): CheckResult {
  const { check, metrics: m, scenario } = options;
  const result = (ok: boolean | undefined, detail: string): CheckResult => ({
    id: check.id,
    status: ok === undefined ? 'na' : ok ? 'pass' : check.informational ? 'info' : 'fail',
    advisory: check.severity === 'advisory',
    detail,
  });
  if (check.requires === 'fallback' && !options.hasFallback) return result(undefined, 'n/a: no fallback');
  const value = check.value ?? 0;
  const primary = `${m.attemptsPrimary} primary attempt(s)`;
  switch (check.kind) {
    case 'no_hang':
      return result(m.outcome !== 'hang', `ended in ${m.elapsedS.toFixed(1)} s (${m.outcome})`);
    case 'complete':
      return result(m.outcome === 'success' && m.complete, m.complete ? 'complete answer' : m.outcome);
    case 'no_truncated_success': {
      const bad = m.outcome === 'success' && !m.complete;
      return result(
        !bad,
        bad
          ? `success with ${m.contentWords}/60 words`
          : m.outcome === 'success'
            ? 'complete answer'
            : `no success claimed (${m.outcome})`,
      );
    }
    case 'attempts_primary_min':
      return result(m.attemptsPrimary >= value, primary);
    case 'attempts_primary_max':
      return result(m.attemptsPrimary <= value, primary);
    case 'attempts_primary_eq':
      return result(m.attemptsPrimary === value, primary);
    case 'first_gap_min_s': {
      const [first, second] = m.primaryTimes;
      const gap = first !== undefined && second !== undefined ? second - first : undefined;
      return result(
        gap !== undefined && gap >= value,
        gap === undefined ? 'no second attempt' : `gap ${gap.toFixed(2)} s`,
      );
    }
    case 'max_attempts_within': {
      const first = m.primaryTimes[0];
      const count =
        first === undefined ? 0 : m.primaryTimes.filter((time) => time - first < (check.windowS ?? 0)).length;
      return result(count <= value, `${count} attempt(s) in the first ${check.windowS} s`);
    }
    case 'wall_max_s':
      return result(m.outcome !== 'hang' && m.elapsedS <= value, `${m.elapsedS.toFixed(1)} s`);
    case 'alive_after':
      return result(
        m.aliveAfter,
        m.aliveAfter ? 'a healthy call succeeded afterwards' : 'a healthy call failed afterwards',
      );
    case 'fallback_used':
      return result(m.attemptsFallback >= 1, `${m.attemptsFallback} fallback attempt(s)`);
    case 'reported_model_is_fallback':
      if (m.attemptsFallback === 0) return result(undefined, 'n/a: the fallback was never used');
      return result(
        tagKey(m.reportedModel).includes(tagKey(scenario.fallbackModel)),
        `response model ${m.reportedModel}`,
      );
    case 'usage_present':
      return result(m.usagePresent, m.usagePresent ? 'usage reported' : 'no usage');
    case 'no_prefill_masking': {
      const masked = m.outcome === 'error' && m.prefillRejections > 0;
      return result(
        !masked,
        `${m.prefillRejections} prefill rejection(s) at the fallback; final outcome ${m.outcome}`,
      );
    }
    case 'seq_no_hang':
      return result(
        m.sequence?.hangs === 0,
        `${m.sequence?.hangs} hung request(s) of ${m.sequence?.requests}`,
      );
    case 'seq_served_during_outage': {
      const s = m.sequence;
      return result(
        s !== undefined && s.requestsDuringDown > 0 && s.servedDuringDown === s.requestsDuringDown,
        `${s?.servedDuringDown}/${s?.requestsDuringDown} requests answered while the primary was down`,
      );
    }
    case 'seq_recovered_within_s': {
      const after = m.sequence?.recoveredAfterS;
      return result(
        after !== undefined && after <= value,
        after === undefined
          ? 'primary never used again after recovery'
          : `primary answered again ${after.toFixed(1)} s after recovery`,
      );
    }
    case 'seq_probe_discipline': {
      const s = m.sequence;
      return result(
        s !== undefined && s.primaryAttemptsDuringDown <= s.requestsDuringDown,
        `${s?.primaryAttemptsDuringDown} primary attempt(s) for ${s?.requestsDuringDown} request(s) during the outage`,
      );
    }
  }
}

/** The verdict of a cell from its metrics and checks, with the reason. */
export function verdictOf(options: {
  scenario: CatalogueScenario;
  metrics: CellMetrics;
  checks: readonly CheckResult[];
}): { verdict: Verdict; reason: string } {
  const { scenario, metrics, checks } = options;
  if (metrics.outcome === 'hang') return { verdict: 'fail', reason: 'hang' };
  if (metrics.outcome === 'success' && !metrics.complete && scenario.ideal === 'success')
    return { verdict: 'fail', reason: 'truncated answer presented as success' };
  const failedRequired = checks
    .filter((check) => check.status === 'fail' && !check.advisory)
    .map((check) => check.id);
  if (failedRequired.length > 0) return { verdict: 'fail', reason: `failed: ${failedRequired.join(', ')}` };
  const failedAdvisory = checks
    .filter((check) => check.status === 'fail' && check.advisory)
    .map((check) => check.id);
  let rescued: boolean;
  if (scenario.ideal === 'success') rescued = metrics.outcome === 'success' && metrics.complete;
  else {
    if (metrics.outcome === 'success')
      return { verdict: 'partial', reason: 'answered by routing around the rejection' };
    rescued = metrics.outcome === 'error';
  }
  if (rescued)
    return failedAdvisory.length > 0
      ? { verdict: 'partial', reason: `rescued; advisory: ${failedAdvisory.join(', ')}` }
      : { verdict: 'pass', reason: 'rescued' };
  return { verdict: 'safe', reason: `not rescued, clean error: ${(metrics.error ?? '').slice(0, 80)}` };
}
