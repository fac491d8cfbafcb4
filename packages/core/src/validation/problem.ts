import type { DocumentPath } from '../config/parse-document.js';

/**
 * One problem found by a validator, before it is located in a file: where
 * (a path of keys and indices), what is wrong, what was expected, and the
 * closest valid name when there is one.
 */
export interface Problem {
  /** Where, e.g. `['policy', 'rules', 2, 'effective']`. */
  readonly path: DocumentPath;
  /** What is wrong, e.g. `unknown target "gpt"`. */
  readonly message: string;
  /** What was expected, e.g. `a target id: openai-gpt, local-llama`. */
  readonly expected?: string;
  /** The closest valid value, shown as `did you mean "..."`. */
  readonly suggestion?: string;
}

/**
 * The one-line form of a problem: `what is wrong; expected ...; did you mean "..."?`.
 *
 * @example
 * ```ts
 * problemText({ path: [], message: 'unknown jurisdiction "us"', expected: 'an ISO 3166-1 alpha-2 code', suggestion: 'US' });
 * // 'unknown jurisdiction "us"; expected an ISO 3166-1 alpha-2 code; did you mean "US"?'
 * ```
 */
export function problemText(problem: Omit<Problem, 'path'>): string {
  let text = problem.message;
  if (problem.expected !== undefined) text += `; expected ${problem.expected}`;
  if (problem.suggestion !== undefined) text += `; did you mean "${problem.suggestion}"?`;
  return text;
}

/**
 * Lists names for a message, cut after `limit` with a count of the rest:
 * `a, b, c and 12 more`.
 */
export function listNames(names: Iterable<string>, limit = 12): string {
  const all = [...names];
  if (all.length === 0) return '(none)';
  if (all.length <= limit) return all.join(', ');
  return `${all.slice(0, limit).join(', ')} and ${all.length - limit} more`;
}
