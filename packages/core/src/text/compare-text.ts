/**
 * Orders two strings by their UTF-16 code units, the order of `<` on strings: the same on every
 * machine, whatever its locale. `localeCompare` orders by the machine's locale (Estonian puts `z`
 * before `t`, Lithuanian `y` beside `i`), so ties in a report's tables, a summary's served-by
 * list or a health snapshot would come out in a different order on another machine. Uppercase
 * letters sort before lowercase ones, and digits before both.
 *
 * @example
 * ```ts
 * ['zeta', 'tau', 'Beta'].sort(compareText); // ['Beta', 'tau', 'zeta']
 * ```
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
