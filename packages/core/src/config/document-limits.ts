import {
  isAlias,
  isCollection,
  isPair,
  type LineCounter,
  type Node,
  type Document as YamlDocument,
} from 'yaml';
import type { ConfigIssue } from '../errors/config-error.js';

/**
 * Limits on what `readDocument` reads, so a hostile or broken file ends in a
 * precise error rather than a hang or an out-of-memory crash.
 */
export interface DocumentLimits {
  /** Largest file, in UTF-8 bytes. Default 16 MiB (a 10,000-target config is about 2.5 MiB). */
  readonly maxBytes: number;
  /** Deepest nesting of maps and lists. Default 64 (a config needs about 8). */
  readonly maxDepth: number;
  /** Most YAML aliases (`*name`) in a file; also bounds how far they may expand (billion laughs). Default 100. */
  readonly maxAliases: number;
}

/** The default {@link DocumentLimits}. */
export const documentLimits: DocumentLimits = Object.freeze({
  maxBytes: 16 * 1024 * 1024,
  maxDepth: 64,
  maxAliases: 100,
});

/** A limit that was passed: where, and what to do about it. */
export type LimitIssue = Omit<ConfigIssue, 'file'>;

/** UTF-8 length of `text`, counting only as far as needed to know it passes `limit`. */
function utf8Length(text: string, limit: number): number {
  if (text.length * 3 <= limit) return text.length; // cannot exceed: skip the count
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code <= 0xdbff ? 2 : 3;
  }
  return bytes;
}

/**
 * Checks the raw text before any YAML parsing: size, binary content, and an
 * upper bound of the nesting depth (flow brackets and compact `- - -`
 * indicators), which is what makes a YAML parser run out of stack or memory.
 *
 * @returns the problem, or `undefined`; `limit` tells a limit from unreadable content.
 */
export function checkText(
  text: string,
  limits: DocumentLimits,
): { issue: LimitIssue; limit: boolean } | undefined {
  const bytes = utf8Length(text, limits.maxBytes);
  if (bytes > limits.maxBytes) {
    return {
      limit: true,
      issue: {
        path: '(file)',
        message: `the file is ${bytes} bytes; expected at most ${limits.maxBytes} bytes (limits.maxBytes)`,
      },
    };
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    const { line, column } = positionOf(text, nul);
    return {
      limit: false,
      issue: {
        line,
        column,
        path: '(file)',
        message: 'the file contains a NUL byte: it is binary, not YAML or JSON; expected a UTF-8 text file',
      },
    };
  }
  const at = nestingPastLimit(text, limits.maxDepth);
  if (at !== undefined) {
    const { line, column } = positionOf(text, at);
    return {
      limit: true,
      issue: {
        line,
        column,
        path: '(file)',
        message: `nesting deeper than ${limits.maxDepth} levels; expected at most ${limits.maxDepth} (limits.maxDepth)`,
      },
    };
  }
  return undefined;
}

/** Index of the first character where flow or compact nesting passes `maxDepth`, if any. */
function nestingPastLimit(text: string, maxDepth: number): number | undefined {
  let depth = 0;
  let quote: '"' | "'" | undefined;
  let lineStart = true;
  let compact = 0;
  let lastOpen = -2;
  for (let index = 0; index < text.length; index++) {
    const char = text[index] as string;
    if (quote) {
      if (char === '\\' && quote === '"') index++;
      else if (char === quote) quote = undefined;
      continue;
    }
    const previous = index === 0 ? '\n' : (text[index - 1] as string);
    // Where a collection or a quoted string may start: after white space, a `:`, a `,` inside
    // a flow collection, or a bracket that itself opened one (`x[[` in a plain word is text).
    const tokenStart =
      previous === '\n' ||
      previous === ' ' ||
      previous === '\t' ||
      previous === ':' ||
      (previous === ',' && depth > 0) ||
      ((previous === '[' || previous === '{') && lastOpen === index - 1);
    if (char === '\n') {
      lineStart = true;
      compact = 0;
      continue;
    }
    if (char === '#' && tokenStart) {
      const end = text.indexOf('\n', index);
      index = end < 0 ? text.length : end - 1;
      continue;
    }
    if ((char === '"' || char === "'") && tokenStart) {
      quote = char;
      lineStart = false;
      continue;
    }
    if ((char === '[' || char === '{') && tokenStart) {
      depth++;
      lastOpen = index;
      if (depth > maxDepth) return index;
    } else if ((char === ']' || char === '}') && depth > 0) {
      depth--;
    } else if ((char === '-' || char === '?') && lineStart && /[ \t]/.test(text[index + 1] ?? '')) {
      compact++;
      if (compact > maxDepth) return index;
      continue;
    }
    if (char !== ' ' && char !== '\t') lineStart = false;
  }
  return undefined;
}

/**
 * Checks a parsed document: nesting depth (exact, over the nodes) and the
 * number of aliases. Walks without recursion.
 */
export function checkNodes(
  document: YamlDocument,
  lineCounter: LineCounter,
  limits: DocumentLimits,
): LimitIssue | undefined {
  const at = (node: Node) => {
    const position = lineCounter.linePos(node.range?.[0] ?? 0);
    return { line: position.line, column: position.col };
  };
  let aliases = 0;
  const stack: { node: unknown; depth: number }[] = [{ node: document.contents, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    if (isAlias(node)) {
      aliases++;
      if (aliases > limits.maxAliases) {
        return {
          ...at(node),
          path: '(file)',
          message: `more than ${limits.maxAliases} YAML aliases; expected at most ${limits.maxAliases} (limits.maxAliases): repeat the value instead of aliasing it`,
        };
      }
      continue;
    }
    if (!isCollection(node)) continue;
    if (depth + 1 > limits.maxDepth) {
      return {
        ...at(node),
        path: '(file)',
        message: `nesting deeper than ${limits.maxDepth} levels; expected at most ${limits.maxDepth} (limits.maxDepth)`,
      };
    }
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        stack.push({ node: item.key, depth: depth + 1 });
        stack.push({ node: item.value, depth: depth + 1 });
      } else stack.push({ node: item, depth: depth + 1 });
    }
  }
  return undefined;
}

/** 1-based line and column of a character index. */
function positionOf(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (
    let cursor = text.indexOf('\n');
    cursor >= 0 && cursor < index;
    cursor = text.indexOf('\n', cursor + 1)
  ) {
    line++;
    start = cursor + 1;
  }
  return { line, column: index - start + 1 };
}
