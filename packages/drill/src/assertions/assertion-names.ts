import type { Assertion } from '../scenario/scenario-schema.js';

/**
 * The name each assertion's verdict carries: its `name`, else its type. An
 * unnamed assertion whose type another assertion also reads as (one of the
 * same type, unnamed, or one given that name) also says where it is
 * (`latency (assertions[3])`), so the verdict lines, the failure message and
 * the reports tell them apart. Given names are kept as they are
 * (`parseScenario` refuses two alike).
 *
 * @param assertions the scenario's assertions, in its order.
 * @returns the assertions, each with its verdict's name.
 * @example
 * ```ts
 * namedAssertions([{ type: 'latency', maxMs: 900 }, { type: 'latency', maxMs: 2000, where: { tenant: ['acme'] } }]);
 * // names: 'latency (assertions[0])', 'latency (assertions[1])'
 * ```
 */
export function namedAssertions<T extends Pick<Assertion, 'type' | 'name'>>(
  assertions: readonly T[],
): (T & { readonly name: string })[] {
  // How many assertions would read as each name: given ones, and unnamed ones by their type.
  const readAs = new Map<string, number>();
  for (const assertion of assertions) {
    const name = assertion.name ?? assertion.type;
    readAs.set(name, (readAs.get(name) ?? 0) + 1);
  }
  return assertions.map((assertion, index) => {
    if (assertion.name !== undefined) return assertion as T & { readonly name: string };
    const shared = (readAs.get(assertion.type) ?? 0) > 1;
    return { ...assertion, name: shared ? `${assertion.type} (assertions[${index}])` : assertion.type };
  });
}
