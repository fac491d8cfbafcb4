/**
 * A sum or difference of USD figures without the floating-point noise its
 * additions left (`0.1 + 0.2` is `0.3` here, not `0.30000000000000004`): the
 * figure rounded to 12 significant digits. Costs are a few significant digits
 * each (tokens times a price per million); a sum of 100,000 of them carries
 * noise around the 14th digit, so nothing a record holds is lost.
 *
 * @param usd a sum (or difference) of USD figures.
 * @returns the same figure, rounded to 12 significant digits.
 * @example
 * ```ts
 * roundUsd(2.224144499999998); // 2.2241445
 * roundUsd(-5.551115123125783e-17); // -5.55111512313e-17 (a delta of two unequal figures is kept)
 * ```
 */
export function roundUsd(usd: number): number {
  return usd === 0 || !Number.isFinite(usd) ? usd : Number(usd.toPrecision(12));
}
