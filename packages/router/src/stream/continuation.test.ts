import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import type { AttemptRecord } from '@switchyard/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRouter } from '../create-router.js';
import { memorySink } from '../sinks/memory-sink.js';
import { scriptedModel } from '../test/scripted-model.js';
import { referenceAnswerModel } from '../test-fixtures/reference-answer-model.js';
import { testConfig } from '../test-fixtures/router-fixtures.js';
import { call, collect, setup, textOf, transient } from '../test-fixtures/router-harness.js';

const answer =
  'Switchyard finishes the answer on the next allowed target, and no word reaches the caller twice.';
const continues = { prefill: 'continue', explicit: 'continue' } as const;

function router(
  models: Parameters<typeof createRouter>[0]['models'],
  extra: Partial<Parameters<typeof createRouter>[0]> = {},
) {
  const sink = memorySink();
  const created = createRouter({ config: testConfig(), models, sinks: [sink], random: () => 0.5, ...extra });
  return { router: created, sink, model: created.languageModel('chat') };
}

const summary = (attempt: AttemptRecord) => ({
  target: attempt.targetId,
  outcome: attempt.outcome,
  delivered: attempt.deliveredChars,
  continuation: attempt.continuation,
});

describe('mid-stream continuation', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('finishes the answer on the next candidate with a prefill, recording each attempt with its splice point', async () => {
    const alpha = referenceAnswerModel({
      answer,
      behaviour: continues,
      script: [{ kind: 'error-part', afterChars: 30 }],
    });
    const beta = referenceAnswerModel({ answer, behaviour: continues, script: [] });
    const ended: AttemptRecord[] = [];
    const started: (number | undefined)[] = [];
    const hooks = {
      beforeAttempt: (info: { continuesFrom?: number }) => void started.push(info.continuesFrom),
      afterAttempt: (_info: unknown, attempt: AttemptRecord) => void ended.push(attempt),
    };
    const { model, sink, router: created } = router({ alpha, beta }, { attemptHooks: [hooks] });
    const fallbacks: unknown[] = [];
    created.on('fallback', (event) => void fallbacks.push(event));
    const parts = await collect((await model.doStream(call())).stream);
    expect(textOf(parts)).toBe(answer);
    expect(parts.filter((part) => part.type === 'text-start')).toHaveLength(1);
    expect(parts.filter((part) => part.type === 'stream-start')).toHaveLength(1);
    expect(beta.calls).toEqual([{ mode: 'prefill', delivered: answer.slice(0, 30) }]);
    const [record] = sink.records;
    expect(record).toMatchObject({
      outcome: 'served',
      servedBy: 'beta',
      totals: { continuations: 1, fallbackDepth: 1 },
    });
    expect(record?.attempts.map(summary)).toEqual([
      { target: 'alpha', outcome: 'failure', delivered: 30, continuation: undefined },
      {
        target: 'beta',
        outcome: 'success',
        delivered: answer.length - 30,
        continuation: { fromChars: 30, mode: 'prefill', overlapChars: 0 },
      },
    ]);
    // A continuation is an attempt like any other for the hooks (budgets reconcile there).
    expect(ended).toEqual(record?.attempts);
    expect(started).toEqual([undefined, 30]);
    expect(fallbacks).toEqual([expect.objectContaining({ from: 'alpha', to: 'beta' })]);
    // Both attempts' output is the answer: nothing of it is wasted.
    expect(record?.totals.wastedCostUsd).toBe(0);
  });

  it('asks again without a prefill when a target rejects one, and remembers it', async () => {
    const alpha = referenceAnswerModel({
      answer,
      behaviour: continues,
      script: [
        { kind: 'error-part', afterChars: 40 },
        { kind: 'error-part', afterChars: 20 },
      ],
    });
    const beta = referenceAnswerModel({
      answer,
      behaviour: { prefill: 'reject', explicit: 'restart' },
      script: [],
    });
    const { model, router: created, sink } = router({ alpha, beta });
    expect(textOf(await collect((await model.doStream(call())).stream))).toBe(answer);
    expect(beta.calls.map((entry) => entry.mode)).toEqual(['prefill', 'explicit']);
    expect(sink.records[0]?.attempts.map(summary)).toEqual([
      { target: 'alpha', outcome: 'failure', delivered: 40, continuation: undefined },
      {
        target: 'beta',
        outcome: 'failure',
        delivered: undefined,
        continuation: { fromChars: 40, mode: 'prefill', overlapChars: 0 },
      },
      {
        target: 'beta',
        outcome: 'success',
        delivered: answer.length - 40,
        // beta restarted the answer: the 40 characters the caller had were dropped.
        continuation: { fromChars: 40, mode: 'explicit', overlapChars: 40 },
      },
    ]);
    // The rejection was the router's form, not beta's health.
    expect(created.health.state('beta')).toMatchObject({ state: 'healthy', circuit: 'closed' });
    expect(textOf(await collect((await model.doStream(call())).stream))).toBe(answer);
    expect(beta.calls.map((entry) => entry.mode)).toEqual(['prefill', 'explicit', 'explicit']);
  });

  it('admits each continuation by the policy in force at its start', async () => {
    const alpha = referenceAnswerModel({
      answer,
      behaviour: continues,
      script: [{ kind: 'throw', afterChars: 10 }],
    });
    const beta = referenceAnswerModel({ answer, behaviour: continues, script: [] });
    const gamma = referenceAnswerModel({ answer, behaviour: continues, script: [] });
    const { model, router: created, sink } = router({ alpha, beta, gamma });
    const { stream } = await model.doStream(call());
    created.setPolicy({
      rules: [
        {
          id: 'no-beta',
          description: 'beta is denied now',
          source: 'test',
          effect: 'deny',
          targets: { id: ['beta'] },
        },
      ],
    });
    expect(textOf(await collect(stream))).toBe(answer);
    expect(beta.calls).toHaveLength(0);
    expect(sink.records[0]?.servedBy).toBe('gamma');
    expect(sink.records[0]?.skipped).toContainEqual(
      expect.objectContaining({ targetId: 'beta', reason: 'policy' }),
    );
  });

  it('continues a stream that stalled after content, recording the stall', async () => {
    vi.useFakeTimers();
    const alpha = referenceAnswerModel({
      answer,
      behaviour: continues,
      script: [{ kind: 'stall', afterChars: 25 }],
    });
    const beta = referenceAnswerModel({ answer, behaviour: continues, script: [] });
    const { model, sink } = router({ alpha, beta }, { health: { stallTimeoutMs: 2_000 } });
    const reading = Promise.resolve(model.doStream(call())).then(({ stream }) => collect(stream));
    await vi.advanceTimersByTimeAsync(1_999);
    expect(beta.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(textOf(await reading)).toBe(answer);
    expect(sink.records[0]?.attempts[0]).toMatchObject({
      targetId: 'alpha',
      failureKind: 'timeout',
      code: 'stream_stalled',
      deliveredChars: 25,
    });
  });

  it('watches a continuation for stalls too: one that stalls after content is continued again', async () => {
    vi.useFakeTimers();
    const alpha = referenceAnswerModel({
      answer,
      behaviour: continues,
      script: [{ kind: 'stall', afterChars: 25 }],
    });
    const beta = referenceAnswerModel({
      answer,
      behaviour: continues,
      script: [{ kind: 'stall', afterChars: 30 }],
    });
    const local = referenceAnswerModel({ answer, behaviour: continues, script: [] });
    const { model, sink } = router({ alpha, beta, local }, { health: { stallTimeoutMs: 2_000 } });
    const reading = Promise.resolve(model.doStream(call())).then(({ stream }) => collect(stream));
    await vi.advanceTimersByTimeAsync(2_500);
    expect(beta.calls).toHaveLength(1);
    expect(local.calls).toHaveLength(0);
    // The continuation's parts stop after 30 characters: its own stall is declared on time.
    await vi.advanceTimersByTimeAsync(1_999);
    expect(local.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(textOf(await reading)).toBe(answer);
    expect(sink.records[0]?.attempts.map(summary)).toMatchObject([
      { target: 'alpha', outcome: 'failure', delivered: 25 },
      { target: 'beta', outcome: 'failure', delivered: 30 },
      { target: 'local', outcome: 'success' },
    ]);
    expect(sink.records[0]?.attempts[1]).toMatchObject({ failureKind: 'timeout', code: 'stream_stalled' });
  });

  it('does not take a caller that reads slowly for a stalled stream', async () => {
    vi.useFakeTimers();
    const alpha = referenceAnswerModel({ answer, behaviour: { ...continues, chunks: [1] }, script: [] });
    const beta = referenceAnswerModel({ answer, behaviour: continues, script: [] });
    const { model, sink } = router({ alpha, beta }, { health: { stallTimeoutMs: 1_000 } });
    const { stream } = await model.doStream(call());
    const reader = stream.getReader();
    const parts: LanguageModelV4StreamPart[] = [];
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      parts.push(next.value);
      // The caller takes 5 s per part: the router's queue fills and it stops reading the upstream.
      if (parts.length < 40) await vi.advanceTimersByTimeAsync(5_000);
    }
    expect(textOf(parts)).toBe(answer);
    expect(beta.calls).toHaveLength(0);
    expect(sink.records[0]?.attempts.map((attempt) => attempt.outcome)).toEqual(['success']);
  });

  it('ends a reasoning block the failure cut as it stands; the continuation reasons in a block of its own', async () => {
    const alpha = scriptedModel({
      steps: [
        {
          parts: [
            { type: 'stream-start', warnings: [] },
            { type: 'reasoning-start', id: '0' },
            { type: 'reasoning-delta', id: '0', delta: 'Thinking about' },
            { type: 'error', error: transient },
          ],
        },
      ],
    });
    const beta = scriptedModel({
      steps: [
        {
          parts: [
            { type: 'stream-start', warnings: [] },
            { type: 'reasoning-start', id: '0' },
            { type: 'reasoning-delta', id: '0', delta: 'Thought.' },
            { type: 'reasoning-end', id: '0' },
            { type: 'text-start', id: '0' },
            { type: 'text-delta', id: '0', delta: 'Done.' },
            { type: 'text-end', id: '0' },
            { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: usage() },
          ],
        },
      ],
    });
    const { model, sink } = router({ alpha, beta });
    const parts = await collect((await model.doStream(call())).stream);
    expect(parts.filter((part) => part.type.startsWith('reasoning') || part.type.startsWith('text'))).toEqual(
      [
        { type: 'reasoning-start', id: '0' },
        { type: 'reasoning-delta', id: '0', delta: 'Thinking about' },
        { type: 'reasoning-end', id: '0', providerMetadata: { switchyard: { interrupted: true } } },
        { type: 'reasoning-start', id: '0~1' },
        { type: 'reasoning-delta', id: '0~1', delta: 'Thought.' },
        { type: 'reasoning-end', id: '0~1' },
        { type: 'text-start', id: '0~1' },
        { type: 'text-delta', id: '0~1', delta: 'Done.' },
        { type: 'text-end', id: '0~1' },
      ],
    );
    // No text had been delivered: the continuation got the original prompt.
    expect(beta.calls[0]?.prompt).toEqual(call().prompt);
    expect(sink.records[0]?.attempts[1]?.continuation).toEqual({
      fromChars: 14,
      mode: 'restart',
      overlapChars: 0,
    });
  });

  it('never splices a tool call: a call cut mid-input is dropped and the continuation makes it whole', async () => {
    const input = '{"id":"42"}';
    const alpha = scriptedModel({
      steps: [
        {
          parts: [
            { type: 'stream-start', warnings: [] },
            { type: 'text-start', id: '0' },
            { type: 'text-delta', id: '0', delta: 'Looking it up.' },
            { type: 'tool-input-start', id: 'call-a', toolName: 'lookup' },
            { type: 'tool-input-delta', id: 'call-a', delta: '{"id":' },
            { type: 'error', error: transient },
          ],
        },
      ],
    });
    const beta = scriptedModel({
      steps: [
        {
          parts: [
            { type: 'stream-start', warnings: [] },
            { type: 'tool-input-start', id: 'call-b', toolName: 'lookup' },
            { type: 'tool-input-delta', id: 'call-b', delta: input },
            { type: 'tool-input-end', id: 'call-b' },
            { type: 'tool-call', toolCallId: 'call-b', toolName: 'lookup', input },
            { type: 'finish', finishReason: { unified: 'tool-calls', raw: 'tool_calls' }, usage: usage() },
          ],
        },
      ],
    });
    const { model } = router({ alpha, beta });
    const parts = await collect((await model.doStream(call())).stream);
    const tools = parts.filter((part) => part.type.startsWith('tool'));
    expect(
      tools.map((part) => ('id' in part ? part.id : part.type === 'tool-call' ? part.toolCallId : '')),
    ).toEqual(['call-b', 'call-b', 'call-b', 'call-b']);
    expect(textOf(parts)).toBe('Looking it up.');
    expect(parts.at(-1)).toMatchObject({ type: 'finish' });
  });

  it('does not continue once a tool call reached the caller: the stream ends with an error', async () => {
    const alpha = scriptedModel({
      steps: [
        {
          parts: [
            { type: 'stream-start', warnings: [] },
            { type: 'tool-call', toolCallId: 'call-a', toolName: 'lookup', input: '{}' },
            { type: 'error', error: transient },
          ],
        },
      ],
    });
    const beta = scriptedModel({ steps: [] });
    const { model, sink } = router({ alpha, beta });
    const parts = await collect((await model.doStream(call())).stream);
    expect(parts.at(-1)).toMatchObject({
      type: 'error',
      error: { message: expect.stringMatching(/a tool call or file had reached the caller/) },
    });
    expect(beta.calls).toHaveLength(0);
    expect(sink.records[0]?.outcome).toBe('failed');
  });

  it('finishes the request as aborted when the caller cancels while a continuation opens', async () => {
    vi.useFakeTimers();
    const alpha = referenceAnswerModel({
      answer,
      behaviour: continues,
      script: [{ kind: 'throw', afterChars: 10 }],
    });
    const beta = scriptedModel({ steps: [{ hang: true }] });
    const { model, sink } = router({ alpha, beta });
    const { stream } = await model.doStream(call());
    const reader = stream.getReader();
    const seen: LanguageModelV4StreamPart[] = [];
    // stream-start, response-metadata, text-start and two deltas of 5: then alpha's read throws.
    for (let index = 0; index < 5; index++) {
      const next = await reader.read();
      if (!next.done) seen.push(next.value);
    }
    expect(textOf(seen)).toBe(answer.slice(0, 10));
    // The next read meets alpha's failure: beta is asked to continue and hangs.
    const pending = reader.read();
    await vi.advanceTimersByTimeAsync(10);
    expect(beta.calls).toHaveLength(1);
    await reader.cancel('enough');
    expect(await pending).toEqual({ done: true, value: undefined });
    await vi.advanceTimersByTimeAsync(10);
    const [record] = sink.records;
    expect(record).toMatchObject({ outcome: 'failed', error: { code: 'SWITCHYARD_ABORTED' } });
    expect(record?.attempts.map((attempt) => [attempt.targetId, attempt.outcome])).toEqual([
      ['alpha', 'failure'],
      ['beta', 'aborted'],
    ]);
  });

  it('takes midStream from the request over the route, and from the route over the router', async () => {
    const scripts = () => ({
      alpha: [{ text: 'one two three', streamErrorAfterWords: 1, error: transient }],
      beta: [{ text: 'two three' }],
    });
    const byRoute = setup(scripts(), {
      config: { routes: { chat: { targets: ['alpha', 'beta'], midStream: 'error' } } },
    });
    expect(textOf(await collect((await byRoute.model.doStream(call())).stream))).toBe('one');
    const byRequest = setup(scripts(), {
      config: { routes: { chat: { targets: ['alpha', 'beta'], midStream: 'error' } } },
    });
    const parts = await collect(
      (await byRequest.model.doStream(call({ providerOptions: { switchyard: { midStream: 'continue' } } })))
        .stream,
    );
    expect(parts.at(-1)).toMatchObject({ type: 'finish' });
    expect(byRequest.models.beta.calls).toHaveLength(1);
  });
});

function usage() {
  return {
    inputTokens: { total: 5, noCache: 5, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: 3, text: 3, reasoning: 0 },
  };
}
