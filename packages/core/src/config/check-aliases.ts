import { isAlias, isCollection, isPair, type LineCounter, type Document as YamlDocument } from 'yaml';
import type { LimitIssue } from './document-limits.js';

/** Nodes aliases may always add, however small the file: reusing a list is what aliases are for. */
const minimumAllowance = 10_000;

/**
 * Checks what a document's aliases expand to, before the value is built:
 * everything that reads the value (the validator included) walks an alias
 * once per use, so 99 aliases of one large list cost as much as 99 copies of
 * it. Aliases may add at most as many nodes as the file has (or 10,000,
 * whichever is more), so the value is never much larger than the file; an
 * alias inside its own anchor (a value that contains itself) is refused.
 * Expects a document that passed `checkNodes` (depth and alias count).
 *
 * @returns the problem, at the alias where the expansion passes the limit, or `undefined`.
 */
export function checkAliases(
  document: YamlDocument,
  lineCounter: LineCounter,
): { issue: LimitIssue; limit: boolean } | undefined {
  let written = 0;
  let aliases = 0;
  const count = (node: unknown) => {
    written++;
    if (isAlias(node)) aliases++;
    else if (isCollection(node)) {
      for (const item of node.items as unknown[]) {
        if (isPair(item)) {
          if (item.key !== null) count(item.key);
          if (item.value !== null) count(item.value);
        } else count(item);
      }
    }
  };
  count(document.contents);
  if (aliases === 0) return undefined;
  const allowed = written + Math.max(written, minimumAllowance);
  const sizes = new Map<unknown, number>(); // anchored nodes, once walked: their expanded size
  const anchors = new Map<string, unknown>(); // the latest node with each anchor, in document order
  let expanded = 0;
  let problem: { issue: LimitIssue; limit: boolean } | undefined;
  const at = (offset: number) => {
    const position = lineCounter.linePos(offset);
    return { line: position.line, column: position.col };
  };
  // Post-order in document order; recursion is bounded by the depth limit.
  const size = (node: unknown): number => {
    if (problem) return 0;
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      // An anchor defined later (or never) is reported when the value is built.
      const targetSize = target === undefined ? 1 : sizes.get(target);
      if (targetSize === undefined) {
        problem = {
          limit: false,
          issue: {
            ...at(node.range?.[0] ?? 0),
            path: '(syntax)',
            message: `YAML alias *${node.source} is inside its own anchor &${node.source}: the value would contain itself; expected an alias to a value that is complete before it`,
          },
        };
        return 0;
      }
      expanded += targetSize;
      if (expanded > allowed) {
        problem = {
          limit: true,
          issue: {
            ...at(node.range?.[0] ?? 0),
            path: '(file)',
            message: `YAML aliases expand past the limit: the ${written} nodes written would become more than ${allowed}; expected aliases to add at most ${allowed - written} nodes (the file's size, or 10000): repeat a large value instead of aliasing it`,
          },
        };
      }
      return targetSize;
    }
    expanded++;
    const anchor = (node as { anchor?: string } | null)?.anchor;
    if (anchor) anchors.set(anchor, node);
    let total = 1;
    if (isCollection(node)) {
      for (const item of node.items as unknown[]) {
        if (isPair(item))
          total += (item.key === null ? 0 : size(item.key)) + (item.value === null ? 0 : size(item.value));
        else total += size(item);
      }
    }
    if (anchor) sizes.set(node, total);
    return total;
  };
  size(document.contents);
  return problem;
}
