/**
 * Policy benchmark: compile time, and the cost of one decision for a
 * 20-candidate route, as the catalog and the rule count grow.
 *
 *   pnpm --filter @switchyard/core bench
 *
 * Per-op times are medians and 99th percentiles of batches of calls (cold
 * slices: of single calls). Ratios are against two baselines measured in the
 * same run: the same evaluate call on a policy with no rules, and a naive
 * evaluator that scans every rule for every candidate per request (matchers
 * precompiled, so it measures the scan, not glob compilation).
 */
import picomatch from 'picomatch';
import {
  compilePolicy,
  createJurisdictions,
  type PolicyRule,
  type RequestContext,
  type Target,
} from '../src/index.js';
import { at, countries, dataClasses, makeCatalog, makeRules, pick, prng } from './generate-policy.js';

/**
 * The reference a compiled policy is compared with: per request, scan every
 * rule for every candidate. Covers the fields this benchmark generates.
 */
function naiveEvaluator(rules: readonly PolicyRule[], targets: readonly Target[]) {
  const jurisdictions = createJurisdictions();
  const expand = (codes: readonly string[] | undefined) =>
    codes ? new Set(codes.flatMap((code) => [...jurisdictions.expand(code)])) : undefined;
  const prepared = rules.map((rule) => ({
    rule,
    from: rule.effective ? Date.parse(rule.effective) : Number.NEGATIVE_INFINITY,
    until: rule.expires ? Date.parse(rule.expires) : Number.POSITIVE_INFINITY,
    jurisdiction: expand(rule.when?.jurisdiction),
    tenant: rule.when?.tenant ? picomatch(rule.when.tenant) : undefined,
    model: rule.targets?.model ? picomatch(rule.targets.model) : undefined,
    hostedIn: expand(rule.targets?.hostedIn),
  }));
  const hostedOf = targets.map((target) => [...jurisdictions.expand(target.hostedIn)]);
  return (context: RequestContext, instant: number) =>
    targets.map((target, index) => {
      let denied = false;
      let allowed = false;
      const hosted = hostedOf[index] as string[];
      for (const entry of prepared) {
        if (instant < entry.from || instant >= entry.until) continue;
        const when = entry.rule.when;
        if (entry.jurisdiction && !entry.jurisdiction.has(context.jurisdiction ?? '')) continue;
        if (when?.dataClass && !when.dataClass.includes(context.dataClass ?? '')) continue;
        if (entry.tenant && (context.tenant === undefined || !entry.tenant(context.tenant))) continue;
        const predicate = entry.rule.targets ?? {};
        const certain = entry.rule.effect !== 'deny';
        const matches =
          (!entry.model || entry.model(target.model)) &&
          (!predicate.provider || predicate.provider.includes(target.provider)) &&
          (!predicate.tags || predicate.tags.some((tag) => target.tags.includes(tag))) &&
          (!entry.hostedIn ||
            (certain
              ? hosted.every((code) => entry.hostedIn?.has(code))
              : hosted.some((code) => entry.hostedIn?.has(code))));
        if (entry.rule.effect === 'deny' && matches) denied = true;
        else if (entry.rule.effect === 'require' && !matches) denied = true;
        else if (entry.rule.effect === 'allow' && matches) allowed = true;
      }
      return {
        targetId: target.id,
        allowed: !denied,
        effect: denied ? 'deny' : allowed ? 'allow' : 'default',
      };
    });
}

interface Timing {
  p50: number;
  p99: number;
}

function measure(
  operation: (iteration: number) => void,
  options: { batches?: number; batch?: number } = {},
): Timing {
  const batches = options.batches ?? 400;
  const batch = options.batch ?? 200;
  for (let index = 0; index < batch * 20; index++) operation(index); // warm-up
  const samples: number[] = [];
  let iteration = 0;
  for (let round = 0; round < batches; round++) {
    const start = process.hrtime.bigint();
    for (let index = 0; index < batch; index++) operation(iteration++);
    samples.push(Number(process.hrtime.bigint() - start) / batch);
  }
  return percentiles(samples);
}

function percentiles(samples: number[]): Timing {
  samples.sort((a, b) => a - b);
  return {
    p50: samples[Math.floor(samples.length * 0.5)] as number,
    p99: samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.99))] as number,
  };
}

/** 45 jurisdiction x data class pairs, each with three tenants: 135 contexts. */
const contexts: RequestContext[] = countries.flatMap((jurisdiction) =>
  dataClasses.flatMap((dataClass) =>
    ['acme', 'gov-3-treasury', undefined].map((tenant) => ({ jurisdiction, dataClass, tenant })),
  ),
);

/** One context per (jurisdiction, data class): every first call on a fresh route builds a slice. */
const sliceContexts = contexts.filter((context) => context.tenant === undefined);

function scenario(targetCount: number, ruleCount: number) {
  const random = prng(targetCount * 7919 + ruleCount);
  const targets = makeCatalog(targetCount, random);
  const rules = makeRules(ruleCount, random, targets);
  const compileStart = process.hrtime.bigint();
  const compiled = compilePolicy({ policy: { rules }, targets });
  const compileMs = Number(process.hrtime.bigint() - compileStart) / 1e6;
  const routeIds: string[] = [];
  while (routeIds.length < 20) {
    const id = pick(random, targets).id as string;
    if (!routeIds.includes(id)) routeIds.push(id);
  }
  const routeStart = process.hrtime.bigint();
  const route = compiled.forTargets(routeIds);
  const forTargetsMs = Number(process.hrtime.bigint() - routeStart) / 1e6;

  const warm = measure((iteration) => {
    route.evaluate(contexts[iteration % contexts.length] as RequestContext, at);
  });
  // A new tenant every call: tenants are matched per request, never cached by value.
  const freshTenant = measure((iteration) => {
    route.evaluate(
      {
        jurisdiction: 'DE',
        dataClass: 'internal',
        tenant: `${iteration % 2 ? 'gov-3-' : 'tenant-'}${iteration}`,
      },
      at,
    );
  });
  // The first decision for a (time segment, jurisdiction, data class) on a fresh route.
  const coldSamples: number[] = [];
  for (let round = 0; round < 20; round++) {
    const fresh = compiled.forTargets(routeIds);
    for (const context of sliceContexts) {
      const start = process.hrtime.bigint();
      fresh.evaluate(context, at);
      coldSamples.push(Number(process.hrtime.bigint() - start));
    }
  }
  const cold = percentiles(coldSamples);
  const naive = naiveEvaluator(
    rules,
    routeIds.map((id) => compiled.targets.find((target) => target.id === id) as Target),
  );
  const scan = measure(
    (iteration) => {
      naive(contexts[iteration % contexts.length] as RequestContext, at);
    },
    { batches: 40, batch: 20 },
  );
  return { targetCount, ruleCount, compileMs, forTargetsMs, warm, freshTenant, cold, scan };
}

const format = (ns: number) =>
  ns >= 1e6
    ? `${(ns / 1e6).toFixed(2)} ms`
    : ns >= 1000
      ? `${(ns / 1000).toFixed(2)} us`
      : `${ns.toFixed(0)} ns`;

const baselineCompiled = compilePolicy({ policy: { rules: [] }, targets: makeCatalog(20, prng(1)) });
const baselineRoute = baselineCompiled.forTargets(baselineCompiled.targets.map((target) => target.id));
const baseline = measure((iteration) => {
  baselineRoute.evaluate(contexts[iteration % contexts.length] as RequestContext, at);
});

console.log(
  'Policy evaluation for a 20-candidate route (135 contexts: 15 jurisdictions x 3 data classes x 3 tenants)',
);
console.log(`baseline (same call, empty policy): p50 ${format(baseline.p50)}, p99 ${format(baseline.p99)}\n`);
const rows: string[][] = [
  [
    'targets',
    'rules',
    'compile',
    'forTargets',
    'p50',
    'p99',
    'vs empty',
    'new tenant p50',
    'cold slice p50/p99',
    'naive scan p50',
    'naive/p50',
  ],
];
const grid: [number, number][] = [
  [10_000, 10],
  [10_000, 100],
  [10_000, 1000],
  [100, 1000],
  [1000, 1000],
];
let headline: ReturnType<typeof scenario> | undefined;
for (const [targetCount, ruleCount] of grid) {
  const result = scenario(targetCount, ruleCount);
  if (targetCount === 10_000 && ruleCount === 1000) headline = result;
  rows.push([
    String(targetCount),
    String(ruleCount),
    format(result.compileMs * 1e6),
    format(result.forTargetsMs * 1e6),
    format(result.warm.p50),
    format(result.warm.p99),
    `${(result.warm.p50 / baseline.p50).toFixed(2)}x`,
    format(result.freshTenant.p50),
    `${format(result.cold.p50)} / ${format(result.cold.p99)}`,
    format(result.scan.p50),
    `${(result.scan.p50 / result.warm.p50).toFixed(0)}x`,
  ]);
}
const widths =
  rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] as string).length))) ?? [];
for (const row of rows)
  console.log(row.map((cell, column) => cell.padStart(widths[column] as number)).join('  '));

if (headline) {
  console.log(
    `\ngoal: a decision for a 20-candidate route under 1,000 rules over 10,000 targets <= 5 us: p50 ${format(
      headline.warm.p50,
    )}, p99 ${format(headline.warm.p99)}, new tenant every call p50 ${format(headline.freshTenant.p50)} (${
      Math.max(headline.warm.p50, headline.freshTenant.p50) <= 5000 ? 'met' : 'MISSED'
    }); compile <= 1 s: ${format(headline.compileMs * 1e6)} + forTargets ${format(headline.forTargetsMs * 1e6)} (${
      headline.compileMs + headline.forTargetsMs <= 1000 ? 'met' : 'MISSED'
    })`,
  );
  console.log(
    `the first decision per (time segment, caller jurisdiction, data class) builds a slice: ${format(
      headline.cold.p50,
    )} p50, ${format(headline.cold.p99)} p99; later ones reuse it whatever the tenant`,
  );
}
