/** Characters a terminal draws two columns wide: CJK, Hangul, fullwidth forms, emoji. */
const wide =
  /^(?:[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|[\u{20000}-\u{3FFFD}]|\p{Extended_Pictographic})/u;
/** Marks drawn over the character before them, and invisible joiners: no column of their own. */
const zeroWidth = /^(?:\p{Mn}|\p{Me}|[\u200B-\u200F\u2060]|\uFE0F)+$/u;

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * How many terminal columns text takes: two for wide characters (`東京`, `🚀`), none for combining
 * marks, one for the rest, so the summary's tables stay aligned whatever the labels hold.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const { segment } of graphemes.segment(text))
    width += zeroWidth.test(segment) ? 0 : wide.test(segment) ? 2 : 1;
  return width;
}

/** Text cut to at most `width` columns, the cut marked with `…` (whole characters only). */
export function clipToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let kept = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const next = displayWidth(segment);
    if (used + next > width - 1) break;
    kept += segment;
    used += next;
  }
  return `${kept}…`;
}
