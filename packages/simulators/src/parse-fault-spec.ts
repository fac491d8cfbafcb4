import { blockedByProblem } from './blocked-by-problem.js';
import type { Fault, FaultRule, FaultType } from './fault.js';
import { faultTypeAliases, faultTypes } from './fault.js';

/** Which fault types take a `=value`, what it sets, and whether it is required. */
const valueFields: Partial<
  Record<
    FaultType,
    {
      field: string;
      required: boolean;
      allowed?: readonly number[];
      /** Why the value must be a whole number, when it must. */
      whole?: string;
    }
  >
> = {
  // `retry-after` is delay-seconds, a whole number (RFC 9110): `retry-after: 1.5` is no header a provider sends.
  rate_limited: { field: 'retryAfterSeconds', required: false, whole: 'retry-after is whole seconds' },
  server_error: { field: 'status', required: false, allowed: [500, 502, 503, 529] },
  slow_first_token: { field: 'delayMs', required: true },
  stream_cut: { field: 'afterChunks', required: true, whole: 'a count of chunks' },
  stream_stall: { field: 'afterChunks', required: true, whole: 'a count of chunks' },
  malformed_chunk: { field: 'afterChunks', required: false, whole: 'a count of chunks' },
  latency: { field: 'extraMs', required: true },
};

/** The allowed value nearest to `number` (the lower one on a tie). */
function nearest(number: number, allowed: readonly number[]): number | undefined {
  return allowed.reduce<number | undefined>(
    (best, candidate) =>
      best === undefined || Math.abs(candidate - number) < Math.abs(best - number) ? candidate : best,
    undefined,
  );
}

/**
 * Parses the compact fault syntax of `switchyard simulate --fault`:
 * `type[=value][:model[:callers]]`, where `value` is the fault's number
 * (`rate_limited=<retry-after seconds>`, `server_error=<500|502|503|529>`,
 * `slow_first_token=<ms>`, `stream_cut=<chunks>`, `stream_stall=<chunks>`; seconds of
 * `retry-after` and counts of chunks are whole numbers,
 * `malformed_chunk=<good chunks before it>`, `latency=<ms>`, `legal_block=<URL>` in angle brackets: the
 * entity implementing the block, sent as `Link: <URL>; rel="blocked-by"`),
 * `model` a glob (`*` or empty for every model) and `callers` comma-separated countries.
 *
 * @param spec - e.g. `region_block:gpt-*:CN,RU` or `server_error=503`.
 * @returns The fault rule.
 * @throws TypeError naming what is wrong with the spec and what is expected.
 * @example
 * ```ts
 * parseFaultSpec('rate_limited=2:gpt-4o'); // { fault: { type: 'rate_limited', retryAfterSeconds: 2 }, model: 'gpt-4o' }
 * ```
 */
export function parseFaultSpec(spec: string): FaultRule {
  // `legal_block=<URL>`: a URL has colons of its own, so it is written in angle brackets, as in a Link header.
  const bracketed = /^legal_block=<([^>]*)>(.*)$/.exec(spec);
  if (bracketed) {
    const [, url = '', after = ''] = bracketed;
    if (after !== '' && !after.startsWith(':'))
      throw new TypeError(
        `Fault "${spec}": expected ":" or nothing after legal_block=<URL>, got more text; e.g. legal_block=<https://blocker.example/>:gpt-*:CN.`,
      );
    const rule = parseFaultSpec(`legal_block${after}`);
    const problem = blockedByProblem(url);
    if (problem !== undefined)
      throw new TypeError(
        `Fault "${spec}": legal_block=<URL> names the entity implementing the block (RFC 7725 Link rel="blocked-by"); got ${problem}; expected an absolute http or https URL, e.g. legal_block=<https://blocker.example/>.`,
      );
    return { ...rule, fault: { type: 'legal_block', blockedBy: url } };
  }
  const [head = '', model, callers, ...rest] = spec.split(':');
  if (rest.length > 0) {
    throw new TypeError(
      `Fault "${spec}": expected type[=value][:model[:callers]], got ${rest.length + 3} parts.`,
    );
  }
  const [written = '', value] = head.split('=', 2) as [string, string | undefined];
  const type = Object.hasOwn(faultTypeAliases, written) ? (faultTypeAliases[written] as FaultType) : written;
  if (!faultTypes.includes(type as FaultType)) {
    throw new TypeError(`Fault "${spec}": unknown type "${type}"; expected one of ${faultTypes.join(', ')}.`);
  }
  const valueField = valueFields[type as FaultType];
  const fault: Record<string, unknown> = { type };
  if (value !== undefined) {
    if (type === 'legal_block')
      throw new TypeError(
        `Fault "${spec}": legal_block takes a URL in angle brackets, =<URL> (it names the entity implementing the block); e.g. legal_block=<https://blocker.example/>.`,
      );
    if (valueField === undefined) throw new TypeError(`Fault "${spec}": ${type} takes no =value.`);
    const number = Number(value);
    if (value === '' || !Number.isFinite(number) || number < 0) {
      throw new TypeError(`Fault "${spec}": ${type}=${value} must be a number >= 0 (${valueField.field}).`);
    }
    if (valueField.whole !== undefined && !Number.isInteger(number)) {
      throw new TypeError(
        `Fault "${spec}": ${type}=${value} must be a whole number >= 0 (${valueField.field}: ${valueField.whole}); did you mean ${type}=${Math.round(number)}?`,
      );
    }
    if (valueField.allowed !== undefined && !valueField.allowed.includes(number)) {
      throw new TypeError(
        `Fault "${spec}": ${type} status must be one of ${valueField.allowed.join(', ')}; did you mean ${type}=${nearest(number, valueField.allowed)}?`,
      );
    }
    fault[valueField.field] = number;
  } else if (valueField?.required) {
    throw new TypeError(`Fault "${spec}": ${type} needs =<${valueField.field}>, e.g. ${type}=2.`);
  }
  const rule: FaultRule = { fault: fault as Fault };
  if (model !== undefined && model !== '' && model !== '*') rule.model = model;
  if (callers !== undefined && callers !== '') {
    const list = callers
      .split(',')
      .map((caller) => caller.trim().toUpperCase())
      .filter((caller) => caller !== '');
    if (list.length > 0) rule.callers = list;
  }
  return rule;
}
