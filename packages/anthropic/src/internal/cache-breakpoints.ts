import type { SharedV4Warning } from '@ai-sdk/provider';
import type { AnthropicCacheControl } from '../anthropic-prompt-options.js';

/** The most cache breakpoints the Messages API takes in one request. */
export const maxCacheBreakpoints = 4;

/** Block types the API takes no `cache_control` on. */
const uncacheable = new Set(['thinking', 'redacted_thinking']);

/** Where a block sits in the cached prefix, which runs tools, system, messages. */
export type CacheSection = 'tools' | 'system' | 'messages';

const sectionOrder: Readonly<Record<CacheSection, number>> = { tools: 0, system: 1, messages: 2 };

/** A breakpoint sent: where, its TTL, and its section. */
interface Sent {
  where: string;
  long: boolean;
  section: number;
}

/**
 * The cache breakpoints of one request, counted as the prompt and the tools
 * are converted (system, messages, then tools, as `@ai-sdk/anthropic` counts
 * them). The API refuses a request with more than
 * {@link maxCacheBreakpoints}; the request-level `cache_control` (automatic
 * caching) takes one of them. Beyond the limit a breakpoint is left out, and
 * `finish` says how many were asked for and which were left out.
 *
 * Only prompts that carry cache options reach it: a request without them
 * builds nothing here but the object (its lists are made on first use).
 */
export class CacheBreakpoints {
  #asked: number;
  readonly #reserved: number;
  readonly #warnings: SharedV4Warning[];
  #sent: Sent[] | undefined;
  #left: string[] | undefined;

  /**
   * @param options.warnings the call's warnings.
   * @param options.requestLevel whether the request sets a top-level `cache_control` (it takes a breakpoint).
   */
  constructor(options: { warnings: SharedV4Warning[]; requestLevel: boolean }) {
    this.#warnings = options.warnings;
    this.#reserved = options.requestLevel ? 1 : 0;
    this.#asked = this.#reserved;
  }

  /**
   * Puts `cacheControl` on `block` while breakpoints are left; warns instead
   * when there is no block (the element sent nothing) or the block takes none.
   *
   * @param options.block the block the element became (undefined: none).
   * @param options.cacheControl the breakpoint asked for.
   * @param options.where what asked for it, for warnings (`prompt[2].content[0]`).
   * @param options.section where the block sits in the cached prefix.
   */
  mark(options: {
    block: Record<string, unknown> | undefined;
    cacheControl: AnthropicCacheControl;
    where: string;
    section: CacheSection;
  }): void {
    const { block, cacheControl, where } = options;
    if (block === undefined || uncacheable.has(block.type as string)) {
      this.#warnings.push({
        type: 'unsupported',
        feature: `cacheControl on ${where}`,
        details:
          block === undefined
            ? 'not sent: nothing is sent for it, so there is no block to put the breakpoint on'
            : `not sent: the Messages API takes no cache_control on a ${String(block.type)} block`,
      });
      return;
    }
    this.#asked++;
    if (this.#asked > maxCacheBreakpoints) {
      this.#left ??= [];
      this.#left.push(where);
      return;
    }
    block.cache_control = cacheControl;
    this.#sent ??= [];
    this.#sent.push({ where, long: cacheControl.ttl === '1h', section: sectionOrder[options.section] });
  }

  /** Warns of the breakpoints left out (over the limit), and of a 1h breakpoint after a 5m one (the API refuses it). */
  finish(): void {
    if (this.#left !== undefined) {
      const kept = maxCacheBreakpoints - this.#reserved;
      this.#warnings.push({
        type: 'unsupported',
        feature: 'cacheControl breakpoint limit',
        details: `${this.#asked} cache breakpoints asked for${this.#reserved > 0 ? ' (the request-level cache_control takes one)' : ''}; the Messages API takes at most ${maxCacheBreakpoints}: sent the first ${kept} (system, messages, then tools), left out those on ${this.#left.join(', ')}`,
      });
    }
    if (this.#sent === undefined || this.#sent.length < 2) return;
    // The cached prefix is tools, system, messages (a late system message is still in system): a
    // 1h breakpoint must come before every 5m one. The sort is stable: prompt order within a section.
    const inOrder = this.#sent.toSorted((a, b) => a.section - b.section);
    const short = inOrder.findIndex((sent) => !sent.long);
    const long = inOrder.findLastIndex((sent) => sent.long);
    if (short !== -1 && long > short)
      this.#warnings.push({
        type: 'other',
        message: `the 1h cache breakpoint on ${inOrder[long]?.where} comes after the 5m one on ${inOrder[short]?.where}: the Messages API takes 1h breakpoints only before 5m ones (in the order tools, system, messages) and refuses this request`,
      });
  }
}
