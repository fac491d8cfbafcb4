/** Where JSON text stops being JSON, and what was expected there. */
export interface JsonSyntaxError {
  /** Offset of the first character that is not JSON (UTF-16 code units from 0; the length at an early end). */
  readonly offset: number;
  /** What was expected there, in words. */
  readonly expected: string;
}

const valueWords = 'a value (an object, a list, text in double quotes, a number, true, false or null)';
const escapeWords = 'an escape: \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\u and four hex digits';
const isDigit = (code: number) => code >= 48 && code <= 57;
const isHex = (character: string | undefined) => character !== undefined && /^[0-9a-fA-F]$/.test(character);

/**
 * Finds where `text` stops being one JSON value (RFC 8259), without keeping
 * any of it: an iterative scan, so a deeply nested line is no stack overflow.
 *
 * @param text the text `JSON.parse` refused.
 * @returns the offset and what was expected, or `undefined` when the text is JSON.
 * @example
 * ```ts
 * jsonSyntaxError('{"a" 1}'); // { offset: 5, expected: 'a ":" after the property name' }
 * ```
 */
export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const open: ('{' | '[')[] = [];
  let index = 0;
  const fail = (expected: string): JsonSyntaxError => ({ offset: index, expected });
  const skipSpace = () => {
    while (index < text.length && ' \t\n\r'.includes(text[index] as string)) index += 1;
  };
  const string = (): JsonSyntaxError | undefined => {
    index += 1;
    for (;;) {
      if (index >= text.length) return fail('the closing double quote of the text');
      const code = text.charCodeAt(index);
      if (code === 34) {
        index += 1;
        return undefined;
      }
      if (code < 0x20) return fail('a control character only as an escape (\\n, \\t, \\u0000)');
      if (code === 92) {
        const next = text[index + 1];
        if (next !== undefined && '"\\/bfnrt'.includes(next)) index += 2;
        else if (next === 'u' && [2, 3, 4, 5].every((ahead) => isHex(text[index + ahead]))) index += 6;
        else return fail(escapeWords);
      } else index += 1;
    }
  };
  const propertyName = (first: boolean): JsonSyntaxError | undefined => {
    skipSpace();
    if (text[index] !== '"')
      return fail(first ? 'a property name in double quotes, or "}"' : 'a property name in double quotes');
    const error = string();
    if (error) return error;
    skipSpace();
    if (text[index] !== ':') return fail('a ":" after the property name');
    index += 1;
    return undefined;
  };
  const digits = (expected: string): JsonSyntaxError | undefined => {
    if (!isDigit(text.charCodeAt(index))) return fail(expected);
    while (isDigit(text.charCodeAt(index))) index += 1;
    return undefined;
  };
  const number = (): JsonSyntaxError | undefined => {
    if (text[index] === '-') index += 1;
    if (text[index] === '0') index += 1;
    else {
      const error = digits('a digit');
      if (error) return error;
    }
    if (text[index] === '.') {
      index += 1;
      const error = digits('a digit after the decimal point');
      if (error) return error;
    }
    if (text[index] === 'e' || text[index] === 'E') {
      index += 1;
      if (text[index] === '+' || text[index] === '-') index += 1;
      return digits('a digit of the exponent');
    }
    return undefined;
  };
  let expectingValue = true;
  for (;;) {
    skipSpace();
    const character = text[index];
    if (expectingValue) {
      let error: JsonSyntaxError | undefined;
      if (character === '{') {
        index += 1;
        skipSpace();
        if (text[index] === '}') index += 1;
        else {
          error = propertyName(true);
          if (!error) {
            open.push('{');
            continue;
          }
        }
      } else if (character === '[') {
        index += 1;
        skipSpace();
        if (text[index] === ']') index += 1;
        else {
          open.push('[');
          continue;
        }
      } else if (character === '"') error = string();
      else if (character === '-' || isDigit(text.charCodeAt(index))) error = number();
      else {
        const word = ['true', 'false', 'null'].find((candidate) => candidate[0] === character);
        if (word === undefined) return fail(valueWords);
        for (const letter of word) {
          if (text[index] !== letter) return fail(word);
          index += 1;
        }
      }
      if (error) return error;
      expectingValue = false;
      continue;
    }
    const innermost = open.at(-1);
    if (innermost === undefined) return index < text.length ? fail('nothing after the value') : undefined;
    const close = innermost === '{' ? '}' : ']';
    if (character === close) {
      open.pop();
      index += 1;
    } else if (character === ',') {
      index += 1;
      if (innermost === '{') {
        const error = propertyName(false);
        if (error) return error;
      }
      expectingValue = true;
    } else
      return fail(
        innermost === '{' ? 'a "," or "}" after a property value' : 'a "," or "]" after a list item',
      );
  }
}

/** What a character is, in words, never the character itself unless it is ASCII punctuation. */
function characterWords(text: string, offset: number, end: string): string {
  const code = text.codePointAt(offset);
  if (code === undefined) return end;
  const character = String.fromCodePoint(code);
  if (code < 0x20 || code === 0x7f) return 'a control character';
  if (/\p{L}/u.test(character)) return 'a letter';
  if (/\p{N}/u.test(character)) return 'a digit';
  if (/\s/u.test(character)) return 'a space';
  if (code < 0x7f) return JSON.stringify(character);
  return 'a symbol';
}

/**
 * Says where text `JSON.parse` refused stops being JSON, and what was
 * expected there, without quoting any of it (`JSON.parse`'s own message
 * quotes the text around the error, which may be part of a prompt): `invalid
 * JSON at column 17: expected a "," or "}" after a property value, found a
 * letter`. Columns count characters from 1; a line is named only for text of
 * several lines.
 *
 * @param options.text the text refused.
 * @param options.end what the end of the text is, in words; default `the end of the line`.
 * @returns the message.
 * @example
 * ```ts
 * invalidJsonMessage({ text: '{"prompt": "my secret" x}' }); // 'invalid JSON at column 24: expected a "," or "}" after a property value, found a letter'
 * ```
 */
export function invalidJsonMessage(options: { text: string; end?: string }): string {
  const { text, end = 'the end of the line' } = options;
  const error = jsonSyntaxError(text);
  if (error === undefined) return 'invalid JSON';
  const before = text.slice(0, error.offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  const line = text.includes('\n') ? `line ${before.split('\n').length}, ` : '';
  const column = [...before.slice(lineStart)].length + 1;
  return `invalid JSON at ${line}column ${column}: expected ${error.expected}, found ${characterWords(text, error.offset, end)}`;
}
