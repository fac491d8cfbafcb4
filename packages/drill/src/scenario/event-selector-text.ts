/**
 * What a timeline event hits, in a validation message: `target "claude"`,
 * `provider "anthropic"`, or `every target` for an event that names neither.
 *
 * @param event the event's selector.
 * @returns the words.
 * @example
 * ```ts
 * eventSelectorText({ provider: 'anthropic' }); // 'provider "anthropic"'
 * ```
 */
export function eventSelectorText(event: { target?: string; provider?: string }): string {
  if (event.target !== undefined) return `target "${event.target}"`;
  if (event.provider !== undefined) return `provider "${event.provider}"`;
  return 'every target';
}
