/**
 * The HTTP statuses the shared status ladder ({@link classifyResponseFailure})
 * classifies one way only, whatever the provider's body says, with their
 * reason phrases: a signal written as its status (`451`) or reason phrase
 * (`Unavailable For Legal Reasons`) names the signal listed here.
 *
 * Left out, because the ladder reads them more than one way: 429 (a rate
 * limit, or an exhausted quota such as OpenAI's `insufficient_quota`), 401 (a
 * revoked key, or a missing one), 402 (billing, or an exhausted quota), 403 (a
 * region block, or an auth failure) and 404 (a withdrawn model, one never
 * served, or a wrong path).
 */
export const unambiguousStatuses: readonly {
  readonly status: number;
  readonly phrase: string;
  readonly signal: string;
}[] = [{ status: 451, phrase: 'Unavailable For Legal Reasons', signal: 'legal_block' }];

/** Lower case, with spaces, `_` and `-` as one space: `Unavailable_For-Legal  Reasons` → `unavailable for legal reasons`. */
const words = (text: string) =>
  text
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');

/**
 * The signal a value written as an HTTP status or reason phrase names, for a
 * "did you mean" hint: `451`, `"451"`, `unavailable_for_legal_reasons`,
 * `Unavailable For Legal Reasons` or `451 Unavailable For Legal Reasons` →
 * `legal_block`. Only statuses the ladder classifies one way
 * ({@link unambiguousStatuses}), and only when that signal is one of `valid`.
 *
 * @param input what was written (a number or text).
 * @param valid the values the field takes.
 * @returns the signal, or `undefined`.
 * @example
 * ```ts
 * signalOfStatus(451, ['region_block', 'legal_block']); // 'legal_block'
 * signalOfStatus('Too Many Requests', ['rate_limited']); // undefined: 429 is a rate limit or an exhausted quota
 * ```
 */
export function signalOfStatus(input: unknown, valid: readonly string[]): string | undefined {
  let status: number | undefined;
  let phrase = '';
  if (typeof input === 'number') status = input;
  else if (typeof input === 'string') {
    const written = /^(?:http\s*)?(\d{3})?\s*(.*)$/i.exec(words(input));
    if (written?.[1] !== undefined) status = Number(written[1]);
    phrase = written?.[2] ?? '';
  } else return undefined;
  if (status === undefined && phrase === '') return undefined;
  const entry = unambiguousStatuses.find(
    (candidate) =>
      (status === undefined || candidate.status === status) &&
      (phrase === '' || words(candidate.phrase) === phrase),
  );
  return entry !== undefined && valid.includes(entry.signal) ? entry.signal : undefined;
}
