import fc from 'fast-check';
import type { HealthEvent, HealthEventInput } from '../model/health-event.js';
import { HybridClock } from '../model/hybrid-clock.js';

/** Targets and jurisdictions the random events are about. */
export const targets = ['gpt', 'claude'] as const;
export const jurisdictions = ['CN', 'RU'] as const;

/** One thing a process does: detect or decide something, or hear of another process's events. */
type Step =
  | { kind: 'emit'; process: number; advanceMs: number; input: HealthEventInput }
  | { kind: 'hear'; process: number; from: number };

export const arbitraryInput: fc.Arbitrary<HealthEventInput> = fc.oneof(
  fc
    .record({
      type: fc.constant('cutoff' as const),
      targetId: fc.constantFrom(...targets),
      jurisdiction: fc.option(fc.constantFrom(...jurisdictions), { nil: undefined }),
    })
    .map(({ type, targetId, jurisdiction }) => ({
      type,
      targetId,
      scope: jurisdiction === undefined ? ('target' as const) : ('jurisdiction' as const),
      ...(jurisdiction === undefined ? {} : { jurisdiction }),
      evidence: { message: 'cut off' },
    })),
  fc
    .record({
      type: fc.constant('restore' as const),
      targetId: fc.constantFrom(...targets),
      jurisdiction: fc.option(fc.constantFrom(...jurisdictions), { nil: undefined }),
    })
    .map(({ jurisdiction, ...rest }) => ({
      ...rest,
      ...(jurisdiction === undefined ? {} : { jurisdiction }),
    })),
  fc.record({
    type: fc.constant('cooldown' as const),
    targetId: fc.constantFrom(...targets),
    until: fc.integer({ min: 0, max: 5_000 }),
  }),
  fc.record({ type: fc.constant('circuit' as const), targetId: fc.constantFrom(...targets) }).chain((base) =>
    fc.oneof(
      fc.constant({ ...base, state: 'closed' as const }),
      fc.integer({ min: 0, max: 5_000 }).map((openUntil) => ({ ...base, state: 'open' as const, openUntil })),
    ),
  ),
  fc.record({
    type: fc.constant('latency' as const),
    targetId: fc.constantFrom(...targets),
    latencyMs: fc.integer({ min: 1, max: 2_000 }),
    samples: fc.integer({ min: 1, max: 50 }),
  }),
);

/** K processes (2 to 5) with skewed clocks and a sequence of steps. */
export const arbitraryRun = fc.integer({ min: 2, max: 5 }).chain((processes) =>
  fc.record({
    processes: fc.constant(processes),
    /** Each process's clock is off by up to ±50 ms (often not at all: same-instant events from two processes). */
    skews: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: -50, max: 50 })), {
      minLength: processes,
      maxLength: processes,
    }),
    steps: fc.array(
      fc.oneof(
        {
          weight: 3,
          arbitrary: fc.record({
            kind: fc.constant('emit' as const),
            process: fc.integer({ min: 0, max: processes - 1 }),
            advanceMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 20 })),
            input: arbitraryInput,
          }),
        },
        {
          weight: 1,
          arbitrary: fc.record({
            kind: fc.constant('hear' as const),
            process: fc.integer({ min: 0, max: processes - 1 }),
            from: fc.integer({ min: 0, max: processes - 1 }),
          }),
        },
      ) as fc.Arbitrary<Step>,
      { minLength: 1, maxLength: 40 },
    ),
    seed: fc.integer(),
  }),
);

/** Plays the steps: K processes with skewed clocks stamp events, sometimes after hearing a peer's. */
export function play(run: { skews: number[]; steps: Step[] }): HealthEvent[] {
  let wall = 1_000;
  const clocks = run.skews.map(
    (skew, index) => new HybridClock({ processId: `p${index}`, now: () => wall + skew }),
  );
  const emitted: HealthEvent[][] = run.skews.map(() => []);
  for (const step of run.steps) {
    if (step.kind === 'emit') {
      wall += step.advanceMs;
      const event = clocks[step.process]?.stamp(step.input) as HealthEvent;
      emitted[step.process]?.push(event);
    } else {
      for (const event of emitted[step.from] ?? []) clocks[step.process]?.observe(event);
    }
  }
  return emitted.flat();
}

/** A deterministic shuffle (fast-check shrinks the seed). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0 || 1;
  for (let index = out.length - 1; index > 0; index--) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    const other = state % (index + 1);
    [out[index], out[other]] = [out[other] as T, out[index] as T];
  }
  return out;
}
