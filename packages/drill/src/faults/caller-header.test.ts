import type { LanguageModelV4, LanguageModelV4CallOptions } from '@ai-sdk/provider';
import type { Target } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import type { FaultEvent } from '../scenario/scenario-schema.js';
import { callerHeaders, callerOf, withoutCallerHeader, withoutCallerHeaderModel } from './caller-header.js';
import { faultInjectingModel } from './fault-injecting-model.js';
import { FaultState } from './fault-state.js';

const target = { id: 'local', provider: 'llama-cpp', model: 'tiny' } as unknown as Target;

/** A model that keeps every call it is given and answers with nothing. */
function keepingModel(): { model: LanguageModelV4; calls: LanguageModelV4CallOptions[] } {
  const calls: LanguageModelV4CallOptions[] = [];
  const model = {
    specificationVersion: 'v4',
    provider: 'test',
    modelId: 'keeping',
    supportedUrls: {},
    async doGenerate(call: LanguageModelV4CallOptions) {
      calls.push(call);
      return { content: [], finishReason: { unified: 'stop', raw: 'stop' }, usage: {}, warnings: [] };
    },
    async doStream(call: LanguageModelV4CallOptions) {
      calls.push(call);
      return { stream: new ReadableStream({ start: (controller) => controller.close() }) };
    },
  } as unknown as LanguageModelV4;
  return { model, calls };
}

const prompt: LanguageModelV4CallOptions['prompt'] = [
  { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
];

describe('callerHeaders', () => {
  it('names the caller jurisdiction, and nothing for no caller', () => {
    expect(callerHeaders('DE')).toEqual({ 'x-switchyard-caller-country': 'DE' });
    expect(callerHeaders(undefined)).toBeUndefined();
    expect(callerHeaders('')).toBeUndefined();
  });
});

describe('callerOf', () => {
  it('reads the caller from the call headers', () => {
    expect(callerOf({ prompt, headers: { 'x-switchyard-caller-country': 'cn' } })).toBe('cn');
    expect(callerOf({ prompt, headers: { 'x-other': 'a' } })).toBeUndefined();
    expect(callerOf({ prompt })).toBeUndefined();
  });
});

describe('withoutCallerHeader', () => {
  it('drops only the caller header and reads the abort signal through', () => {
    let reads = 0;
    const controller = new AbortController();
    const call = {
      prompt,
      headers: { 'x-switchyard-caller-country': 'DE', 'x-trace': 't' },
      get abortSignal() {
        reads++;
        return controller.signal;
      },
    } as LanguageModelV4CallOptions;
    const stripped = withoutCallerHeader(call);
    expect(stripped.headers).toEqual({ 'x-trace': 't' });
    expect(reads).toBe(0);
    expect(stripped.abortSignal).toBe(controller.signal);
    expect(call.headers).toEqual({ 'x-switchyard-caller-country': 'DE', 'x-trace': 't' });
  });

  it('leaves no headers when the caller header was the only one, and returns a call without it as it is', () => {
    const stripped = withoutCallerHeader({ prompt, headers: { 'x-switchyard-caller-country': 'DE' } });
    expect('headers' in stripped).toBe(false);
    const plain: LanguageModelV4CallOptions = { prompt, headers: { 'x-trace': 't' } };
    expect(withoutCallerHeader(plain)).toBe(plain);
  });
});

describe('withoutCallerHeaderModel', () => {
  it('does not pass the caller header to a given model', async () => {
    const { model, calls } = keepingModel();
    await withoutCallerHeaderModel(model).doGenerate({ prompt, headers: callerHeaders('DE') });
    await withoutCallerHeaderModel(model).doStream({ prompt, headers: callerHeaders('DE') });
    expect(calls.map((call) => call.headers)).toEqual([undefined, undefined]);
  });
});

describe('faultInjectingModel', () => {
  const block: FaultEvent = {
    at: 0,
    type: 'cutoff',
    target: 'local',
    signal: 'region_block',
  } as unknown as FaultEvent;

  it('applies a caller-scoped fault to the caller the call headers name, and only to it', async () => {
    const faults = new FaultState();
    faults.add({ id: 'ev0', event: block, targetIds: new Set(['local']), callers: new Set(['CN']) });
    const { model, calls } = keepingModel();
    const wrapped = faultInjectingModel({ model, target, faults });
    await expect(wrapped.doGenerate({ prompt, headers: callerHeaders('cn') })).rejects.toMatchObject({
      failure: { kind: 'cutoff', cutoffReason: 'region_blocked' },
    });
    await wrapped.doGenerate({ prompt, headers: callerHeaders('DE') });
    await wrapped.doGenerate({ prompt });
    expect(calls).toHaveLength(2);
    // The in-process model sends no HTTP request: it never sees the caller header.
    expect(calls.map((call) => call.headers)).toEqual([undefined, undefined]);
  });
});
