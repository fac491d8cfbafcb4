import { z } from 'zod';

/**
 * The longest simulated wait a scenario may ask for (`firstTokenMs`, a `latency` event's `extraMs`):
 * 365 days. That is "never" for any drill; the virtual clock steps through a wait past
 * setTimeout's 24.8 days in 24.8-day steps, so a wait of 1e20 ms never ended.
 */
export const maxSimulatedWaitMs = 365 * 86_400_000;

/** Simulated milliseconds to wait, up to {@link maxSimulatedWaitMs}: from 0, or a whole number from 1. */
export function simulatedWaitSchema(options: { description: string; positiveInteger?: boolean }) {
  const wait = options.positiveInteger ? z.number().int().positive() : z.number().nonnegative();
  return wait
    .max(maxSimulatedWaitMs, {
      message: `expected at most ${maxSimulatedWaitMs.toLocaleString('en-US')} ms (365 days): a longer wait is no different in a drill, and the virtual clock would step through it for hours`,
    })
    .describe(`${options.description}, at most ${maxSimulatedWaitMs} (365 days)`);
}
