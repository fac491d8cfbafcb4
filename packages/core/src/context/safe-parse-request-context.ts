import type { z } from 'zod';
import { formatDocumentPath } from '../config/parse-document.js';
import type { CompiledPolicy } from '../policy/compile-policy.js';
import { describeSchemaIssues } from '../validation/describe-schema-issue.js';
import { type Problem, problemText } from '../validation/problem.js';
import { RequestContextSchema } from './request-context.js';
import { requestContextProblems } from './request-context-problems.js';

/** The result of {@link safeParseRequestContext}. */
export type RequestContextParseResult<Output> =
  | { readonly success: true; readonly data: Output }
  | {
      readonly success: false;
      /** Every problem, with its path inside the options. */
      readonly problems: readonly Problem[];
      /** The same, one line each: `jurisdiction: unknown jurisdiction "us"; expected ...; did you mean "US"?`. */
      readonly issues: readonly string[];
    };

/**
 * Parses per-request options (`providerOptions.switchyard`, a
 * `withContext` context, `switchyard explain`'s options) exactly as the
 * router does: the shape (by default {@link RequestContextSchema}; the
 * router passes its schema that adds `deadlineMs`), then the caller
 * jurisdiction (an ISO 3166-1 alpha-2 code in upper case, or a group) and
 * the data class (declared by the config) against the compiled policy.
 * Never throws.
 *
 * @param options.input the options as given.
 * @param options.policy the compiled policy (its jurisdictions and callers).
 * @param options.schema the shape; must accept a request context's fields.
 * @returns the parsed options, or every problem.
 *
 * @example
 * ```ts
 * const parsed = safeParseRequestContext({ input: { jurisdiction: 'us' }, policy });
 * if (!parsed.success) console.error(parsed.issues); // ['jurisdiction: unknown jurisdiction "us"; ...; did you mean "US"?']
 * ```
 */
export function safeParseRequestContext<Schema extends z.ZodType = typeof RequestContextSchema>(options: {
  input: unknown;
  policy: CompiledPolicy;
  schema?: Schema;
}): RequestContextParseResult<z.output<Schema>> {
  const schema = (options.schema ?? RequestContextSchema) as z.ZodType;
  const parsed = schema.safeParse(options.input);
  const problems: Problem[] = parsed.success
    ? requestContextProblems({
        context: parsed.data as z.output<typeof RequestContextSchema>,
        jurisdictions: options.policy.jurisdictions,
        callers: options.policy.callers,
      })
    : parsed.error.issues.flatMap((issue) => describeSchemaIssues({ issue, schema, value: options.input }));
  if (problems.length === 0) return { success: true, data: parsed.data as z.output<Schema> };
  return {
    success: false,
    problems,
    issues: problems.map((problem) => `${formatDocumentPath(problem.path)}: ${problemText(problem)}`),
  };
}
