import type { Completion } from '../../internal/plan-completion.js';

/** The OpenAI-compatible servers an `openai` simulator can speak as, each with its documented quirks. */
export const openAIFlavors = [
  'vllm',
  'llama.cpp',
  'lmstudio',
  'deepseek',
  'groq',
  'xai',
  'together',
  'azure',
] as const;

/** One of {@link openAIFlavors}. */
export type OpenAIFlavor = (typeof openAIFlavors)[number];

/** A JSON object of the wire, as the flavour rewrites it. */
export type WireObject = Record<string, unknown>;

/**
 * How one OpenAI-compatible server differs from OpenAI's Chat Completions,
 * as rewrites of OpenAI's answer (the base file of the flavours: each
 * server's spec is in `openai-flavor-specs.ts`).
 */
export interface OpenAIFlavorSpec {
  /** Where reasoning text goes: `reasoning_content` (DeepSeek, xAI, Qwen, vLLM, llama.cpp) or `reasoning` (Groq, LM Studio). */
  readonly reasoningField?: 'reasoning_content' | 'reasoning';
  /** Where streamed usage goes: OpenAI's own chunk after the finish (default), the finish chunk itself, or nowhere. */
  readonly streamUsage?: 'usage-chunk' | 'finish-chunk' | 'none';
  /** Rewrites OpenAI's `usage` object. */
  usage?(usage: WireObject, completion: Completion): WireObject;
  /** Rewrites every chunk (and the complete answer, `json: true`). */
  chunk?(chunk: WireObject, context: { readonly json: boolean; readonly first: boolean }): WireObject;
  /** Chunks sent before the first (Azure's content-filter preamble). */
  readonly preamble?: readonly WireObject[];
  /** The server's spelling of a finish reason. */
  finishReason?(reason: string): string;
  /** The server's tool-call ids. */
  toolCallId?(id: string): string;
}
