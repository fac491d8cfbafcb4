/**
 * The plain text of a message content in any provider's shape: a string, or an
 * array of parts whose `text` (or nested `content`) fields are joined.
 */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) {
    if (typeof part === 'string') text += part;
    else if (typeof part === 'object' && part !== null) {
      const record = part as Record<string, unknown>;
      if (typeof record.text === 'string') text += record.text;
      else if (record.content !== undefined) text += textOf(record.content);
    }
  }
  return text;
}

/** A plain object, or `undefined`. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
