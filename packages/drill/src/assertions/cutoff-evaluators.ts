import type { DecisionRecord, Target } from '@switchyard/core';
import { healthDefaults } from '@switchyard/router';
import type { Assertion } from '../scenario/scenario-schema.js';
import type { AssertionEvaluator } from './assertion-evaluator.js';
import { type AssertionFacts, type AssertionVerdict, pushExample } from './assertion-verdict.js';
import { StartOrderQueue } from './start-order-queue.js';

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

/** What a verdict adds when attempts arrived after later-started ones were checked. */
const lateText = (late: number) =>
  late === 0
    ? ''
    : `; ${late} attempt(s) arrived after attempts that started later were checked (a runner's watermark passed them): the order of the check is not certain`;

/**
 * One compact line per attempt, handed to `visit` in the order the attempts started. Records arrive
 * in the order they finished: a line is held until `advance` says no attempt added later can have
 * started before it (a drill's runner knows the earliest start of any request still in flight).
 * Without `advance` (records from a file), every line is held until the verdict. A line that
 * arrives after a later-started one was visited (a watermark that was wrong) is counted in `late`:
 * the check's order is then not certain, and the verdict fails, saying so.
 */
class AttemptLines {
  readonly #queue = new StartOrderQueue<AttemptLine>();
  readonly #cutoffsOnly: boolean;
  readonly #visit: (line: AttemptLine) => void;
  /** The start of the last line visited. */
  #visitedTo = Number.NEGATIVE_INFINITY;
  /** Lines that arrived after a line that started later was visited. */
  late = 0;

  constructor(options: { cutoffsOnly: boolean; visit: (line: AttemptLine) => void }) {
    this.#cutoffsOnly = options.cutoffsOnly;
    this.#visit = (line) => {
      this.#visitedTo = line.start;
      options.visit(line);
    };
  }

  add(record: DecisionRecord): void {
    const time = Date.parse(record.time);
    for (const attempt of record.attempts) {
      const isCutoff = attempt.failureKind === 'cutoff';
      if (this.#cutoffsOnly && !isCutoff) continue;
      const start = time + attempt.startMs;
      if (start < this.#visitedTo) this.late++;
      this.#queue.push({
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

  /** Visits every held line that started at or before `watermarkMs` (`Infinity`: every one). */
  advance(watermarkMs: number): void {
    this.#queue.release(watermarkMs, this.#visit);
  }
}

/**
 * `no-attempts-after-cutoff`: no attempt starts after its target's cut-off was detected (until a
 * restore). A model not found (`model_not_found`: a 404 on a target that never served, which the
 * router cannot tell from a wrong model name) is tried again by the router every
 * {@link modelNotFoundProbeAfterMs}: such a probe, that long after the cut-off was last seen, is
 * counted as a probe, not as a violation; one that serves ends the cut-off.
 */
export function noAttemptsAfterCutoff(
  assertion: Extract<Assertion, { type: 'no-attempts-after-cutoff' }>,
  facts: AssertionFacts,
): AssertionEvaluator {
  const targetsById = new Map(facts.targets.map((target) => [target.id, target]));
  /** Per scope: when its cut-off was (last) seen, and its reason. */
  const detected = new Map<string, { at: number; reason: string }>();
  const examples: unknown[] = [];
  let violations = 0;
  let probes = 0;
  // Detections, not scopes: a cut-off detected again after a restore counts again.
  let detections = 0;
  const visit = (line: AttemptLine) => {
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
      return;
    }
    if (line.cutoff !== undefined) {
      const scope = cutoffScope(line);
      const previous = detected.get(scope);
      if (previous === undefined || previous.at < lastRestoreBefore(facts, target, line.end)) {
        detected.set(scope, { at: line.end, reason: line.cutoff });
        detections++;
      } else if (line.end < previous.at) detected.set(scope, { at: line.end, reason: line.cutoff });
    }
  };
  const lines = new AttemptLines({ cutoffsOnly: false, visit });
  return {
    add: (record) => lines.add(record),
    advance: (watermarkMs) => lines.advance(watermarkMs),
    verdict() {
      lines.advance(Number.POSITIVE_INFINITY);
      // With no cut-off detected it would hold vacuously: it fails, saying so.
      return verdict(
        assertion,
        detections > 0 && violations === 0 && lines.late === 0,
        `${
          detections === 0
            ? 'no cut-off was detected in this run: nothing was checked'
            : `${violations} attempt(s) started after their target's cut-off was detected (${detections} cut-off(s) detected${probes > 0 ? `; ${probes} probe(s) of a model not found, which the router tries again every ${modelNotFoundProbeAfterMs / 1000} s, not counted` : ''})`
        }${lateText(lines.late)}`,
        {
          violations,
          ...(lines.late > 0 ? { lateAttempts: lines.late } : {}),
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
export function wastedAttemptsPerCutoff(
  assertion: Extract<Assertion, { type: 'wasted-attempts-per-cutoff' }>,
  facts: AssertionFacts,
): AssertionEvaluator {
  const targetsById = new Map(facts.targets.map((target) => [target.id, target]));
  const counts = new Map<string, number>();
  const visit = (line: AttemptLine) => {
    const restoredAt = lastRestoreBefore(facts, targetsById.get(line.targetId), line.start);
    const key = `${cutoffScope(line)}${restoredAt === -Infinity ? '' : ` (after restore at ${new Date(restoredAt).toISOString()})`}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  const lines = new AttemptLines({ cutoffsOnly: true, visit });
  return {
    add: (record) => lines.add(record),
    advance: (watermarkMs) => lines.advance(watermarkMs),
    verdict() {
      lines.advance(Number.POSITIVE_INFINITY);
      const worst = Math.max(0, ...counts.values());
      const over = [...counts].filter(([, count]) => count > assertion.max);
      return verdict(
        assertion,
        counts.size > 0 && over.length === 0 && lines.late === 0,
        `${
          counts.size === 0
            ? 'no attempt hit a cut-off in this run: nothing was checked'
            : `at most ${worst} attempt(s) hit one cut-off, allowed ${assertion.max}`
        }${lateText(lines.late)}`,
        {
          perCutoff: Object.fromEntries(counts),
          over: Object.fromEntries(over),
          ...(lines.late > 0 ? { lateAttempts: lines.late } : {}),
        },
      );
    },
  };
}
