import { LineCounter } from 'yaml';
import type { z } from 'zod';
import type { ConfigIssue } from '../errors/config-error.js';
import { describeSchemaIssues } from '../validation/describe-schema-issue.js';
import type { Problem } from '../validation/problem.js';
import { checkText, type DocumentLimits, documentLimits } from './document-limits.js';
import { locatedError } from './located-error.js';
import { type ExactDocument, readExactDocument } from './read-exact-document.js';
import { readFastDocument } from './read-fast-document.js';
import { unreadableDocument } from './unreadable-document.js';

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

/**
 * Reads YAML or JSON text (JSON is read as YAML 1.2, so both get positions),
 * within limits on size, nesting depth and aliases.
 *
 * Two readers, one result: the fast one (js-yaml's event parser) reads the
 * plain YAML a config is made of; anything else (a syntax error, a tag, an
 * anchor, a duplicate key, a limit passed, ...) goes to the exact one (the
 * `yaml` library with every node's range), which reports it. Positions come
 * from the fast reader's offsets; the few it does not know (an empty value,
 * a block scalar) are looked up in the exact reader, run only then.
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
  if (typeof text !== 'string') {
    throw unreadableDocument({
      file,
      issues: [{ path: '(file)', message: 'expected the text of a YAML or JSON file' }],
      limit: false,
    });
  }
  const textProblem = checkText(text, limits);
  if (textProblem) throw unreadableDocument({ file, issues: [textProblem.issue], limit: textProblem.limit });
  const fast = readFastDocument({ text, limits });
  if (!fast) {
    const exact = readExactDocument({ text, file, limits });
    return locatedDocument({ file, value: exact.value, locate: rootAtStart(exact.locate) });
  }
  let lineCounter: LineCounter | undefined;
  let exact: ExactDocument | undefined;
  const locate = (path: DocumentPath) => {
    const { offset, exact: known } = fast.offsetOf(path);
    if (!known) {
      try {
        exact ??= readExactDocument({ text, file, limits });
        return exact.locate(path);
      } catch {
        // Not expected (the fast reader reads a subset of what the exact one
        // does): fall back to the nearest node the fast reader knows.
      }
    }
    lineCounter ??= countLines(text);
    const position = lineCounter.linePos(offset);
    return { line: position.line, column: position.col };
  };
  return locatedDocument({ file, value: fast.value, locate: rootAtStart(locate) });
}

/**
 * `locate`, with the document's root at line 1, column 1 when it has no node there (an empty file,
 * or one of only comments), so that `empty: got nothing` names a line like every other problem.
 */
function rootAtStart(locate: LocatedDocument['locate']): LocatedDocument['locate'] {
  return (path) => locate(path) ?? (path.length === 0 ? { line: 1, column: 1 } : undefined);
}

/** Line starts as the `yaml` library's parser records them (after each LF). */
function countLines(text: string): LineCounter {
  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0);
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) {
    lineCounter.addNewLine(index + 1);
  }
  return lineCounter;
}

/**
 * A located document over a value whose positions `locate` knows (or not).
 *
 * @param options.file the file name used in messages.
 * @param options.value the plain value.
 * @param options.locate finds a path's line and column.
 * @returns the document, which turns paths and messages into located issues.
 */
export function locatedDocument(options: {
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
  return locatedDocument({ ...options, locate: () => undefined });
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
