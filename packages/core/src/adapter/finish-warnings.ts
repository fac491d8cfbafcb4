import type { SharedV4ProviderMetadata, SharedV4Warning } from '@ai-sdk/provider';

/**
 * Warnings that arise after a stream's `stream-start` (the only part the AI
 * SDK gives warnings), such as content an adapter had to leave out, ride on
 * its finish part, in `providerMetadata.switchyard.warnings`: the router
 * records them with the attempt, and a generate answer made from the stream
 * warns them. This puts them there.
 *
 * @param metadata the finish part's provider metadata.
 * @param warnings the warnings (none: `metadata` as it is).
 * @returns the metadata with the warnings.
 * @example
 * ```ts
 * emit({ type: 'finish', finishReason, usage, providerMetadata: withFinishWarnings(metadata, late) });
 * ```
 */
export function withFinishWarnings(
  metadata: SharedV4ProviderMetadata,
  warnings: readonly SharedV4Warning[],
): SharedV4ProviderMetadata {
  if (warnings.length === 0) return metadata;
  return {
    ...metadata,
    switchyard: { ...metadata.switchyard, warnings: warnings.map((warning) => ({ ...warning })) },
  };
}

const warningTypes = new Set(['unsupported', 'compatibility', 'deprecated', 'other']);
const noWarnings: readonly SharedV4Warning[] = Object.freeze([]);

/**
 * The warnings a finish part carries (`withFinishWarnings`); anything there
 * that is not a warning is skipped.
 *
 * @param metadata the finish part's provider metadata.
 * @returns the warnings (often none: then one shared empty list, so a stream's end allocates nothing for them).
 */
export function finishWarnings(metadata: SharedV4ProviderMetadata | undefined): readonly SharedV4Warning[] {
  const warnings = metadata?.switchyard?.warnings;
  if (!Array.isArray(warnings)) return noWarnings;
  return warnings.filter(
    (warning): warning is SharedV4Warning =>
      warning !== null &&
      typeof warning === 'object' &&
      !Array.isArray(warning) &&
      warningTypes.has((warning as { type?: unknown }).type as string),
  ) as unknown as SharedV4Warning[];
}
