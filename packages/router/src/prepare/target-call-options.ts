import type {
  LanguageModelV4CallOptions,
  LanguageModelV4Prompt,
  SharedV4ProviderOptions,
} from '@ai-sdk/provider';
import type { PreparedTarget } from './prepared-target.js';

type CallOptionKey = keyof LanguageModelV4CallOptions;

/** Every call option copied to a target (all but the two set here); a new AI SDK option fails the type check below until it is added. */
const copiedKeys = [
  'maxOutputTokens',
  'temperature',
  'stopSequences',
  'topP',
  'topK',
  'presencePenalty',
  'frequencyPenalty',
  'responseFormat',
  'seed',
  'tools',
  'toolChoice',
  'includeRawChunks',
  'headers',
  'reasoning',
] as const satisfies readonly CallOptionKey[];
type Uncovered = Exclude<
  CallOptionKey,
  (typeof copiedKeys)[number] | 'prompt' | 'providerOptions' | 'abortSignal'
>;
/** Compiles only while {@link copiedKeys} covers every call option of `@ai-sdk/provider`. */
export const everyCallOptionCopied: [Uncovered] extends [never] ? true : Uncovered = true;

/**
 * The call options one target gets: the caller's, with only the
 * `providerOptions` of that target's provider (never `switchyard`'s, never
 * another provider's), the output cap a budget set when the caller set none,
 * and the attempt's abort signal, created only when the
 * model reads `abortSignal` (a prototype getter: a copy made with `{ ...options }`
 * has no signal). Options the caller left undefined are not set.
 */
export class TargetCallOptions {
  prompt: LanguageModelV4Prompt;
  providerOptions: SharedV4ProviderOptions | undefined;
  readonly #signal: { signal(): AbortSignal };
  declare maxOutputTokens?: LanguageModelV4CallOptions['maxOutputTokens'];
  declare temperature?: LanguageModelV4CallOptions['temperature'];
  declare stopSequences?: LanguageModelV4CallOptions['stopSequences'];
  declare topP?: LanguageModelV4CallOptions['topP'];
  declare topK?: LanguageModelV4CallOptions['topK'];
  declare presencePenalty?: LanguageModelV4CallOptions['presencePenalty'];
  declare frequencyPenalty?: LanguageModelV4CallOptions['frequencyPenalty'];
  declare responseFormat?: LanguageModelV4CallOptions['responseFormat'];
  declare seed?: LanguageModelV4CallOptions['seed'];
  declare tools?: LanguageModelV4CallOptions['tools'];
  declare toolChoice?: LanguageModelV4CallOptions['toolChoice'];
  declare includeRawChunks?: LanguageModelV4CallOptions['includeRawChunks'];
  declare headers?: LanguageModelV4CallOptions['headers'];
  declare reasoning?: LanguageModelV4CallOptions['reasoning'];

  /**
   * @param entry the target.
   * @param callOptions the caller's options.
   * @param signal gives the attempt's signal (asked when the model reads `abortSignal`).
   * @param outputCap the output cap a budget set for a call that set none (its `maxOutputTokens`).
   */
  constructor(
    entry: PreparedTarget,
    callOptions: LanguageModelV4CallOptions,
    signal: { signal(): AbortSignal },
    outputCap?: number,
  ) {
    this.prompt = callOptions.prompt;
    let providerOptions: SharedV4ProviderOptions | undefined;
    const given = callOptions.providerOptions;
    if (given) {
      for (const key of entry.providerKeys) {
        const value = given[key];
        if (value === undefined) continue;
        providerOptions ??= {};
        providerOptions[key] = value;
      }
    }
    this.providerOptions = providerOptions;
    this.#signal = signal;
    if (callOptions.maxOutputTokens !== undefined) this.maxOutputTokens = callOptions.maxOutputTokens;
    else if (outputCap !== undefined) this.maxOutputTokens = outputCap;
    if (callOptions.temperature !== undefined) this.temperature = callOptions.temperature;
    if (callOptions.stopSequences !== undefined) this.stopSequences = callOptions.stopSequences;
    if (callOptions.topP !== undefined) this.topP = callOptions.topP;
    if (callOptions.topK !== undefined) this.topK = callOptions.topK;
    if (callOptions.presencePenalty !== undefined) this.presencePenalty = callOptions.presencePenalty;
    if (callOptions.frequencyPenalty !== undefined) this.frequencyPenalty = callOptions.frequencyPenalty;
    if (callOptions.responseFormat !== undefined) this.responseFormat = callOptions.responseFormat;
    if (callOptions.seed !== undefined) this.seed = callOptions.seed;
    if (callOptions.tools !== undefined) this.tools = callOptions.tools;
    if (callOptions.toolChoice !== undefined) this.toolChoice = callOptions.toolChoice;
    if (callOptions.includeRawChunks !== undefined) this.includeRawChunks = callOptions.includeRawChunks;
    if (callOptions.headers !== undefined) this.headers = callOptions.headers;
    if (callOptions.reasoning !== undefined) this.reasoning = callOptions.reasoning;
  }

  /** The attempt's abort signal, created on first read. */
  get abortSignal(): AbortSignal {
    return this.#signal.signal();
  }
}
