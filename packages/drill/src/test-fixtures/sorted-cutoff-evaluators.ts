// The cut-off evaluators as they were before they checked attempts as a watermark passed them: every
// line kept and sorted by start at the verdict. The reference the property test compares against.
import type { DecisionRecord, Target } from '@switchyard/core';
import { healthDefaults } from '@switchyard/router';
import type { AssertionEvaluator } from '../assertions/assertion-evaluator.js';
import { type AssertionFacts, type AssertionVerdict, pushExample } from '../assertions/assertion-verdict.js';
import type { Assertion } from '../scenario/scenario-schema.js';

/** One attempt, as much as the cut-off checks need of it. */
interface AttemptLine {
  readonly requestId: string;
  readonly targetId: string;
  readonly jurisdiction: string | undefined;
  readonly start: number;
  readonly end: number;
  /** `cutoffReason` of a cut-off attempt, `''` for another cut-off, absent otherwise. */
  readonly cutoff?: string;
  /** Whether the attempt served. */
  readonly served: boolean;
}

/**
 * How long the router waits before it tries a target whose model was not
 * found again (`modelNotFoundProbeAfterMs`: a drill's router runs with the
 * default, unscaled in loopback mode too).
 */
const modelNotFoundProbeAfterMs = healthDefaults.modelNotFoundProbeAfterMs;

function verdict(
  assertion: Assertion,
  passed: boolean,
  summary: string,
  evidence: Record<string, unknown>,
): AssertionVerdict {
  return { name: assertion.name ?? assertion.type, type: assertion.type, passed, summary, evidence };
}

/** The scope key of a cut-off signal: region and legal blocks are per caller jurisdiction, the rest per target. */
function cutoffScope(line: AttemptLine): string {
  return line.cutoff === 'region_blocked' || line.cutoff === 'legal_block'
    ? `${line.targetId} for ${line.jurisdiction ?? 'unknown'} callers`
    : line.targetId;
}

function lastRestoreBefore(facts: AssertionFacts, target: Target | undefined, instant: number): number {
  let last = -Infinity;
  for (const restore of facts.restores) {
    if (restore.at > instant) continue;
    const hits =
      (restore.target === undefined && restore.provider === undefined) ||
      restore.target === target?.id ||
      (restore.provider !== undefined && restore.provider === target?.provider);
    if (hits && restore.at > last) last = restore.at;
  }
  return last;
}

/** Collects one compact line per attempt; sorted by start when the verdict is asked for. */
class AttemptLines {
  readonly #lines: AttemptLine[] = [];

  add(record: DecisionRecord, cutoffsOnly: boolean): void {
    const time = Date.parse(record.time);
    for (const attempt of record.attempts) {
      const isCutoff = attempt.failureKind === 'cutoff';
      if (cutoffsOnly && !isCutoff) continue;
      const start = time + attempt.startMs;
      this.#lines.push({
        requestId: record.requestId,
        targetId: attempt.targetId,
        jurisdiction: record.context.jurisdiction,
        start,
        end: start + attempt.latencyMs,
        ...(isCutoff ? { cutoff: attempt.cutoffReason ?? '' } : {}),
        served: attempt.outcome === 'success',
      });
    }
  }

  sorted(): AttemptLine[] {
    return this.#lines.sort((a, b) => a.start - b.start);
  }
}

/**
 * `no-attempts-after-cutoff`: no attempt starts after its target's cut-off was detected (until a
 * restore). A model not found (`model_not_found`: a 404 on a target that never served, which the
 * router cannot tell from a wrong model name) is tried again by the router every
 * {@link modelNotFoundProbeAfterMs}: such a probe, that long after the cut-off was last seen, is
 * counted as a probe, not as a violation; one that serves ends the cut-off.
 */
export function sortedNoAttemptsAfterCutoff(
  assertion: Extract<Assertion, { type: 'no-attempts-after-cutoff' }>,
  facts: AssertionFacts,
): AssertionEvaluator {
  const targetsById = new Map(facts.targets.map((target) => [target.id, target]));
  const lines = new AttemptLines();
  return {
    add: (record) => lines.add(record, false),
    verdict() {
      /** Per scope: when its cut-off was (last) seen, and its reason. */
      const detected = new Map<string, { at: number; reason: string }>();
      const examples: unknown[] = [];
      let violations = 0;
      let probes = 0;
      // Detections, not scopes: a cut-off detected again after a restore counts again.
      let detections = 0;
      for (const line of lines.sorted()) {
        const target = targetsById.get(line.targetId);
        const jurisdictionScope = `${line.targetId} for ${line.jurisdiction ?? 'unknown'} callers`;
        let probed: string | undefined;
        for (const key of [line.targetId, jurisdictionScope]) {
          const seen = detected.get(key);
          if (
            seen !== undefined &&
            line.start > seen.at &&
            lastRestoreBefore(facts, target, line.start) < seen.at
          ) {
            if (seen.reason === 'model_not_found' && line.start >= seen.at + modelNotFoundProbeAfterMs) {
              probes++;
              probed = key;
              break;
            }
            violations++;
            pushExample(examples, {
              requestId: line.requestId,
              targetId: line.targetId,
              cutOff: key,
              detectedAt: new Date(seen.at).toISOString(),
              attemptAt: new Date(line.start).toISOString(),
            });
            break;
          }
        }
        if (probed !== undefined) {
          // The probe found the model (the cut-off is over), or saw it missing again: the next probe waits from here.
          if (line.served) detected.delete(probed);
          else if (line.cutoff !== undefined) detected.set(probed, { at: line.end, reason: line.cutoff });
          continue;
        }
        if (line.cutoff !== undefined) {
          const scope = cutoffScope(line);
          const previous = detected.get(scope);
          if (previous === undefined || previous.at < lastRestoreBefore(facts, target, line.end)) {
            detected.set(scope, { at: line.end, reason: line.cutoff });
            detections++;
          } else if (line.end < previous.at) detected.set(scope, { at: line.end, reason: line.cutoff });
        }
      }
      // With no cut-off detected it would hold vacuously: it fails, saying so.
      return verdict(
        assertion,
        detections > 0 && violations === 0,
        detections === 0
          ? 'no cut-off was detected in this run: nothing was checked'
          : `${violations} attempt(s) started after their target's cut-off was detected (${detections} cut-off(s) detected${probes > 0 ? `; ${probes} probe(s) of a model not found, which the router tries again every ${modelNotFoundProbeAfterMs / 1000} s, not counted` : ''})`,
        {
          violations,
          ...(probes > 0 ? { probes } : {}),
          cutoffs: Object.fromEntries(
            [...detected].map(([key, seen]) => [key, new Date(seen.at).toISOString()]),
          ),
          examples,
        },
      );
    },
  };
}

/** `wasted-attempts-per-cutoff`: how many attempts hit each cut-off before it was quarantined. */
export function sortedWastedAttemptsPerCutoff(
  assertion: Extract<Assertion, { type: 'wasted-attempts-per-cutoff' }>,
  facts: AssertionFacts,
): AssertionEvaluator {
  const targetsById = new Map(facts.targets.map((target) => [target.id, target]));
  const lines = new AttemptLines();
  return {
    add: (record) => lines.add(record, true),
    verdict() {
      const counts = new Map<string, number>();
      for (const line of lines.sorted()) {
        const restoredAt = lastRestoreBefore(facts, targetsById.get(line.targetId), line.start);
        const key = `${cutoffScope(line)}${restoredAt === -Infinity ? '' : ` (after restore at ${new Date(restoredAt).toISOString()})`}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const worst = Math.max(0, ...counts.values());
      const over = [...counts].filter(([, count]) => count > assertion.max);
      return verdict(
        assertion,
        counts.size > 0 && over.length === 0,
        counts.size === 0
          ? 'no attempt hit a cut-off in this run: nothing was checked'
          : `at most ${worst} attempt(s) hit one cut-off, allowed ${assertion.max}`,
        { perCutoff: Object.fromEntries(counts), over: Object.fromEntries(over) },
      );
    },
  };
}
