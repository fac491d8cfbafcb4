/**
 * Per-request options benchmark: what reading `providerOptions.switchyard`
 * costs in `resolveRequestContext`, against the zod-only path it had before
 * (`safeParseRequestContext` with `RequestOptionsSchema`, a rest
 * destructuring and a three-way spread), measured in the same run, in
 * alternating rounds so drift hits both alike.
 *
 *   node --import tsx bench/request-options.bench.ts
 */
import {
  compileConfigPolicy,
  type RequestContext,
  safeParseRequestContext,
  validateConfig,
} from '@switchyard/core';
import { RequestOptionsSchema } from '../src/context/request-options-schema.js';
import { resolveRequestContext } from '../src/context/resolve-request-context.js';
import { benchConfig, callOptionsWithContext } from './bench-models.js';

const config = validateConfig(benchConfig(), { file: 'bench' });
const policy = compileConfigPolicy({ config });
const defaults = config.defaults.context;
const providerOptions = callOptionsWithContext.providerOptions;

/** The zod-only path, as `resolveRequestContext` was before the fast path. */
function zodOnly(ambient?: RequestContext): RequestContext {
  const parsed = safeParseRequestContext({
    input: providerOptions?.switchyard,
    policy,
    schema: RequestOptionsSchema,
  });
  if (!parsed.success) throw new Error(parsed.issues.join('\n'));
  const { deadlineMs, midStream, ...context } = parsed.data;
  return { ...defaults, ...ambient, ...context };
}

const variants: Record<string, () => unknown> = {
  'no providerOptions (nothing parsed)': () =>
    resolveRequestContext({
      providerOptions: undefined,
      ambient: undefined,
      defaults,
      policy,
      deadlineMs: undefined,
    }),
  'zod only (before)': () => zodOnly(),
  resolveRequestContext: () =>
    resolveRequestContext({ providerOptions, ambient: undefined, defaults, policy, deadlineMs: undefined }),
};

const calls = 200_000;
const rounds = 15;
const times: Record<string, number[]> = {};
let sink = 0;
for (let round = -3; round < rounds; round++) {
  for (const [name, call] of Object.entries(variants)) {
    const begin = process.hrtime.bigint();
    for (let index = 0; index < calls; index++) if (call() !== undefined) sink++;
    const perCall = Number(process.hrtime.bigint() - begin) / calls;
    // The first rounds warm up.
    if (round >= 0) {
      times[name] ??= [];
      times[name].push(perCall);
    }
  }
}
if (sink === 0) throw new Error('nothing ran');
const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const base = median(times['zod only (before)'] as number[]);
console.log(
  `providerOptions.switchyard ${JSON.stringify(providerOptions?.switchyard)}, median of ${rounds} rounds of ${calls.toLocaleString('en')} calls`,
);
for (const [name, values] of Object.entries(times)) {
  const ns = median(values);
  console.log(`  ${name.padEnd(38)} ${ns.toFixed(0).padStart(6)} ns  ${(ns / base).toFixed(2)}x of zod only`);
}
