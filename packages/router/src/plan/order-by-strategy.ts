import type { PlanCandidate, PlanRoute } from './plan-candidate.js';
import type { RequestNeeds } from './request-needs.js';

/**
 * Orders candidates in place by the route's strategy: `priority` keeps the
 * route's order; `cheapest` by estimated cost of this request; `fastest` by
 * time-to-first-token (else latency) average, this process's or else the
 * fleet's (a fleet health store); `least-busy` by attempts in
 * flight; `weighted` in a weighted random order (Efraimidis-Spirakis: key
 * u^(1/w), highest first; weight 0 goes last).
 */
export function orderByStrategy<Candidate extends PlanCandidate>(options: {
  route: PlanRoute<Candidate>;
  list: Candidate[];
  needs: RequestNeeds;
  random: () => number;
}): void {
  const { route, list, needs } = options;
  if (list.length < 2) return;
  switch (route.strategy) {
    case 'priority':
      return;
    case 'cheapest':
      sortByCost(list, needs);
      return;
    case 'fastest': {
      list.sort((a, b) => a.health.speedMs - b.health.speedMs);
      return;
    }
    case 'least-busy':
      list.sort((a, b) => a.health.inFlight - b.health.inFlight);
      return;
    case 'weighted':
      orderWeighted(route, list, options.random);
      return;
  }
}

// The strategies whose comparators close over the request are functions of their own: a closure
// in `orderByStrategy` would cost every call a context, `priority` included.

/** Sorts `list` by the estimated cost of the request on each candidate (unpriced last). */
function sortByCost<Candidate extends PlanCandidate>(list: Candidate[], needs: RequestNeeds): void {
  const cost = (entry: Candidate) =>
    entry.price
      ? needs.promptTokens * entry.price.input + needs.outputTokens * entry.price.output
      : Number.POSITIVE_INFINITY;
  list.sort((a, b) => cost(a) - cost(b));
}

/** Orders `list` in a weighted random order (Efraimidis-Spirakis). */
function orderWeighted<Candidate extends PlanCandidate>(
  route: PlanRoute<Candidate>,
  list: Candidate[],
  random: () => number,
): void {
  const keyed = list.map((entry) => {
    const weight = route.weights[entry.target.id] ?? 1;
    return { entry, key: weight <= 0 ? -1 : random() ** (1 / weight) };
  });
  keyed.sort((a, b) => b.key - a.key);
  for (let index = 0; index < keyed.length; index++)
    list[index] = (keyed[index] as { entry: Candidate }).entry;
}
