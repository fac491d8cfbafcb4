import type { JSONValue, SharedV4Warning } from '@ai-sdk/provider';

/** A content block of a type this adapter does not know (a newer API's), as the API sent it. */
export interface UnknownBlock {
  /** Its index in its message's `content`. */
  readonly index: number;
  /** Its `type`. */
  readonly type: string;
  /** The whole block. */
  readonly block: JSONValue;
}

/**
 * The provider metadata that keeps an answer's unknown blocks:
 * `{ unknownBlocks: [{ index, type, block }] }`, or `{}` when there are none.
 *
 * @param blocks the blocks left out of the content.
 * @returns the metadata fields, for `providerMetadata.anthropic`.
 */
export function unknownBlocksOf(blocks: readonly UnknownBlock[]): { unknownBlocks?: JSONValue } {
  return blocks.length === 0
    ? {}
    : { unknownBlocks: blocks.map(({ index, type, block }) => ({ index, type, block })) };
}

/**
 * The warning of one block left out of a generated answer, naming its type
 * and index and where it is kept.
 *
 * @param block the block.
 * @returns an `other` warning.
 */
export function unknownBlockWarning({ index, type }: UnknownBlock): SharedV4Warning {
  return {
    type: 'other',
    message: `content[${index}] is a ${type} block, a type this adapter does not know: left out of the content, kept whole in providerMetadata.anthropic.unknownBlocks`,
  };
}
