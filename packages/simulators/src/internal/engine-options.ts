import type { FaultRule } from '../fault.js';
import type { LatencyModel } from '../latency-model.js';
import { anthropicProtocol } from '../providers/anthropic-protocol.js';
import { ollamaProtocol } from '../providers/ollama-protocol.js';
import { flavorOpenAIProtocol } from '../providers/openai-flavors/flavor-openai-protocol.js';
import { type OpenAIFlavor, openAIFlavors } from '../providers/openai-flavors/openai-flavor.js';
import { openaiProtocol } from '../providers/openai-protocol.js';
import type { ProviderProtocol } from '../providers/provider-protocol.js';
import type { SimulatorKind } from '../simulator-handle.js';
import type { SimulatorModel } from '../start-simulator.js';
import type { EngineModel } from './answer-completion.js';

/** What the engine needs, validated: the options shared by every transport. */
export interface EngineOptions {
  kind: SimulatorKind;
  models: ReadonlyArray<string | SimulatorModel>;
  faults?: readonly FaultRule[];
  latency?: LatencyModel;
  timeScale?: number;
  callerHeader?: string;
  apiKeys?: readonly string[];
  noRetryHeader?: boolean;
  maxRecordedRequests?: number;
  chunkIntervalMs?: number;
  tokensPerChunk?: number;
  /** The OpenAI-compatible server an `openai` simulator speaks as. */
  flavor?: OpenAIFlavor;
  /** Who calls it in messages: `startSimulator` or `createSimulator`. */
  caller: string;
}

const kinds: Partial<Record<string, ProviderProtocol>> = {
  openai: openaiProtocol,
  anthropic: anthropicProtocol,
  ollama: ollamaProtocol,
};

/** Checks a latency model; throws a `TypeError` naming `where`. */
export function validateLatency(latency: LatencyModel, where: string, caller: string): void {
  if (typeof latency !== 'object' || latency === null) {
    throw new TypeError(`${caller}: ${where} must be { firstTokenMs?, tokensPerSecond? }.`);
  }
  const { firstTokenMs, tokensPerSecond } = latency;
  if (firstTokenMs !== undefined && !(typeof firstTokenMs === 'number' && firstTokenMs >= 0)) {
    throw new TypeError(`${caller}: ${where}.firstTokenMs must be a number >= 0; got ${firstTokenMs}.`);
  }
  if (tokensPerSecond !== undefined && !(typeof tokensPerSecond === 'number' && tokensPerSecond > 0)) {
    throw new TypeError(`${caller}: ${where}.tokensPerSecond must be a number > 0; got ${tokensPerSecond}.`);
  }
}

/** The options with their defaults, checked. */
export interface ResolvedEngineOptions {
  readonly kind: SimulatorKind;
  readonly protocol: ProviderProtocol;
  readonly models: readonly EngineModel[];
  readonly faults: readonly FaultRule[];
  readonly latencies: Map<string, LatencyModel>;
  readonly timeScale: number;
  readonly callerHeader: string;
  readonly acceptedKeys: ReadonlySet<string> | undefined;
  readonly noRetryHeader: boolean;
  readonly maxRecordedRequests: number;
  readonly chunkIntervalMs: number;
  readonly tokensPerChunk: number;
  readonly caller: string;
}

/**
 * Checks a simulator's options and applies their defaults.
 *
 * @throws TypeError naming the option, what was expected and what was given.
 */
export function resolveEngineOptions(options: EngineOptions): ResolvedEngineOptions {
  const {
    kind,
    models: modelOptions,
    faults = [],
    latency: defaultLatency = {},
    timeScale = 1,
    callerHeader = 'x-switchyard-caller-country',
    apiKeys,
    noRetryHeader = true,
    maxRecordedRequests = 10_000,
    chunkIntervalMs = 0,
    tokensPerChunk = 1,
    flavor,
    caller: who,
  } = options;
  const found = Object.hasOwn(kinds, kind) ? kinds[kind] : undefined;
  if (found === undefined) {
    throw new TypeError(
      `${who}: kind must be "openai", "anthropic" or "ollama"; got ${JSON.stringify(kind)}.`,
    );
  }
  if (flavor !== undefined && (kind !== 'openai' || !openAIFlavors.includes(flavor))) {
    throw new TypeError(
      kind !== 'openai'
        ? `${who}: flavor is for kind "openai" (an OpenAI-compatible server); got it with kind ${JSON.stringify(kind)}.`
        : `${who}: flavor must be one of ${openAIFlavors.join(', ')}; got ${JSON.stringify(flavor)}.`,
    );
  }
  const protocol: ProviderProtocol = flavor === undefined ? found : flavorOpenAIProtocol(found, flavor);
  if (!(Number.isInteger(maxRecordedRequests) && maxRecordedRequests >= 0)) {
    throw new TypeError(
      `${who}: maxRecordedRequests must be an integer >= 0; got ${JSON.stringify(maxRecordedRequests)}.`,
    );
  }
  if (!(typeof chunkIntervalMs === 'number' && chunkIntervalMs >= 0 && Number.isFinite(chunkIntervalMs))) {
    throw new TypeError(
      `${who}: chunkIntervalMs must be a finite number >= 0; got ${JSON.stringify(chunkIntervalMs)}.`,
    );
  }
  if (!(Number.isInteger(tokensPerChunk) && tokensPerChunk >= 1)) {
    throw new TypeError(
      `${who}: tokensPerChunk must be an integer >= 1; got ${JSON.stringify(tokensPerChunk)}.`,
    );
  }
  if (!Array.isArray(modelOptions)) throw new TypeError(`${who}: models must be an array of model ids.`);
  if (!(typeof timeScale === 'number' && timeScale > 0 && Number.isFinite(timeScale))) {
    throw new TypeError(`${who}: timeScale must be a finite number > 0; got ${JSON.stringify(timeScale)}.`);
  }
  const models: EngineModel[] = modelOptions.map((entry, index) => {
    const model = typeof entry === 'string' ? { id: entry } : entry;
    if (typeof model?.id !== 'string' || model.id === '') {
      throw new TypeError(`${who}: models[${index}] must be a model id or { id: string }.`);
    }
    if (model.latency !== undefined) validateLatency(model.latency, `models[${index}].latency`, who);
    for (const [field, value] of Object.entries(model.usage ?? {})) {
      if (!(typeof value === 'number' && Number.isInteger(value) && value >= 0)) {
        throw new TypeError(`${who}: models[${index}].usage.${field} must be an integer >= 0; got ${value}.`);
      }
    }
    return { id: model.id, contextWindow: model.contextWindow, latency: model.latency, usage: model.usage };
  });
  validateLatency(defaultLatency, 'latency', who);
  const latencies = new Map<string, LatencyModel>();
  latencies.set('*', defaultLatency);
  for (const model of models) if (model.latency !== undefined) latencies.set(model.id, model.latency);

  return {
    kind,
    protocol,
    models,
    faults,
    latencies,
    timeScale,
    callerHeader: callerHeader.toLowerCase(),
    acceptedKeys: apiKeys === undefined ? undefined : new Set(apiKeys),
    noRetryHeader,
    maxRecordedRequests,
    chunkIntervalMs,
    tokensPerChunk,
    caller: who,
  };
}
