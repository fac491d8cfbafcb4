import type { OpenAIFlavor, OpenAIFlavorSpec, WireObject } from './openai-flavor.js';

const record = (value: unknown): WireObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as WireObject) : {};
const detail = (usage: WireObject, field: string, key: string): number => {
  const value = record(usage[field])[key];
  return typeof value === 'number' ? value : 0;
};

/** Azure's per-category content-filter verdicts, all safe. */
const safe = {
  hate: { filtered: false, severity: 'safe' },
  self_harm: { filtered: false, severity: 'safe' },
  sexual: { filtered: false, severity: 'safe' },
  violence: { filtered: false, severity: 'safe' },
};

/**
 * The documented quirks of each OpenAI-compatible server, as the `openai`
 * simulator's `flavor` option reproduces them:
 *
 * | flavour | what differs from OpenAI |
 * |---|---|
 * | `vllm` | `reasoning_content`; tool-call ids `chatcmpl-tool-...`; `prompt_tokens_details: null`; a `stop_reason` next to `finish_reason` |
 * | `llama.cpp` | `reasoning_content`; usage and `timings` on the finish chunk; `system_fingerprint` of the build |
 * | `lmstudio` | `reasoning`; no usage in streams |
 * | `deepseek` | `reasoning_content`; `prompt_cache_hit_tokens` / `prompt_cache_miss_tokens`; usage on the finish chunk |
 * | `groq` | `reasoning`; usage in `x_groq.usage` on the finish chunk (and no usage chunk) |
 * | `xai` | `reasoning_content`; `completion_tokens` leaves the reasoning out (`total_tokens` counts it); UUID ids |
 * | `together` | finish reason `eos`; usage on the last content chunk |
 * | `azure` | a content-filter preamble chunk (`id: ""`, `model: ""`, `created: 0`, `prompt_filter_results`); `content_filter_results` on every choice |
 */
export const openAIFlavorSpecs: Readonly<Record<OpenAIFlavor, OpenAIFlavorSpec>> = {
  vllm: {
    reasoningField: 'reasoning_content',
    toolCallId: (id) => `chatcmpl-tool-${id}`,
    usage: (usage) => ({ ...usage, prompt_tokens_details: null, completion_tokens_details: undefined }),
    chunk: (chunk) => ({
      ...chunk,
      system_fingerprint: undefined,
      service_tier: undefined,
      choices: (chunk.choices as WireObject[] | undefined)?.map((choice) =>
        choice.finish_reason ? { ...choice, stop_reason: null } : choice,
      ),
    }),
  },
  'llama.cpp': {
    reasoningField: 'reasoning_content',
    streamUsage: 'finish-chunk',
    usage: (usage) => ({
      completion_tokens: usage.completion_tokens,
      prompt_tokens: usage.prompt_tokens,
      total_tokens: usage.total_tokens,
    }),
    chunk: (chunk, { json }) => ({
      ...chunk,
      system_fingerprint: 'b6000-a1b2c3d4',
      service_tier: undefined,
      ...(json || chunk.usage
        ? { timings: { prompt_n: 1, prompt_ms: 1.5, predicted_n: 1, predicted_ms: 10.2 } }
        : {}),
    }),
  },
  lmstudio: {
    reasoningField: 'reasoning',
    streamUsage: 'none',
    chunk: (chunk) => ({ ...chunk, service_tier: undefined, system_fingerprint: String(chunk.model) }),
  },
  deepseek: {
    reasoningField: 'reasoning_content',
    streamUsage: 'finish-chunk',
    usage: (usage) => {
      const cached = detail(usage, 'prompt_tokens_details', 'cached_tokens');
      return {
        ...usage,
        completion_tokens_details: {
          reasoning_tokens: detail(usage, 'completion_tokens_details', 'reasoning_tokens'),
        },
        prompt_cache_hit_tokens: cached,
        prompt_cache_miss_tokens: (usage.prompt_tokens as number) - cached,
      };
    },
    chunk: (chunk) => ({
      ...chunk,
      service_tier: undefined,
      system_fingerprint: 'fp_switchyard_prod0820_fp8_kvcache',
    }),
  },
  groq: {
    reasoningField: 'reasoning',
    streamUsage: 'finish-chunk',
    usage: (usage) => ({
      queue_time: 0.02,
      prompt_time: 0.001,
      completion_time: 0.05,
      total_time: 0.051,
      ...usage,
    }),
    chunk: (chunk, { json, first }) => {
      const { usage, ...rest } = chunk;
      if (json) return { ...chunk, x_groq: { id: 'req_switchyardsim' } };
      if (usage) return { ...rest, x_groq: { id: 'req_switchyardsim', usage } };
      return first ? { ...rest, x_groq: { id: 'req_switchyardsim', seed: 872656815 } } : rest;
    },
  },
  xai: {
    reasoningField: 'reasoning_content',
    usage: (usage) => {
      const reasoning = detail(usage, 'completion_tokens_details', 'reasoning_tokens');
      return {
        ...usage,
        completion_tokens: (usage.completion_tokens as number) - reasoning,
        num_sources_used: 0,
      };
    },
    chunk: (chunk) => ({
      ...chunk,
      id: `3f0b2a1c-5d6e-4f70-8a9b-${String(chunk.id).replace(/\D/g, '').padStart(12, '0').slice(-12)}`,
      service_tier: undefined,
    }),
  },
  together: {
    streamUsage: 'finish-chunk',
    finishReason: (reason) => (reason === 'stop' ? 'eos' : reason),
    chunk: (chunk) => ({ ...chunk, service_tier: undefined, system_fingerprint: undefined }),
  },
  azure: {
    preamble: [
      {
        choices: [],
        created: 0,
        id: '',
        model: '',
        object: '',
        prompt_filter_results: [{ prompt_index: 0, content_filter_results: safe }],
      },
    ],
    chunk: (chunk, { json }) => ({
      ...chunk,
      ...(json ? { prompt_filter_results: [{ prompt_index: 0, content_filter_results: safe }] } : {}),
      choices: (chunk.choices as WireObject[] | undefined)?.map((choice) => ({
        ...choice,
        content_filter_results: safe,
      })),
    }),
  },
};
