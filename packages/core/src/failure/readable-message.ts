import { redactSecrets } from './redact-secrets.js';

/** An HTML page, possibly after the status an SDK puts in front of the body (`502 <html>...`). */
const htmlPattern =
  /^\s*(?:\d{3}\s+)?(?:<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]|<title[\s>]|<center[\s>]|<h1[\s>])/i;
const titlePattern = /<title[^>]*>([\s\S]*?)<\/title>/i;
const headingPattern = /<h1[^>]*>([\s\S]*?)<\/h1>/i;
const tagPattern = /<[^>]*>/g;
const entities: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#39': "'",
  nbsp: ' ',
};

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => entities[name] ?? '');
}

/** Whitespace runs and control characters (a binary body) become one space. */
function collapse(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
  return text.replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim();
}

/**
 * A provider's message (or a body that stands in for one) made fit for an
 * error, a record and a log line: an HTML page (a gateway's or a proxy's
 * error page) becomes `HTML page: <its title or first heading>`, whitespace
 * runs and control characters become one space, a message longer than `maxLength` is cut with `…`,
 * and secrets are removed (`redactSecrets`). Adapters call it on every message
 * they keep, instead of `redactSecrets` alone.
 *
 * @param text the message or body text.
 * @param options.maxLength the longest message kept, in characters (default 300).
 * @returns the readable message (`(empty body)` for an empty one).
 * @example
 * ```ts
 * readableMessage('<html><head><title>502 Bad Gateway</title></head><body>...</body></html>');
 * // 'HTML page: 502 Bad Gateway'
 * ```
 */
export function readableMessage(text: string, options: { maxLength?: number } = {}): string {
  const { maxLength = 300 } = options;
  // Only the head of a huge body matters; reading all of it would cost for nothing.
  const head = text.length > 64 * 1024 ? text.slice(0, 64 * 1024) : text;
  let message: string;
  if (htmlPattern.test(head)) {
    const named = titlePattern.exec(head)?.[1] ?? headingPattern.exec(head)?.[1];
    const summary = collapse(decodeEntities((named ?? head).replace(tagPattern, ' ')));
    message = `HTML page: ${summary === '' ? '(no title)' : summary}`;
  } else {
    message = collapse(head);
  }
  if (message === '') return '(empty body)';
  if (message.length > maxLength) message = `${message.slice(0, Math.max(1, maxLength - 1))}…`;
  return redactSecrets(message);
}
