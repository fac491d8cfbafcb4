import {
  DecisionRecordSchema,
  describeSchemaIssues,
  formatDocumentPath,
  problemText,
} from '@switchyard/core';
import type { z } from 'zod';

/**
 * What is wrong with a line that is not a decision record, in the words of
 * config errors: `attempts[0].provider: required; expected text (and 2 more)`.
 *
 * @param error what `DecisionRecordSchema.safeParse` of the line found.
 * @param value the line's parsed JSON.
 */
export function describeRecordIssue(error: z.ZodError, value: unknown): string {
  const issue = error.issues[0];
  if (!issue) return 'not a decision record';
  const [problem] = describeSchemaIssues({ issue, schema: DecisionRecordSchema, value });
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  if (!problem) return `not a decision record${more}`;
  const path = problem.path.length === 0 ? '(record)' : formatDocumentPath(problem.path);
  return `${path}: ${problemText(problem)}${more}`;
}
