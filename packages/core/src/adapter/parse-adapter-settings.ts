import type { z } from 'zod';
import { describeSchemaIssues, valueAt } from '../validation/describe-schema-issue.js';
import { type Problem, problemText } from '../validation/problem.js';

/**
 * Names the official clients give a setting that the adapters call otherwise
 * (the `ollama` client's `host` is every adapter's `baseURL`). Too far from the
 * new name for the edit distance to suggest it, so they are named here.
 */
const clientSettingNames: Readonly<Record<string, string>> = { host: 'baseURL' };

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
  const known = settingNames(schema);
  const problems = result.error.issues
    .flatMap((issue) => describeSchemaIssues({ issue, schema, value: settings }))
    .map((problem) => withClientName(problem, known));
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

/** The setting names of a strict object schema (none for another schema). */
function settingNames(schema: z.ZodType): ReadonlySet<string> {
  const shape = (schema as { shape?: unknown }).shape;
  return new Set(typeof shape === 'object' && shape !== null ? Object.keys(shape) : []);
}

/** An unknown top-level setting that an official client names so gets the adapter's name for it. */
function withClientName(problem: Problem, known: ReadonlySet<string>): Problem {
  if (problem.suggestion !== undefined || problem.path.length !== 1) return problem;
  const name = problem.path[0];
  const renamed =
    typeof name === 'string' && Object.hasOwn(clientSettingNames, name)
      ? clientSettingNames[name]
      : undefined;
  if (renamed === undefined || !known.has(renamed) || problem.message !== `unknown key "${name}"`)
    return problem;
  return { ...problem, suggestion: renamed };
}
