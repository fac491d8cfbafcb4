import type { z } from 'zod';
import { describeSchemaIssues, valueAt } from '../validation/describe-schema-issue.js';
import { problemText } from '../validation/problem.js';

/**
 * Validates the settings of an adapter's factory (`createOpenAI(settings)`)
 * against its strict schema, so a misspelt or renamed setting fails at once
 * instead of being ignored: `createOllama: settings.host: unknown key "host";
 * ...; did you mean "baseURL"?`. Every problem is listed.
 *
 * @param options.factory the factory's name, for the message.
 * @param options.schema the adapter's settings schema.
 * @param options.settings what the caller passed.
 * @returns the settings, parsed.
 * @throws TypeError naming every setting that is wrong, what was expected and the closest valid name.
 * @example
 * ```ts
 * const parsed = parseAdapterSettings({ factory: 'createOpenAI', schema: openAIProviderSettingsSchema, settings });
 * ```
 */
export function parseAdapterSettings<Schema extends z.ZodType>(options: {
  factory: string;
  schema: Schema;
  settings: unknown;
}): z.output<Schema> {
  const { factory, schema, settings } = options;
  const result = schema.safeParse(settings ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.flatMap((issue) =>
    describeSchemaIssues({ issue, schema, value: settings }),
  );
  const text = problems
    .map((problem) => {
      const where = ['settings', ...problem.path.map(String)].join('.');
      const value = valueAt(settings, problem.path);
      const got =
        problem.expected === undefined && value !== undefined
          ? `; got ${JSON.stringify(value) ?? String(value)}`
          : '';
      return `${where}: ${problemText(problem)}${got}`;
    })
    .join('; ');
  throw new TypeError(`${factory}: ${text}`);
}
