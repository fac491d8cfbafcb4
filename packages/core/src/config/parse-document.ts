import { isMap, isSeq, LineCounter, type Node, parseDocument as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../errors/config-error.js';

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
 * Reads YAML or JSON text (JSON is read as YAML 1.2, so both get positions).
 *
 * @throws {ConfigError} with code `SWITCHYARD_CONFIG_UNREADABLE` listing every syntax error with its line and column.
 */
export function readDocument(options: { text: string; file: string }): LocatedDocument {
  const lineCounter = new LineCounter();
  const document = parseYaml(options.text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError({
      file: options.file,
      unreadable: true,
      issues: document.errors.map((error) => {
        const position = lineCounter.linePos(error.pos[0]);
        return {
          file: options.file,
          line: position.line,
          column: position.col,
          path: '(syntax)',
          message: error.message.split('\n')[0] ?? error.message,
        };
      }),
    });
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
    const position = lineCounter.linePos(range[0]);
    return { line: position.line, column: position.col };
  };
  return {
    file: options.file,
    value: document.toJS({ maxAliasCount: 100 }),
    locate,
    issue(path, message) {
      const position = locate(path);
      return {
        file: options.file,
        line: position?.line,
        column: position?.column,
        path: formatDocumentPath(path),
        message,
      };
    },
  };
}

/**
 * Parses YAML or JSON text and validates it with a zod schema, reporting
 * every problem at once with its file, line, column and path. Used for
 * configs, and reusable for any document (drill scenarios).
 *
 * @param options.text the file's text.
 * @param options.file the file name used in messages.
 * @param options.schema the zod schema.
 * @param options.check further checks on the valid value; return issues as (path, message) pairs.
 * @returns the validated value.
 * @throws {ConfigError} listing every problem.
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
  check?: (value: z.output<Schema>) => readonly { path: DocumentPath; message: string }[];
}): z.output<Schema> {
  const document = readDocument(options);
  return validateLocated({ document, schema: options.schema, check: options.check });
}

/**
 * Validates an already read document with a schema and optional further checks.
 *
 * @throws {ConfigError} listing every problem with its position.
 */
export function validateLocated<Schema extends z.ZodType>(options: {
  document: LocatedDocument;
  schema: Schema;
  check?: (value: z.output<Schema>) => readonly { path: DocumentPath; message: string }[];
}): z.output<Schema> {
  const { document } = options;
  const parsed = options.schema.safeParse(document.value);
  if (!parsed.success) {
    throw new ConfigError({
      file: document.file,
      issues: parsed.error.issues.map((issue) =>
        document.issue(
          issue.path.filter((key): key is string | number => typeof key !== 'symbol'),
          describeIssue(issue),
        ),
      ),
    });
  }
  const problems = options.check?.(parsed.data) ?? [];
  if (problems.length > 0) {
    throw new ConfigError({
      file: document.file,
      issues: problems.map((problem) => document.issue(problem.path, problem.message)),
    });
  }
  return parsed.data;
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

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown key${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((key) => `"${key}"`).join(', ')}; check the spelling`;
  }
  if (issue.code === 'invalid_value' && 'values' in issue) {
    return `expected one of ${(issue.values as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`;
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return `required: expected ${issue.expected}`;
  }
  return issue.message.replace(/^Invalid input: /, '');
}
