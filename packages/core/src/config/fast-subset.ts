import { SCALAR_STYLE, type ScalarEvent } from 'js-yaml';

/**
 * What the fast reader (js-yaml's events) is sure to read exactly as the
 * exact reader (the `yaml` library) does. Found by differential fuzzing
 * (`read-fast-document.test.ts`): outside these checks, the two disagree on
 * some texts, and the fast reader leaves the text to the exact one.
 */

/**
 * Whether the text as a whole may be read fast: no byte order mark (the
 * exact reader drops one even inside the text), no lone
 * CR line break, no tab in an indent, one document (no `...` marker, and a
 * `---` only before any content).
 */
export function fastText(text: string): boolean {
  if (text.includes('\uFEFF')) return false;
  if (text.includes('\r') && /\r(?!\n)/.test(text)) return false;
  if (text.includes('\t') && /^ *\t/m.test(text)) return false;
  let first = true;
  for (const match of text.matchAll(/^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm)) {
    if (!first || match[0] === '...' || !/^(?:[ \t]*(?:#.*)?\r?\n)*$/.test(text.slice(0, match.index))) {
      return false;
    }
    first = false;
  }
  return true;
}

/**
 * Whether both parsers read this quoted or block scalar alike. Not so for
 * some quoted scalars over several lines (an escaped line break before an
 * empty line) and some block scalars (an indentation indicator, a line of
 * spaces only).
 */
export function scalarReadAlike(text: string, event: ScalarEvent): boolean {
  const { style, valueStart, valueEnd } = event;
  if (style === SCALAR_STYLE.PLAIN || valueStart < 0) return true;
  const content = text.slice(valueStart, valueEnd);
  if (style === SCALAR_STYLE.SINGLE_QUOTED || style === SCALAR_STYLE.DOUBLE_QUOTED) {
    return !content.includes('\n');
  }
  return !/^ +$/m.test(content);
}

const white = (char: string | undefined) =>
  char === undefined || char === ' ' || char === '\n' || char === '\r' || char === '\t';

/**
 * Skips what may stand between two tokens: white space, line breaks,
 * comments (after white space; in flow, not at a line start: the exact
 * reader refuses some of those), block indicators (`- `, `? `, `: `), the
 * `]` or `}` of flow collections that closed since the last token, flow
 * indicators (`,`, and `:` before a non-space) in flow, and a leading `---`.
 *
 * @param options.from where to start.
 * @param options.flow whether the next token is inside a flow collection.
 * @param options.closers how many flow collections closed since the last token.
 * @param options.atStart whether no token came before (a `---` may).
 * @param options.needsBreak whether a line break or a block indicator must
 *   come before the next token (two block tokens on one line need one).
 * @returns the index of the first character that is none of these: where
 *   the next token must start (-1 when `needsBreak` is not met). A gap
 *   js-yaml skipped over (`"a"b`, an indented `---`, `- {} b: 1`) stops
 *   early, and so fails that test.
 */
export function skipSeparators(
  text: string,
  options: { from: number; flow: boolean; closers: number; atStart: boolean; needsBreak: boolean },
): number {
  const { flow, atStart } = options;
  let closers = options.closers;
  let index = options.from;
  let broken = false;
  while (index < text.length) {
    const char = text[index];
    const next = text[index + 1];
    const inFlow = flow || closers > 0;
    if (char === '\n') {
      broken = true;
      index++;
    } else if (char === ' ' || char === '\r' || char === '\t') index++;
    else if (
      char === '#' &&
      (index === 0 || white(text[index - 1])) &&
      !(inFlow && text[index - 1] === '\n')
    ) {
      const end = text.indexOf('\n', index);
      index = end < 0 ? text.length : end;
    } else if (
      atStart &&
      char === '-' &&
      (index === 0 || text[index - 1] === '\n') &&
      text.startsWith('---', index) &&
      white(text[index + 3])
    ) {
      index += 3;
    } else if ((char === '-' || char === '?') && white(next)) {
      broken = true;
      index++;
    } else if (char === ':' && (white(next) || inFlow)) {
      broken ||= !inFlow;
      index++;
    } else if ((char === ']' || char === '}') && closers > 0) {
      closers--;
      index++;
    } else if (char === ',' && inFlow) index++;
    else break;
  }
  return options.needsBreak && !broken && index < text.length ? -1 : index;
}

/**
 * Where a block scalar's header (`|`, `>-`, ...) that starts at `start`
 * ends, or -1 for a header the fast reader leaves to the exact one (an
 * indentation indicator) or that is not one.
 */
export function blockHeaderEnd(text: string, start: number): number {
  const lineEnd = text.indexOf('\n', start);
  const end = lineEnd < 0 ? text.length : lineEnd;
  return /^[|>][-+]?[ \t]*(?:#.*)?\r?$/.test(text.slice(start, end)) ? end : -1;
}
