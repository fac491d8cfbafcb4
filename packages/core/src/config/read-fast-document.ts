import { COLLECTION_STYLE, EVENT_ID, type Event, getScalarValue, parseEvents, SCALAR_STYLE } from 'js-yaml';
import type { DocumentLimits } from './document-limits.js';
import { blockHeaderEnd, fastText, scalarReadAlike, skipSeparators } from './fast-subset.js';
import type { DocumentPath } from './parse-document.js';
import { propertyName } from './read-exact-document.js';
import { coreScalarResolver } from './resolve-core-scalar.js';

/**
 * Where a node starts, as an offset into the text: a number for a scalar, an
 * object for a collection (with its children's). `-1`: only the exact reader
 * knows (an empty value, a block scalar).
 */
type NodeOffsets = number | CollectionOffsets;

interface CollectionOffsets {
  readonly offset: number;
  /** A mapping's keys (their values, as the exact reader matches them), beside `children`. */
  readonly keys?: unknown[];
  /** The children: a sequence's items, a mapping's values. */
  readonly children: NodeOffsets[];
  /** A large mapping's key -> child index (small ones are scanned). */
  index?: Map<unknown, number>;
}

/** From how many keys a mapping gets an index (smaller ones are scanned, as fast). */
const indexFrom = 16;

/** A document read by the fast reader. */
export interface FastDocument {
  /** The plain value, the same as the exact reader's. */
  readonly value: unknown;
  /**
   * The offset where the deepest node that exists on `path` starts, as the
   * exact reader gives it (`exact`), or, when only the exact reader knows it
   * (an empty value, a block scalar), the offset of its nearest known
   * ancestor (`exact: false`).
   */
  offsetOf(path: DocumentPath): { offset: number; exact: boolean };
}

/** Bails out of the fast reader: the exact reader decides instead. */
class NotFast extends Error {}
const notFast = new NotFast();

/**
 * Reads YAML or JSON text fast (js-yaml's event parser, no syntax tree), or
 * returns `undefined` when the text is outside what this reader is sure to
 * read exactly as the `yaml` library (`readExactDocument`) does: any syntax
 * error, a second document, a directive, a tag, an anchor or alias, a
 * collection or empty key, a duplicate key, nesting past `limits.maxDepth`,
 * text between tokens that is not a separator, a root that is not a mapping
 * or sequence, and the few forms in `fast-subset.ts`. The exact reader then
 * reports what is wrong, with the same messages as ever. Plain scalars are
 * resolved by the `yaml` library's own YAML 1.2 core schema tags.
 *
 * @param options.text the file's text, already through `checkText`.
 * @param options.limits the limits (depth).
 * @returns the value and node offsets, or `undefined`.
 */
export function readFastDocument(options: {
  text: string;
  limits: DocumentLimits;
}): FastDocument | undefined {
  const { text, limits } = options;
  if (!fastText(text)) return undefined;
  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth: limits.maxDepth + 1 });
  } catch {
    return undefined;
  }
  try {
    const root = build(text, events, limits.maxDepth, coreScalarResolver());
    return { value: root.value, offsetOf: (path) => offsetOf(root.offsets, path) };
  } catch (error) {
    if (error instanceof NotFast) return undefined;
    throw error;
  }
}

/** A collection being built. */
interface Frame {
  readonly value: Record<string, unknown> | unknown[];
  readonly offsets: CollectionOffsets;
  readonly flow: boolean;
  /** For a mapping: whether the last key waits for its value. */
  hasKey: boolean;
}

/** Builds the value and its offsets from the events, checking every token and what lies between. */
function build(
  text: string,
  events: readonly Event[],
  maxDepth: number,
  resolvePlain: ReturnType<typeof coreScalarResolver>,
): { value: unknown; offsets: CollectionOffsets } {
  const stack: Frame[] = [];
  let root: Frame | undefined;
  let documents = 0;
  // The end of the last token, whether it was a scalar, and how many flow
  // collections closed since (their `]` or `}` lie ahead).
  let covered = 0;
  let started = false;
  let afterScalar = false;
  let afterLineEnd = true;
  let closers = 0;
  /** Where the next token starts, if only separators lie between the last one and it. */
  const nextToken = (flow: boolean) =>
    skipSeparators(text, {
      from: covered,
      flow,
      closers,
      atStart: !started,
      needsBreak: !flow && !afterLineEnd,
    });
  /** Checks that only separators lie between the last token and `start`. */
  const tokenAt = (start: number, flow: boolean) => {
    if (nextToken(flow) !== start || (afterScalar && start === covered)) throw notFast;
    started = true;
    closers = 0;
  };
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT: {
        documents++;
        if (documents > 1 || event.directives.length > 0) throw notFast;
        break;
      }
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        if (event.anchorStart >= 0 || event.tagStart >= 0 || stack.length + 1 > maxDepth) throw notFast;
        const parent = stack[stack.length - 1];
        const flow = event.style === COLLECTION_STYLE.FLOW;
        if (flow) {
          // A flow pair without braces (`[a: 1]`) is read differently.
          if (text[event.start] !== '[' && text[event.start] !== '{') throw notFast;
          tokenAt(event.start, parent?.flow ?? false);
          covered = event.start + 1;
          afterScalar = false;
          afterLineEnd = false;
        }
        const mapping = event.type === EVENT_ID.MAPPING;
        const offsets: CollectionOffsets = mapping
          ? { offset: event.start, keys: [], children: [] }
          : { offset: event.start, children: [] };
        const frame: Frame = { value: mapping ? {} : [], offsets, flow, hasKey: false };
        if (parent) add(parent, frame.value, offsets);
        else if (root) throw notFast;
        else root = frame;
        stack.push(frame);
        break;
      }
      case EVENT_ID.SCALAR: {
        const parent = stack[stack.length - 1];
        // A tag, an anchor, a scalar document, or a form read differently.
        if (event.anchorStart >= 0 || event.tagStart >= 0 || !parent || !scalarReadAlike(text, event)) {
          throw notFast;
        }
        const { style, valueStart, valueEnd } = event;
        let offset = -1;
        if (style === SCALAR_STYLE.PLAIN && valueStart >= 0) {
          tokenAt(valueStart, parent.flow);
          covered = valueEnd;
          offset = valueStart;
        } else if (style === SCALAR_STYLE.SINGLE_QUOTED || style === SCALAR_STYLE.DOUBLE_QUOTED) {
          tokenAt(valueStart - 1, parent.flow);
          covered = valueEnd + 1;
          offset = valueStart - 1;
        } else if (style === SCALAR_STYLE.LITERAL_BLOCK || style === SCALAR_STYLE.FOLDED_BLOCK) {
          const header = nextToken(false);
          const headerEnd = blockHeaderEnd(text, header);
          if (headerEnd < 0 || headerEnd > valueStart) throw notFast;
          tokenAt(header, false);
          covered = Math.max(valueEnd, headerEnd);
        }
        // A block scalar ends with its line break; the others need a separator after them.
        if (valueStart >= 0) {
          afterLineEnd = style === SCALAR_STYLE.LITERAL_BLOCK || style === SCALAR_STYLE.FOLDED_BLOCK;
          afterScalar = !afterLineEnd;
        }
        const source = getScalarValue(text, event);
        const atKey = parent.offsets.keys !== undefined && !parent.hasKey;
        // A merge key (`<<: *defaults`): the exact reader merges it.
        if (atKey && style === SCALAR_STYLE.PLAIN && source === '<<') throw notFast;
        const resolved = style === SCALAR_STYLE.PLAIN ? resolvePlain(source, atKey) : { value: source };
        if (!resolved) throw notFast;
        add(parent, resolved.value, offset);
        break;
      }
      case EVENT_ID.POP: {
        const frame = stack.pop();
        if (frame?.hasKey) throw notFast; // a key without its value: not produced by the parser
        if (frame?.flow) closers++;
        break;
      }
      default:
        throw notFast; // an alias
    }
  }
  if (!root || stack.length > 0) throw notFast;
  if (
    skipSeparators(text, { from: covered, flow: false, closers, atStart: !started, needsBreak: false }) !==
    text.length
  ) {
    throw notFast;
  }
  return { value: root.value, offsets: root.offsets };
}

/** Adds a value (or, in a mapping waiting for one, a key) to the collection being built. */
function add(frame: Frame, value: unknown, offsets: NodeOffsets): void {
  const { keys, children } = frame.offsets;
  if (!keys) {
    (frame.value as unknown[]).push(value);
    children.push(offsets);
    return;
  }
  if (!frame.hasKey) {
    // A collection or an empty key, or a duplicate key (one read as the same
    // property as an earlier key, as the exact reader compares them): the
    // exact reader decides.
    const name = propertyName(value);
    if (
      typeof offsets !== 'number' ||
      offsets < 0 ||
      name === undefined ||
      Object.hasOwn(frame.value, name)
    ) {
      throw notFast;
    }
    keys.push(value);
    if (frame.offsets.index) frame.offsets.index.set(value, keys.length - 1);
    else if (keys.length >= indexFrom) frame.offsets.index = new Map(keys.map((key, at) => [key, at]));
    frame.hasKey = true;
    return;
  }
  frame.hasKey = false;
  children.push(offsets);
  // As the `yaml` library turns a pair into a property (`addPairToJSMap`).
  const map = frame.value as Record<string, unknown>;
  const name = propertyName(keys[keys.length - 1]) as string;
  if (name in map)
    Object.defineProperty(map, name, { value, writable: true, enumerable: true, configurable: true });
  else map[name] = value;
}

/**
 * The index of a mapping's child for `key` (a path's key: never NaN, so
 * `===` and the index's SameValueZero agree), or -1.
 */
function childIndex(offsets: CollectionOffsets, key: unknown): number {
  if (offsets.index) return offsets.index.get(key) ?? -1;
  return offsets.keys?.indexOf(key) ?? -1;
}

/** The deepest node on `path`, matched as the exact reader matches keys and indices. */
function offsetOf(root: CollectionOffsets, path: DocumentPath): { offset: number; exact: boolean } {
  let node: NodeOffsets = root;
  let known = root.offset;
  for (const key of path) {
    if (typeof node === 'number') break;
    let child: NodeOffsets | undefined;
    if (node.keys) child = node.children[childIndex(node, key)];
    else if (typeof key === 'number' && Number.isInteger(key) && key >= 0) child = node.children[key];
    if (child === undefined) break;
    node = child;
    const offset = typeof node === 'number' ? node : node.offset;
    if (offset < 0) return { offset: known, exact: false };
    known = offset;
  }
  return { offset: known, exact: true };
}
