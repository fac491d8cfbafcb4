import { z } from 'zod';

/** A line break, a tab or any other control character (C0, DEL, C1). */
const controlCharacter = /\p{Cc}/u;

/**
 * One line of text a person reads in the terminal summary, the progress lines and the reports
 * (a drill's name, an event's label, an assertion's name): not empty, and without line breaks,
 * tabs or other control characters, which would break a terminal table or reach the terminal as
 * an escape sequence. Anything printable is fine (`<`, `|`, `*`, non-ASCII): each report escapes it.
 */
export const LabelSchema = z
  .string()
  .min(1)
  .superRefine((text, context) => {
    const found = controlCharacter.exec(text);
    if (found === null) return;
    const code = (found[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    const name =
      found[0] === '\n' || found[0] === '\r'
        ? 'a line break'
        : found[0] === '\t'
          ? 'a tab'
          : 'a control character';
    context.addIssue({
      code: 'custom',
      message: `${name} (U+${code}) at character ${found.index + 1}; expected one line of printable text (it is shown in terminal tables and summaries): "${text.slice(0, found.index)}"`,
    });
  });
