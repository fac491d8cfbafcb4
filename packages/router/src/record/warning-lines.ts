import type { SharedV4Warning } from '@ai-sdk/provider';

/**
 * An attempt record's `warnings`: each AI SDK warning as one readable line,
 * `<type>: <what>` (`unsupported: topK`, `compatibility: maxOutputTokens
 * (limited to 128000)`, `other: content[1] is a future_block block ...`).
 *
 * @param warnings the call's warnings.
 * @returns the lines, or `undefined` when there are none.
 */
export function warningLines(warnings: readonly SharedV4Warning[] | undefined): string[] | undefined {
  if (warnings === undefined || warnings.length === 0) return undefined;
  return warnings.map((warning) => {
    switch (warning.type) {
      case 'unsupported':
      case 'compatibility':
        return `${warning.type}: ${warning.feature}${warning.details ? ` (${warning.details})` : ''}`;
      case 'deprecated':
        return `deprecated: ${warning.setting} (${warning.message})`;
      case 'other':
        return `other: ${warning.message}`;
      default:
        return JSON.stringify(warning);
    }
  });
}
