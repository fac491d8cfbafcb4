import type {
  LanguageModelV4Content,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  SharedV4ProviderMetadata,
  SharedV4Warning,
} from '@ai-sdk/provider';
import { finishWarnings } from '@switchyard/core/adapter';
import { outputBytes, utf8Bytes } from '../record/cut-stream-usage.js';
import type { UpstreamFacts } from '../stream/open-stream-attempt.js';

type FinishPart = Extract<LanguageModelV4StreamPart, { type: 'finish' }>;
type Block = { type: 'text' | 'reasoning'; text: string; providerMetadata?: SharedV4ProviderMetadata };

/**
 * Collects a stream's parts into what `doGenerate` returns: text and
 * reasoning blocks (in the order they started), tool calls and results,
 * files, sources and approvals as they came, the warnings of `stream-start`
 * (and those the finish part carries, `finishWarnings`),
 * the response metadata, and the finish part's reason, usage and provider
 * metadata. Tool input deltas are left out: the tool call carries the input.
 *
 * @example
 * ```ts
 * const collector = new GenerateCollector();
 * for await (const part of stream) collector.push(part);
 * if (collector.finished) return collector.result(upstream);
 * ```
 */
export class GenerateCollector {
  readonly #content: LanguageModelV4Content[] = [];
  readonly #open = new Map<string, Block>();
  #warnings: SharedV4Warning[] = [];
  #response: LanguageModelV4GenerateResult['response'] = {};
  #finish: FinishPart | undefined;
  /** Characters of text, reasoning and tool input received. */
  received = 0;
  /** UTF-8 bytes of output received (what a cut answer is charged, `cutStreamUsage`). */
  receivedBytes = 0;
  /** Tool calls whose input came as deltas (counted already). */
  /** Tool calls whose input came as deltas; made when the first tool part comes (a text answer pays nothing). */
  #streamedToolInputs: Set<string> | undefined;
  /** The block the last delta went to, and its key: the next delta of the same block skips the map. */
  #lastBlock: Block | undefined;
  #lastType: string | undefined;
  #lastId: string | undefined;

  /** Whether the finish part arrived. */
  get finished(): boolean {
    return this.#finish !== undefined;
  }

  /** Takes one part (never an `error` part: that is the attempt's failure). */
  push(part: LanguageModelV4StreamPart): void {
    switch (part.type) {
      case 'text-delta':
      case 'reasoning-delta':
        this.receivedBytes += utf8Bytes(part.delta);
        break;
      case 'tool-input-delta':
      case 'tool-call':
        this.#streamedToolInputs ??= new Set();
        this.receivedBytes += outputBytes(part, this.#streamedToolInputs);
        break;
    }
    switch (part.type) {
      case 'text-start':
      case 'reasoning-start': {
        this.#lastBlock = undefined;
        const block: Block = { type: part.type === 'text-start' ? 'text' : 'reasoning', text: '' };
        if (part.providerMetadata !== undefined) block.providerMetadata = part.providerMetadata;
        this.#open.set(`${block.type}:${part.id}`, block);
        this.#content.push(block as LanguageModelV4Content);
        return;
      }
      case 'text-delta':
      case 'reasoning-delta': {
        this.received += part.delta.length;
        let block = this.#lastBlock;
        if (block === undefined || this.#lastType !== part.type || this.#lastId !== part.id) {
          const key = `${part.type === 'text-delta' ? 'text' : 'reasoning'}:${part.id}`;
          block = this.#open.get(key);
          if (block === undefined) {
            // A delta without its start: a block of its own.
            block = { type: part.type === 'text-delta' ? 'text' : 'reasoning', text: '' };
            this.#open.set(key, block);
            this.#content.push(block as LanguageModelV4Content);
          }
          this.#lastBlock = block;
          this.#lastType = part.type;
          this.#lastId = part.id;
        }
        block.text += part.delta;
        if (part.providerMetadata !== undefined) block.providerMetadata = part.providerMetadata;
        return;
      }
      case 'text-end':
      case 'reasoning-end': {
        this.#lastBlock = undefined;
        const key = `${part.type === 'text-end' ? 'text' : 'reasoning'}:${part.id}`;
        const block = this.#open.get(key);
        this.#open.delete(key);
        if (block !== undefined && part.providerMetadata !== undefined)
          block.providerMetadata = part.providerMetadata;
        if (block !== undefined && part.type === 'text-end' && part.citations !== undefined)
          (block as Extract<LanguageModelV4Content, { type: 'text' }>).citations = part.citations;
        return;
      }
      case 'tool-input-delta':
        this.received += part.delta.length;
        return;
      case 'tool-input-start':
      case 'tool-input-end':
      case 'raw':
      case 'ping':
      case 'error':
        return;
      case 'stream-start':
        this.#warnings = part.warnings;
        return;
      case 'response-metadata': {
        const { type: _, ...metadata } = part;
        this.#response = { ...this.#response, ...metadata };
        return;
      }
      case 'finish':
        this.#finish = part;
        return;
      default:
        // Tool calls and results, approvals, files, sources, custom content: content as they are.
        this.#content.push(part);
    }
  }

  /** The generate result, once {@link finished}; `upstream` gives the request and the response headers. */
  result(upstream: UpstreamFacts): LanguageModelV4GenerateResult {
    const finish = this.#finish as FinishPart;
    // Warnings that arose after stream-start ride on the finish part: a generate answer warns them.
    const lateWarnings = finishWarnings(finish.providerMetadata);
    const result: LanguageModelV4GenerateResult = {
      content: this.#content,
      finishReason: finish.finishReason,
      usage: finish.usage,
      warnings: lateWarnings.length === 0 ? this.#warnings : [...this.#warnings, ...lateWarnings],
      response: {
        ...this.#response,
        ...(upstream.response?.headers ? { headers: upstream.response.headers } : {}),
      },
    };
    if (finish.providerMetadata !== undefined) result.providerMetadata = finish.providerMetadata;
    if (upstream.request !== undefined) result.request = upstream.request;
    return result;
  }
}
