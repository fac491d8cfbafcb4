import { inspect } from 'node:util';
import { APICallError } from '@ai-sdk/provider';
import { createAnthropic } from '@switchyard/anthropic';
import { errorCodes, requestBodyMarker, type SwitchyardConfigInput } from '@switchyard/core';
import { createOllama } from '@switchyard/ollama';
import { createOpenAI } from '@switchyard/openai';
import { type CreateRouterOptions, createRouter, RequestFailedError } from '@switchyard/router';
import { type ScriptedStep, scriptedModel } from '@switchyard/router/test';
import { generateText, type ModelMessage, streamText } from 'ai';
import { describe, expect, it } from 'vitest';

/**
 * `console.error(error)` prints an error's `cause` (Node prints `[cause]`), and an AI SDK
 * `APICallError` holds the request as sent (`requestBodyValues`) and a response body that may
 * quote it. With `recordPrompts` off (the default), the `cause` a caller gets holds no prompt
 * text on any path: generate, a stream that fails before content, a stream's `error` part after
 * content, a failed continuation; the adapters' errors too.
 */
const secret = 'Patient Ada Lovelace, record 7731-Q, reports chest pain since Tuesday';
const system = 'You are the triage assistant of St. Example Hospital, ward 12B.';
const messages: ModelMessage[] = [{ role: 'user', content: secret }];

const target = (id: string) => ({
  id,
  provider: 'openai',
  model: 'gpt-4o',
  hostedIn: 'US',
  origin: 'US',
  weights: 'closed' as const,
  contextWindow: 100_000,
});
const config: SwitchyardConfigInput = {
  targets: [target('first'), target('second')],
  routes: { chat: { targets: ['first', 'second'] } },
  defaults: { context: { jurisdiction: 'US' } },
};

/** A 400 as the AI SDK's providers throw it: the request as sent, a body that quotes the prompt. */
function quotingError(): APICallError {
  return new APICallError({
    message: `Invalid value for 'messages[1].content': '${secret}'`,
    url: 'https://api.example.com/v1/chat/completions',
    requestBodyValues: {
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: system },
        { role: 'user', content: secret },
      ],
    },
    statusCode: 400,
    responseHeaders: { 'x-request-id': 'req_1' },
    responseBody: JSON.stringify({ error: { message: `Invalid value: '${secret}'`, code: 'invalid_value' } }),
    isRetryable: false,
    data: { error: { message: `Invalid value: '${secret}'`, code: 'invalid_value' } },
  });
}

/** A 503 that carries the request as sent and quotes nothing: a fallback is tried. */
function overloadedError(): APICallError {
  return new APICallError({
    message: 'Service Unavailable',
    url: 'https://api.example.com/v1/chat/completions',
    requestBodyValues: { model: 'gpt-4o', messages: [{ role: 'user', content: secret }] },
    statusCode: 503,
    responseBody: `{"error":"overloaded while reading '${secret}'"}`,
  });
}

function build(models: Record<'first' | 'second', ScriptedStep[]>, extra: Partial<CreateRouterOptions> = {}) {
  return createRouter({
    config,
    models: {
      first: scriptedModel({ steps: models.first }),
      second: scriptedModel({ steps: models.second }),
    },
    health: { maxRetries: 0 },
    ...extra,
  });
}

/** Every fragment of 12 characters of the prompt's texts, none of which may be printed. */
function expectNoPromptText(error: unknown): void {
  const printed = inspect(error, { depth: 10 });
  for (const text of [secret, system])
    for (let at = 0; at + 12 <= text.length; at++) expect(printed).not.toContain(text.slice(at, at + 12));
}

/** The provider's error as the caller gets it: of its class, its facts kept, the prompt gone. */
function expectRedactedCopy(cause: unknown, statusCode: number): void {
  expect(APICallError.isInstance(cause)).toBe(true);
  const error = cause as APICallError;
  expect(error.statusCode).toBe(statusCode);
  expect(error.url).toBe('https://api.example.com/v1/chat/completions');
  expect(error.requestBodyValues).toBe(requestBodyMarker);
}

async function streamError(model: ReturnType<ReturnType<typeof build>['languageModel']>): Promise<unknown> {
  const errors: unknown[] = [];
  const result = streamText({
    model,
    instructions: system,
    messages,
    maxRetries: 0,
    onError: ({ error }) => {
      errors.push(error);
    },
  });
  await (async () => {
    for await (const _ of result.fullStream) {
      // read to the end
    }
  })().catch(() => undefined);
  expect(errors).toHaveLength(1);
  return errors[0];
}

describe('the cause of a router error', () => {
  it('holds no prompt text when generateText fails (invalid request)', async () => {
    const router = build({ first: [{ error: quotingError() }], second: [] });
    const error = await generateText({
      model: router.languageModel('chat'),
      instructions: system,
      messages,
      maxRetries: 0,
    }).catch((caught: unknown) => caught);
    expect((error as RequestFailedError).code).toBe(errorCodes.INVALID_REQUEST);
    expectRedactedCopy((error as Error).cause, 400);
    const cause = (error as Error).cause as APICallError;
    expect(cause.responseHeaders).toEqual({ 'x-request-id': 'req_1' });
    expect(cause.isRetryable).toBe(false);
    expect(cause.data).toEqual({
      error: { message: "Invalid value: '[prompt text]'", code: 'invalid_value' },
    });
    expectNoPromptText(error);
  });

  it('holds no prompt text when every target failed (the last failure is the cause)', async () => {
    const router = build({ first: [{ error: overloadedError() }], second: [{ error: overloadedError() }] });
    const error = await generateText({
      model: router.languageModel('chat'),
      instructions: system,
      messages,
      maxRetries: 0,
    }).catch((caught: unknown) => caught);
    expect((error as RequestFailedError).code).toBe(errorCodes.ALL_TARGETS_FAILED);
    expectRedactedCopy((error as Error).cause, 503);
    expect(((error as Error).cause as APICallError).isRetryable).toBe(true);
    expectNoPromptText(error);
  });

  it('holds no prompt text when a stream fails before its first content', async () => {
    const router = build({ first: [{ error: quotingError() }], second: [] });
    const error = await streamError(router.languageModel('chat'));
    expect((error as RequestFailedError).code).toBe(errorCodes.INVALID_REQUEST);
    expectRedactedCopy((error as Error).cause, 400);
    expectNoPromptText(error);
  });

  it("holds no prompt text in a stream's error part after content (midStream: error)", async () => {
    const router = build(
      {
        first: [{ text: 'Let me check the chart', streamErrorAfterWords: 2, error: overloadedError() }],
        second: [],
      },
      { midStream: 'error' },
    );
    const error = await streamError(router.languageModel('chat'));
    expect((error as RequestFailedError).code).toBe(errorCodes.PROVIDER_ERROR);
    expectRedactedCopy((error as Error).cause, 503);
    expectNoPromptText(error);
  });

  it('holds no prompt text when the continuation of a stream fails too', async () => {
    const router = build({
      first: [{ text: 'Let me check the chart', streamErrorAfterWords: 2, error: overloadedError() }],
      second: [{ text: 'the chart now', streamErrorAfterWords: 1, error: overloadedError() }],
    });
    const error = await streamError(router.languageModel('chat'));
    expect((error as RequestFailedError).code).toBe(errorCodes.PROVIDER_ERROR);
    expect((error as RequestFailedError).attempts).toHaveLength(2);
    expectRedactedCopy((error as Error).cause, 503);
    expectNoPromptText(error);
  });

  it('keeps the caller abort reason as the cause, the same value', async () => {
    const caller = new AbortController();
    const reason = new Error(`stop: '${secret}'`);
    const router = build({ first: [{ hang: true }], second: [] });
    const pending = generateText({
      model: router.languageModel('chat'),
      messages,
      maxRetries: 0,
      abortSignal: caller.signal,
    }).catch((caught: unknown) => caught);
    caller.abort(reason);
    const error = await pending;
    expect((error as RequestFailedError).code).toBe(errorCodes.ABORTED);
    expect((error as Error).cause).toBe(reason);
  });

  it('is the provider error untouched when recordPrompts is on', async () => {
    const original = quotingError();
    const router = build({ first: [{ error: original }], second: [] }, { recordPrompts: true });
    const error = await generateText({
      model: router.languageModel('chat'),
      messages,
      maxRetries: 0,
    }).catch((caught: unknown) => caught);
    expect((error as Error).cause).toBe(original);
  });
});

/** A 400 whose body quotes the request as sent, as validation errors do. */
const echoing: typeof fetch = async (_url, init) =>
  new Response(
    JSON.stringify({
      error: {
        message: `Could not parse: ${String(init?.body ?? '').slice(0, 600)}`,
        type: 'invalid_request_error',
      },
    }),
    { status: 400, headers: { 'content-type': 'application/json' } },
  );

describe("the cause of a router error, from an adapter's error", () => {
  const adapters: [string, CreateRouterOptions['models'][string]][] = [
    ['openai', createOpenAI({ apiKey: 'sk-test', fetch: echoing })('gpt-4o')],
    ['anthropic', createAnthropic({ apiKey: 'sk-ant-test', fetch: echoing })('claude-test')],
    ['ollama', createOllama({ baseURL: 'http://127.0.0.1:11434', fetch: echoing })('llama3.2')],
  ];
  for (const [name, model] of adapters) {
    it(`holds no prompt text (${name})`, async () => {
      const router = createRouter({
        config: { ...config, routes: { chat: { targets: ['first'] } } },
        models: { first: model, second: model },
        health: { maxRetries: 0 },
      });
      const error = await generateText({
        model: router.languageModel('chat'),
        instructions: system,
        messages,
        maxRetries: 0,
      }).catch((caught: unknown) => caught);
      expect(RequestFailedError.isInstance(error)).toBe(true);
      expect((error as Error).cause).toBeDefined();
      expectNoPromptText(error);
    });
  }
});
