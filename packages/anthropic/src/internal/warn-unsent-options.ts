import type { SharedV4ProviderOptions, SharedV4Warning } from '@ai-sdk/provider';

/**
 * Warns, once per option, of `providerOptions.anthropic` on a message or on a
 * user part: the adapter reads none of them (a block's `cache_control`, a
 * document's `citations`, `title` or `context`), so a prompt that asks for
 * them says so instead of silently meaning less. (`cache_control` for the
 * whole request is a call option, and is sent.)
 *
 * @param options.providerOptions the message's or part's provider options.
 * @param options.role the role of the message that carries them.
 * @param options.partType the type of the part that carries them (none: the message itself).
 * @param options.warnings the call's warnings (pushed to, each option once).
 */
export function warnUnsentOptions({
  providerOptions,
  role,
  partType,
  warnings,
}: {
  providerOptions: SharedV4ProviderOptions | undefined;
  role: string;
  partType?: string;
  warnings: SharedV4Warning[];
}): void {
  const anthropic = providerOptions?.anthropic;
  if (anthropic === undefined) return;
  const where = partType === undefined ? `a ${role} message` : `a ${role} ${partType} part`;
  for (const key of Object.keys(anthropic)) {
    const feature = `providerOptions.anthropic.${key} on ${where}`;
    if (warnings.some((warning) => warning.type === 'unsupported' && warning.feature === feature)) continue;
    warnings.push({
      type: 'unsupported',
      feature,
      details:
        'not sent: the Anthropic adapter sends no cache_control, and no citations, title or context on documents',
    });
  }
}
