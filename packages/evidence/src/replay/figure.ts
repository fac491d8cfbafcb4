/**
 * How a counterfactual figure is known: `observed` (it happened: the record
 * holds it), `estimated` (computed from what was observed, e.g. recorded
 * tokens at another target's price, or a target never called assumed to
 * answer), or `unknowable` (nothing recorded can tell: the latency or
 * quality of a model that was never called is not invented).
 */
export type FigureBasis = 'observed' | 'estimated' | 'unknowable';

/** A counterfactual figure with how it is known; `value` is null when unknowable. */
export interface Figure<Value> {
  readonly value: Value | null;
  readonly basis: FigureBasis;
}

/** The weaker of two bases: unknowable over estimated over observed. */
export function weaker(a: FigureBasis, b: FigureBasis): FigureBasis {
  if (a === 'unknowable' || b === 'unknowable') return 'unknowable';
  if (a === 'estimated' || b === 'estimated') return 'estimated';
  return 'observed';
}
