import {
  Composer,
  type DocumentOptions,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  type ParseOptions,
  Parser,
  type SchemaOptions,
} from 'yaml';
import { thrownMessage } from '../failure/thrown-message.js';
import { checkAliases } from './check-aliases.js';
import { checkNodes, type DocumentLimits } from './document-limits.js';
import { indentationSlip } from './indentation-slip.js';
import { checkMergeKeys, mapValueNode } from './merge-keys.js';
import type { DocumentPath } from './parse-document.js';
import { unreadableDocument } from './unreadable-document.js';

/**
 * How YAML is read: YAML 1.2 core schema only, so no timestamp, binary, set
 * or omap types, even under a `%YAML 1.1` directive or an explicit
 * `!!timestamp` tag. A date stays the text it was written as and is checked
 * as such (never read in the local time zone). Duplicate keys are errors,
 * also when written differently but read as the same property (`1` and
 * `"1"`, `~` and `""`): otherwise the last would silently win. The one
 * YAML 1.1 form kept is the merge key (`<<: *defaults`, as in
 * docker-compose files): the merged mapping's keys fill in those the
 * mapping does not write itself (see `merge-keys.ts`).
 */
export const yamlOptions = {
  prettyErrors: false,
  merge: true,
  uniqueKeys: (a: unknown, b: unknown) =>
    a === b || (isScalar(a) && isScalar(b) && propertyName(a.value) === propertyName(b.value)),
  version: '1.2',
  schema: 'core',
  resolveKnownTags: false,
} as const satisfies ParseOptions & DocumentOptions & SchemaOptions;

/**
 * The property name a scalar key becomes in a plain object (as the `yaml`
 * library's `toJS` makes it), or `undefined` for a key that is not a scalar value.
 *
 * @param key the key's value.
 * @returns the name.
 */
export function propertyName(key: unknown): string | undefined {
  if (key === null) return '';
  return typeof key === 'object' || typeof key === 'function' ? undefined : String(key);
}

/** A document read with every node's position: its value and where each path starts. */
export interface ExactDocument {
  /** The plain value. */
  readonly value: unknown;
  /** Line and column (1-based) of the deepest node that exists on `path`. */
  locate(path: DocumentPath): { line: number; column: number } | undefined;
}

/**
 * Reads YAML or JSON text with the `yaml` library, keeping every node and
 * its source range: the reference reader. Every syntax error, unsupported
 * tag and limit is reported with its line and column. The text must have
 * passed `checkText` (size, binary content, flow nesting) first.
 *
 * @param options.text the file's text.
 * @param options.file the file name used in messages.
 * @param options.limits the limits on depth and aliases.
 * @returns the value and a way to locate any path.
 * @throws {ConfigError} `SWITCHYARD_CONFIG_UNREADABLE` listing every syntax
 *   error (and unsupported YAML tag) with its line and column, or
 *   `SWITCHYARD_CONFIG_LIMIT_EXCEEDED` naming the limit passed.
 */
export function readExactDocument(options: {
  text: string;
  file: string;
  limits: DocumentLimits;
}): ExactDocument {
  const { file, text, limits } = options;
  const fail = (
    issues: Parameters<typeof unreadableDocument>[0]['issues'],
    limit: boolean,
    cause?: unknown,
  ) => unreadableDocument({ file, issues, limit, cause });
  const lineCounter = new LineCounter();
  const parser = new Parser(lineCounter.addNewLine);
  const composer = new Composer(yamlOptions);
  const documents = [...composer.compose(parser.parse(text)), ...composer.end()];
  const document = documents[0];
  if (!document) return { value: null, locate: () => undefined };
  const at = (offset: number) => {
    const position = lineCounter.linePos(offset);
    return { line: position.line, column: position.col };
  };
  const exhausted = document.errors.find((error) => error.code === 'RESOURCE_EXHAUSTION');
  if (exhausted) {
    throw fail(
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
  const syntax: { pos: readonly number[]; message: string; code?: string }[] = [
    ...document.errors,
    ...document.warnings,
    ...documents.slice(1).map((extra) => ({
      pos: extra.range,
      message: 'a second YAML document (after ---); expected one document per file',
    })),
  ];
  if (syntax.length > 0) {
    const issues = syntax.map((error) => ({
      ...at(error.pos[0] ?? 0),
      path: '(syntax)',
      message: describeYamlError(error, keyText(document.contents, error.pos[0], text)),
    }));
    // One slip the library reports twice at one place (an indentation slip) is said once.
    throw fail(
      issues.filter(
        (issue, index) =>
          issues.findIndex(
            (other) =>
              other.line === issue.line && other.column === issue.column && other.message === issue.message,
          ) === index,
      ),
      false,
    );
  }
  const limit = checkNodes(document, lineCounter, limits);
  if (limit) throw fail([limit], true);
  const expansion = checkAliases(document, lineCounter);
  if (expansion) throw fail([expansion.issue], expansion.limit);
  const merge = checkMergeKeys(document, lineCounter);
  if (merge) throw fail([merge], false);
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: limits.maxAliases });
  } catch (error) {
    const message = thrownMessage(error);
    if (/excessive alias count/i.test(message)) {
      throw fail(
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
    throw fail(
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
      if (isMap(node)) node = mapValueNode(document, node, key);
      else if (isSeq(node) && typeof key === 'number') node = node.get(key, true);
      else break;
      if (!node) break;
      found = node as Node;
    }
    const range = found?.range;
    if (!range) return undefined;
    return at(range[0]);
  };
  return { value, locate };
}

/** The first line of a yaml error, with the library's advice on tags and duplicate keys made ours. */
function describeYamlError(error: { message: string; code?: string }, key: string | undefined): string {
  const { message } = error;
  const first = message.split('\n')[0] ?? message;
  if (error.code === 'DUPLICATE_KEY' && key !== undefined) {
    if (key === '<<') {
      return 'a second YAML merge key (<<) in one mapping; expected one, merging a list: <<: [*first, *second] (the first wins)';
    }
    const shown = key.length > 40 ? `${key.slice(0, 40)}…` : key;
    return `duplicate key ${shown}: written twice in one mapping (the second would silently replace the first; 1 and "1" count as one key); expected each key once`;
  }
  const slip = indentationSlip(error.code);
  if (slip !== undefined) return slip;
  const tag = /^Unresolved tag: (.+)$/.exec(first);
  if (tag) {
    return `unsupported YAML tag ${tag[1]}; expected plain YAML values (write an instant as text with an offset, e.g. 2026-06-25T00:00:00Z)`;
  }
  return first;
}

/** The text of the mapping key that starts at `offset` (for a duplicate key's message), or `undefined`. */
function keyText(root: unknown, offset: number | undefined, text: string): string | undefined {
  if (offset === undefined) return undefined;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!isMap(node) && !isSeq(node)) continue;
    for (const item of node.items as unknown[]) {
      if (!isPair(item)) {
        stack.push(item);
        continue;
      }
      const range = (item.key as Node | null)?.range;
      if (range?.[0] === offset) return text.slice(range[0], range[1]).trim();
      stack.push(item.key, item.value);
    }
  }
  return undefined;
}
