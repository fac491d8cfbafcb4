import {
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type LineCounter,
  type Pair,
  type YAMLMap,
  type Document as YamlDocument,
} from 'yaml';
import type { LimitIssue } from './document-limits.js';

/**
 * YAML merge keys (`<<: *defaults`), as YAML 1.1 and docker-compose files
 * use them: the mapping (or each mapping of a list, the first winning) is
 * merged into the one holding `<<`, whose own keys win wherever they are
 * written. Only a plain `<<` key merges; a quoted `"<<"` is a key like any other.
 */

/** Whether a pair's key is a merge key (`<<`, plain), as the `yaml` library reads it with `merge: true`. */
export function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol' && key.value.description === '<<';
}

/** What a node is, for a message: "a number", "a list", ... */
function kindOf(document: YamlDocument, node: unknown): string {
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isAlias(node)) return `*${node.source} (an alias of ${kindOf(document, node.resolve(document))})`;
  if (isScalar(node)) {
    const value = node.value;
    if (value === null) return 'nothing (null)';
    if (typeof value === 'string') return `the text ${JSON.stringify(value)}`;
    return `${typeof value === 'number' ? 'the number' : `the ${typeof value}`} ${String(value)}`;
  }
  return 'nothing';
}

/**
 * The mappings a merge key's value merges, in order (the first wins), with
 * aliases resolved; the first value that is not a mapping instead.
 */
function mergeSources(
  document: YamlDocument,
  value: unknown,
): { maps: YAMLMap[] } | { wrong: unknown; inList: boolean } {
  const resolve = (node: unknown) => (isAlias(node) ? node.resolve(document) : node);
  const source = resolve(value);
  // An alias of an anchor not defined before it: reported when the value is built.
  if (source === undefined) return { maps: [] };
  if (isMap(source)) return { maps: [source] };
  if (!isSeq(source)) return { wrong: value, inList: false };
  const maps: YAMLMap[] = [];
  for (const item of source.items) {
    const map = resolve(item);
    if (map === undefined) continue;
    if (!isMap(map)) return { wrong: item, inList: true };
    maps.push(map);
  }
  return { maps };
}

/**
 * Checks every merge key's value before the value is built (the `yaml`
 * library would throw "Merge sources must be maps or map aliases", without a
 * position): a mapping, an alias of one, or a list of those.
 *
 * @returns the problem, at the value that cannot be merged, or `undefined`.
 */
export function checkMergeKeys(document: YamlDocument, lineCounter: LineCounter): LimitIssue | undefined {
  let problem: LimitIssue | undefined;
  const visit = (node: unknown) => {
    if (problem || !isCollection(node)) return;
    for (const item of node.items as unknown[]) {
      if (!isPair(item)) {
        visit(item);
        continue;
      }
      if (isMergeKey(item.key)) {
        const sources = mergeSources(document, item.value);
        if ('wrong' in sources) {
          const range = (node: unknown) => (node as { range?: [number, number] } | null)?.range?.[0];
          const at = range(sources.wrong) ?? range(item.value) ?? 0;
          const position = lineCounter.linePos(at);
          problem = {
            line: position.line,
            column: position.col,
            path: '(syntax)',
            message: `a YAML merge key (<<) merges ${sources.inList ? 'a list of mappings' : 'a mapping'}; found ${kindOf(document, sources.wrong)}${sources.inList ? ' in its list' : ''}; expected a mapping, an alias of one (<<: *defaults) or a list of them (<<: [*first, *second])`,
          };
          return;
        }
      }
      visit(item.key);
      visit(item.value);
    }
  };
  visit(document.contents);
  return problem;
}

/**
 * The node a mapping holds for `key`: its own pair's value, else the value
 * merged in by its merge keys (`<<`), as the value was built: so a path
 * into a merged value is located where that value is written.
 *
 * @returns the node, or `undefined` when neither the mapping nor a merged one has the key.
 */
export function mapValueNode(document: YamlDocument, map: YAMLMap, key: unknown): unknown {
  const seen = new Set<YAMLMap>();
  const find = (current: YAMLMap): unknown => {
    if (seen.has(current)) return undefined;
    seen.add(current);
    const own = current.get(key, true);
    if (own) return own;
    for (const item of current.items as Pair[]) {
      if (!isMergeKey(item.key)) continue;
      const sources = mergeSources(document, item.value);
      if (!('maps' in sources)) continue;
      for (const source of sources.maps) {
        const found = find(source);
        if (found) return found;
      }
    }
    return undefined;
  };
  return find(map);
}
