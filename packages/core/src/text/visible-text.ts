/**
 * Characters that print as nothing or as a plain space: format characters (zero-width space and
 * joiners, direction marks and overrides, a byte order mark, a soft hyphen), spaces other than the
 * ASCII one (a no-break space pasted from a web page) and the line and paragraph separators.
 */
const invisibleCharacters = /[\p{Cf}\p{Zl}\p{Zp}]|(?! )\p{Zs}/gu;

/**
 * Text with each invisible character written out as `<U+200B>`, so that a message quoting a key or
 * value pasted with one (`"pro\u200Bvider"`) does not show it as a valid one (`"provider"`), and a
 * right-to-left override cannot reverse the rest of the line. Text without any is returned as it is.
 *
 * @example
 * ```ts
 * visibleText('unknown jurisdiction "US\u200B"'); // 'unknown jurisdiction "US<U+200B>"'
 * ```
 */
export function visibleText(text: string): string {
  return text.replace(
    invisibleCharacters,
    (character) => `<U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}>`,
  );
}

/** Text without its invisible characters (see {@link visibleText}): what a reader sees in it. */
export function withoutInvisible(text: string): string {
  return text.replace(invisibleCharacters, '');
}
