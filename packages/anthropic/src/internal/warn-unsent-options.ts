import type { SharedV4Warning } from '@ai-sdk/provider';

/**
 * Warns, once per option, of keys of `providerOptions.anthropic` on a message,
 * a user part or a function tool that the adapter does not send (it sends a
 * block's cache breakpoint, `cacheControl` or `cache_control`, and a
 * document's `citations`, `title` and `context`), so a prompt that asks for
 * more says so instead of silently meaning less.
 *
 * @param options.anthropic `providerOptions.anthropic` of the element.
 * @param options.sent the keys the element's block takes (the shape of its options schema).
 * @param options.where what carries them, for the warning (`a user file part`, `tool search`).
 * @param options.warnings the call's warnings (pushed to, each option once).
 */
export function warnUnsentOptions({
  anthropic,
  sent,
  where,
  warnings,
}: {
  anthropic: object;
  sent: Readonly<Record<string, unknown>>;
  where: string;
  warnings: SharedV4Warning[];
}): void {
  for (const key of Object.keys(anthropic)) {
    if (Object.hasOwn(sent, key)) continue;
    const feature = `providerOptions.anthropic.${key} on ${where}`;
    if (warnings.some((warning) => warning.type === 'unsupported' && warning.feature === feature)) continue;
    warnings.push({
      type: 'unsupported',
      feature,
      details:
        'not sent: the Anthropic adapter sends cacheControl on messages, parts and function tools, and citations, title and context on documents (PDF or text files)',
    });
  }
}
