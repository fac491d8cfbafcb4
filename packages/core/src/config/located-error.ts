import { ConfigError } from '../errors/config-error.js';
import { type Problem, problemText } from '../validation/problem.js';
import { sortIssues } from '../validation/sort-issues.js';
import type { LocatedDocument } from './parse-document.js';

/**
 * The error for problems found in a document: each located at its line and
 * column when the document came from text, all sorted by position.
 *
 * @param options.document the document the problems are in.
 * @param options.problems the problems, with paths from the document's root.
 * @returns a {@link ConfigError} listing them, or `undefined` when there is none.
 */
export function locatedError(options: {
  document: LocatedDocument;
  problems: readonly Problem[];
}): ConfigError | undefined {
  const { document, problems } = options;
  if (problems.length === 0) return undefined;
  return new ConfigError({
    file: document.file,
    issues: sortIssues({
      issues: problems.map((problem) => ({
        ...document.issue(problem.path, problemText(problem)),
        order: problem.path,
      })),
      value: document.value,
    }),
  });
}
