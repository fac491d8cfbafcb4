import { Composer, isMap, isSeq, LineCounter, type Node, Parser } from 'yaml';
import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../errors/config-error.js';
import { errorCodes } from '../errors/error-codes.js';
import { describeSchemaIssues } from '../validation/describe-schema-issue.js';
import type { Problem } from '../validation/problem.js';
import { checkNodes, checkText, type DocumentLimits, documentLimits } from './document-limits.js';
import { locatedError } from './located-error.js';

/** A path inside a document: keys and indices. */
export type DocumentPath = readonly (string | number)[];

/** A located document: the parsed value and a way to find any path's line and column. */
export interface LocatedDocument {
  /** The file name, as given. */
  readonly file: string;
  /** The plain value (YAML or JSON). */
  readonly value: unknown;
  /** Line and column (1-based) of the deepest node that exists on `path`. */
  locate(path: DocumentPath): { line: number; column: number } | undefined;
  /** Turns a path and message into an issue with its position. */
  issue(path: DocumentPath, message: string): ConfigIssue;
}

const yamlOptions = {
  prettyErrors: false,
  uniqueKeys: true,
  // YAML 1.2 core schema only: no timestamp, binary, set or omap types, even
  // under a `%YAML 1.1` directive or an explicit `!!timestamp` tag. A date
  // stays the text it was written as and is checked as such (never read in
  // the local time zone).
  version: '1.2',
  schema: 'core',
  resolveKnownTags: false,
} as const;

/**
 * Reads YAML or JSON text (JSON is read as YAML 1.2, so both get positions),
 * within limits on size, nesting depth and aliases.
 *
 * @param options.text the file's text.
 * @param options.file the file name used in messages.
 * @param options.limits overrides of {@link documentLimits}.
 * @throws {ConfigError} `SWITCHYARD_CONFIG_UNREADABLE` listing every syntax
 *   error (and unsupported YAML tag) with its line and column, or
 *   `SWITCHYARD_CONFIG_LIMIT_EXCEEDED` naming the limit passed.
 */
export function readDocument(options: {
  text: string;
  file: string;
  limits?: Partial<DocumentLimits>;
}): LocatedDocument {
  const { file, text } = options;
  const limits: DocumentLimits = { ...documentLimits, ...options.limits };
  const fail = (issues: readonly Omit<ConfigIssue, 'file'>[], limit: boolean, cause?: unknown): never => {
    throw new ConfigError({
      file,
      unreadable: true,
      ...(limit ? { code: errorCodes.CONFIG_LIMIT_EXCEEDED } : {}),
      issues: issues.map((issue) => ({ file, ...issue })),
      cause,
    });
  };
  if (typeof text !== 'string')
    fail([{ path: '(file)', message: 'expected the text of a YAML or JSON file' }], false);
  const textProblem = checkText(text, limits);
  if (textProblem) fail([textProblem.issue], textProblem.limit);

  const lineCounter = new LineCounter();
  const parser = new Parser(lineCounter.addNewLine);
  const composer = new Composer(yamlOptions);
  const documents = [...composer.compose(parser.parse(text)), ...composer.end()];
  const document = documents[0];
  if (!document) return locatedValue({ file, value: null, locate: () => undefined });
  const at = (offset: number) => {
    const position = lineCounter.linePos(offset);
    return { line: position.line, column: position.col };
  };
  const exhausted = document.errors.find((error) => error.code === 'RESOURCE_EXHAUSTION');
  if (exhausted) {
    fail(
      [
        {
          ...at(exhausted.pos[0]),
          path: '(file)',
          message: `nesting too deep to read; expected at most ${limits.maxDepth} levels (limits.maxDepth)`,
        },
      ],
      true,
    );
  }
  const syntax = [
    ...document.errors,
    ...document.warnings,
    ...documents.slice(1).map((extra) => ({
      pos: extra.range,
      message: 'a second YAML document (after ---); expected one document per file',
    })),
  ];
  if (syntax.length > 0) {
    fail(
      syntax.map((error) => ({
        ...at(error.pos[0]),
        path: '(syntax)',
        message: describeYamlError(error.message),
      })),
      false,
    );
  }
  const limit = checkNodes(document, lineCounter, limits);
  if (limit) fail([limit], true);
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: limits.maxAliases });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/excessive alias count/i.test(message)) {
      fail(
        [
          {
            path: '(file)',
            message: `YAML aliases expand past the limit (a "billion laughs"); expected at most ${limits.maxAliases} alias expansions (limits.maxAliases)`,
          },
        ],
        true,
        error,
      );
    }
    // An alias to an anchor that is not defined before it.
    fail(
      [
        {
          path: '(syntax)',
          message: `${message.split('\n')[0]}; expected an anchor (&name) before its alias (*name)`,
        },
      ],
      false,
      error,
    );
  }
  const locate = (path: DocumentPath) => {
    let node: unknown = document.contents;
    let found = node as Node | null;
    for (const key of path) {
      if (isMap(node)) node = node.get(key, true);
      else if (isSeq(node) && typeof key === 'number') node = node.get(key, true);
      else break;
      if (!node) break;
      found = node as Node;
    }
    const range = found?.range;
    if (!range) return undefined;
    return at(range[0]);
  };
  return locatedValue({ file, value, locate });
}

/** A located document over a value whose positions `locate` knows (or not). */
function locatedValue(options: {
  file: string;
  value: unknown;
  locate: LocatedDocument['locate'];
}): LocatedDocument {
  const { file, value, locate } = options;
  return {
    file,
    value,
    locate,
    issue(path, message) {
      const position = locate(path);
      return {
        file,
        ...(position ? { line: position.line, column: position.column } : {}),
        path: formatDocumentPath(path),
        message,
      };
    },
  };
}

/**
 * A document for a value that did not come from text (a TypeScript config
 * object): issues carry paths but no lines.
 */
export function unlocatedDocument(options: { file: string; value: unknown }): LocatedDocument {
  return locatedValue({ ...options, locate: () => undefined });
}

/** The first line of a yaml error, with the library's advice on tags made ours. */
function describeYamlError(message: string): string {
  const first = message.split('\n')[0] ?? message;
  const tag = /^Unresolved tag: (.+)$/.exec(first);
  if (tag) {
    return `unsupported YAML tag ${tag[1]}; expected plain YAML values (write an instant as text with an offset, e.g. 2026-06-25T00:00:00Z)`;
  }
  return first;
}

/**
 * Parses YAML or JSON text and validates it with a zod schema, reporting
 * every problem at once with its file, line, column and path. Used for
 * configs, and reusable for any document (drill scenarios, policy tests).
 *
 * @param options.text the file's text.
 * @param options.file the file name used in messages.
 * @param options.schema the zod schema.
 * @param options.check further checks, run even when the schema fails (on the raw value).
 * @param options.limits overrides of {@link documentLimits}.
 * @returns the validated value.
 * @throws {ConfigError} listing every problem, sorted by position.
 *
 * @example
 * ```ts
 * const scenario = parseDocument({ text, file: 'drill.yaml', schema: ScenarioSchema });
 * ```
 */
export function parseDocument<Schema extends z.ZodType>(options: {
  text: string;
  file: string;
  schema: Schema;
  check?: DocumentCheck<Schema>;
  limits?: Partial<DocumentLimits>;
}): z.output<Schema> {
  const document = readDocument(options);
  return validateLocated({ document, schema: options.schema, check: options.check });
}

/**
 * Checks beyond the schema. `parsed` is the schema's output, or `undefined`
 * when the schema failed: the check then works on the raw `value` as far as
 * it can, so every problem is reported in one run.
 */
export type DocumentCheck<Schema extends z.ZodType> = (input: {
  value: unknown;
  parsed: z.output<Schema> | undefined;
}) => readonly Problem[];

/**
 * Validates an already read document with a schema and further checks, and
 * reports every problem at once, sorted by position.
 *
 * @throws {ConfigError} listing every problem with its position.
 */
export function validateLocated<Schema extends z.ZodType>(options: {
  document: LocatedDocument;
  schema: Schema;
  check?: DocumentCheck<Schema> | undefined;
}): z.output<Schema> {
  const { document, schema } = options;
  const parsed = schema.safeParse(document.value);
  const problems: Problem[] = parsed.success
    ? []
    : parsed.error.issues.flatMap((issue) => describeSchemaIssues({ issue, schema, value: document.value }));
  problems.push(
    ...(options.check?.({ value: document.value, parsed: parsed.success ? parsed.data : undefined }) ?? []),
  );
  const error = locatedError({ document, problems });
  if (error) throw error;
  return parsed.data as z.output<Schema>;
}

/** `policy.rules[2].effective` from `['policy', 'rules', 2, 'effective']`. */
export function formatDocumentPath(path: DocumentPath): string {
  let result = '';
  for (const key of path) {
    if (typeof key === 'number') result += `[${key}]`;
    else result += result === '' ? key : `.${key}`;
  }
  return result === '' ? '(root)' : result;
}

/** Splits `policy.rules[2].effective` back into `['policy', 'rules', 2, 'effective']`. */
export function parseDocumentPath(path: string): (string | number)[] {
  const result: (string | number)[] = [];
  for (const match of path.matchAll(/\[(\d+)\]|([^.[\]]+)/g)) {
    if (match[1] !== undefined) result.push(Number(match[1]));
    else if (match[2] !== undefined) result.push(match[2]);
  }
  return result;
}
