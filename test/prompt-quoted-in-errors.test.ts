import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APICallError } from '@ai-sdk/provider';
import { errorCodes, type SwitchyardConfigInput } from '@switchyard/core';
import { createOpenAI } from '@switchyard/openai';
import {
  type CreateRouterOptions,
  createRouter,
  jsonlSink,
  memorySink,
  RequestFailedError,
  type Router,
} from '@switchyard/router';
import { type ScriptedStep, scriptedModel } from '@switchyard/router/test';
import { generateText, type ModelMessage, streamText } from 'ai';
import { describe, expect, it } from 'vitest';

/**
 * Some providers quote the offending value of a request they reject ("Invalid value for
 * 'content': '<the user's text>'"). With `recordPrompts` off (the default), no prompt text may
 * reach the attempt's message, the caller's error, the stream's error part or the JSONL records.
 */
const secret = 'Patient Ada Lovelace, record 7731-Q, reports chest pain since Tuesday';
const system = 'You are the triage assistant of St. Example Hospital, ward 12B.';
const toolOutput = 'Lab result for 7731-Q: troponin 0.08 ng/mL (elevated)';

const config: SwitchyardConfigInput = {
  targets: [
    {
      id: 'hosted',
      provider: 'openai',
      model: 'gpt-4o',
      hostedIn: 'US',
      origin: 'US',
      weights: 'closed',
      contextWindow: 100_000,
    },
  ],
  routes: { chat: { targets: ['hosted'] } },
  defaults: { context: { jurisdiction: 'US' } },
};

/** An OpenAI 400 that echoes part of the prompt, as its validation errors do. */
function echoing(quote: (body: string) => string): typeof fetch {
  return async (_url, init) => {
    const body = String(init?.body ?? '');
    return new Response(
      JSON.stringify({
        error: {
          message: quote(body),
          type: 'invalid_request_error',
          param: 'messages',
          code: 'invalid_value',
        },
      }),
      { status: 400, headers: { 'content-type': 'application/json' } },
    );
  };
}

function build(
  model: CreateRouterOptions['models'][string],
  extra: Partial<CreateRouterOptions> = {},
): { router: Router; sink: ReturnType<typeof memorySink>; path: string } {
  const sink = memorySink();
  const path = join(mkdtempSync(join(tmpdir(), 'switchyard-quoted-')), 'records.jsonl');
  const router = createRouter({
    config,
    models: { hosted: model },
    sinks: [sink, jsonlSink({ path })],
    health: { maxRetries: 0 },
    ...extra,
  });
  return { router, sink, path };
}

const messages: ModelMessage[] = [{ role: 'user', content: secret }];

/** Every fragment of 12 characters of the prompt's texts, none of which may be found. */
function fragments(...texts: string[]): string[] {
  return texts.flatMap((text) =>
    Array.from({ length: text.length - 11 }, (_, at) => text.slice(at, at + 12)),
  );
}

function expectNoPromptText(what: string, ...texts: string[]): void {
  for (const fragment of fragments(...texts)) expect(what).not.toContain(fragment);
}

describe('a provider error that quotes the prompt', () => {
  it('keeps no prompt text in the attempt, the error, or the JSONL records (generateText)', async () => {
    const openai = createOpenAI({
      apiKey: 'sk-test',
      fetch: echoing(() => `Invalid value for 'messages[1].content': '${secret}' is not allowed.`),
    })('gpt-4o');
    const { router, sink, path } = build(openai);
    const error = await generateText({
      model: router.languageModel('chat'),
      instructions: system,
      messages,
      maxRetries: 0,
    }).catch((caught: unknown) => caught);
    await router.close();
    expect(RequestFailedError.isInstance(error)).toBe(true);
    const failed = error as RequestFailedError;
    // Classified as before: the provider said the request is invalid.
    expect(failed.code).toBe(errorCodes.INVALID_REQUEST);
    expect(failed.message).toContain(
      "Invalid value for 'messages[1].content': '[prompt text]' is not allowed.",
    );
    expect(sink.records[0]?.attempts[0]).toMatchObject({
      failureKind: 'invalid_request',
      status: 400,
      message: "Invalid value for 'messages[1].content': '[prompt text]' is not allowed.",
    });
    expectNoPromptText(failed.message, secret);
    expectNoPromptText(JSON.stringify(sink.records), secret, system);
    expectNoPromptText(readFileSync(path, 'utf8'), secret, system);
  });

  it('keeps no prompt text in the error part of a stream, nor in its record (streamText)', async () => {
    const openai = createOpenAI({
      apiKey: 'sk-test',
      // The body as sent, JSON escapes and all: the system message and the user's.
      fetch: echoing((body) => `Could not parse messages: ${body.slice(0, 400)}`),
    })('gpt-4o');
    const { router, sink } = build(openai);
    const errors: unknown[] = [];
    const result = streamText({
      model: router.languageModel('chat'),
      instructions: system,
      messages,
      maxRetries: 0,
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    for await (const _ of result.fullStream) {
      // read to the end
    }
    await router.close();
    expect(errors).toHaveLength(1);
    const failed = errors[0] as RequestFailedError;
    expect(failed.code).toBe(errorCodes.INVALID_REQUEST);
    expect(failed.message).toContain('[prompt text]');
    expectNoPromptText(failed.message, secret, system);
    expectNoPromptText(JSON.stringify(sink.records), secret, system);
  });

  it("replaces a truncated quote: got 'the first 40 characters...'", async () => {
    const quoted = new APICallError({
      message: `Bad request: got '${secret.slice(0, 40)}...'`,
      url: 'https://api.example.com/v1/chat',
      requestBodyValues: {},
      statusCode: 422,
      responseBody: JSON.stringify({ error: { message: `Bad request: got '${secret.slice(0, 40)}...'` } }),
      isRetryable: false,
    });
    const { router, sink } = build(scriptedModel({ steps: [{ error: quoted }] }));
    const error = await generateText({
      model: router.languageModel('chat'),
      instructions: system,
      messages,
      maxRetries: 0,
    }).catch((caught: unknown) => caught);
    expect((error as RequestFailedError).code).toBe(errorCodes.INVALID_REQUEST);
    expect(sink.records[0]?.attempts[0]?.message).toBe("Bad request: got '[prompt text]...'");
    expect(sink.records[0]?.error?.message).toContain("got '[prompt text]...'");
    expectNoPromptText((error as Error).message, secret);
  });

  it('keeps no tool result text when a stream fails mid-answer with an error that quotes it', async () => {
    const steps: ScriptedStep[] = [
      {
        text: 'Let me look at the lab results',
        streamErrorAfterWords: 3,
        error: new Error(`upstream reset while reading tool output '${toolOutput}'`),
      },
    ];
    const { router, sink } = build(scriptedModel({ steps }));
    const errors: unknown[] = [];
    const result = streamText({
      model: router.languageModel('chat'),
      instructions: system,
      messages: [
        ...messages,
        {
          role: 'assistant',
          content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'labs', input: { record: '7731-Q' } }],
        },
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'c1',
              toolName: 'labs',
              output: { type: 'text', value: toolOutput },
            },
          ],
        },
      ],
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    // The stream ends with its error part, then errors with the same error.
    const thrown = await (async () => {
      for await (const _ of result.fullStream) {
        // read to the end
      }
    })().catch((caught: unknown) => caught);
    expect(errors).toHaveLength(1);
    expect(thrown === undefined || thrown === errors[0]).toBe(true);
    expect((errors[0] as RequestFailedError).code).toBe(errorCodes.PROVIDER_ERROR);
    expect(sink.records[0]?.attempts[0]?.message).toBe(
      "upstream reset while reading tool output '[prompt text]'",
    );
    expectNoPromptText((errors[0] as Error).message, toolOutput);
    expectNoPromptText(JSON.stringify(sink.records), toolOutput);
  });

  it("keeps no text of the answer already delivered when a continuation's provider quotes its prompt", async () => {
    // The answer so far rides in each continuation's prompt (an assistant prefill, or before the
    // request to continue): a provider that rejects it and quotes it must not put it in records.
    const answer = 'Triage summary for ward twelve: the patient is stable and resting comfortably tonight';
    const delivered = answer.split(' ').slice(0, 8).join(' ');
    const hosted = config.targets[0] as SwitchyardConfigInput['targets'][number];
    const continuing: SwitchyardConfigInput = {
      ...config,
      targets: [hosted, { ...hosted, id: 'second', model: 'gpt-4o-mini' }],
      routes: { chat: { targets: ['hosted', 'second'] } },
    };
    const second = createOpenAI({
      apiKey: 'sk-test',
      fetch: echoing((body) => {
        const sent = JSON.parse(body) as { messages: { role: string; content: unknown }[] };
        const prefill = sent.messages.find((message) => message.role === 'assistant');
        return `Invalid value for 'messages[2].content': '${String(prefill?.content)}'`;
      }),
    })('gpt-4o-mini');
    const sink = memorySink();
    const router = createRouter({
      config: continuing,
      models: {
        hosted: scriptedModel({
          steps: [{ text: answer, streamErrorAfterWords: 8, error: new Error('upstream reset') }],
        }),
        second,
      },
      sinks: [sink],
      health: { maxRetries: 0 },
    });
    const errors: unknown[] = [];
    const result = streamText({
      model: router.languageModel('chat'),
      messages,
      maxRetries: 0,
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    let text = '';
    await (async () => {
      for await (const part of result.fullStream) if (part.type === 'text-delta') text += part.text;
    })().catch(() => {});
    await router.close();
    // The caller had the first words, then the continuation was asked for and refused.
    expect(text.trim()).toBe(delivered);
    const attempts = sink.records[0]?.attempts ?? [];
    expect(attempts.map((attempt) => attempt.targetId)).toContain('second');
    for (const attempt of attempts.filter((each) => each.targetId === 'second')) {
      expect(attempt.message).toBe("Invalid value for 'messages[2].content': '[prompt text]'");
    }
    expect(errors).toHaveLength(1);
    expectNoPromptText((errors[0] as Error).message, delivered, secret);
    expectNoPromptText(String(((errors[0] as Error).cause as Error | undefined)?.message), delivered);
    expectNoPromptText(JSON.stringify(sink.records), delivered, secret);
  });

  it('keeps the message as the provider wrote it when recordPrompts is on', async () => {
    const openai = createOpenAI({
      apiKey: 'sk-test',
      fetch: echoing(() => `Invalid value for 'messages[1].content': '${secret}'`),
    })('gpt-4o');
    const { router, sink } = build(openai, { recordPrompts: true });
    const error = await generateText({
      model: router.languageModel('chat'),
      instructions: system,
      messages,
      maxRetries: 0,
    }).catch((caught: unknown) => caught);
    expect((error as Error).message).toContain(secret);
    expect(sink.records[0]?.attempts[0]?.message).toBe(
      `Invalid value for 'messages[1].content': '${secret}'`,
    );
  });
});
