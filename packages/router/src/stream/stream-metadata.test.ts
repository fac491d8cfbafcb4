import { errorCodes } from '@switchyard/core';
import { generateText, streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import { RequestFailedError } from '../errors/request-failed-error.js';
import { call, collect, setup, transient } from '../test-fixtures/router-harness.js';

describe('stream metadata and errors', () => {
  it('gives streamText the same providerMetadata.switchyard as generateText', async () => {
    const steps = () => ({ alpha: [{ error: transient }], beta: [{ text: 'hello there' }] });
    const generated = await generateText({ model: setup(steps()).model, prompt: 'Hello' });
    const streamed = streamText({ model: setup(steps()).model, prompt: 'Hello' });
    await streamed.text;
    const fromGenerate = generated.providerMetadata?.switchyard;
    const fromStream = (await streamed.providerMetadata)?.switchyard;
    expect(fromGenerate).toMatchObject({ servedBy: 'beta', fallbackDepth: 1, attempts: 2 });
    expect({ ...fromStream, requestId: 'x' }).toEqual({ ...fromGenerate, requestId: 'x' });
  });

  it('puts the request id on the error part of a stream that fails after its first token', async () => {
    const { model, sink } = setup(
      { alpha: [{ text: 'one two three', streamErrorAfterWords: 1, error: transient }] },
      { midStream: 'error' },
    );
    const parts = await collect((await model.doStream(call())).stream);
    const last = parts.at(-1);
    expect(last?.type).toBe('error');
    const error = last?.type === 'error' ? last.error : undefined;
    expect(RequestFailedError.isInstance(error)).toBe(true);
    expect((error as RequestFailedError).requestId).toBe(sink.records[0]?.requestId);
    expect((error as RequestFailedError).code).toBe(errorCodes.PROVIDER_ERROR);
    expect((error as RequestFailedError).cause).toBe(transient);
  });

  it('puts the request id on the errors of failed calls, matching their decision records', async () => {
    const failing = setup({
      alpha: [{ error: transient }],
      beta: [{ error: transient }],
      gamma: [{ error: transient }],
      local: [{ error: transient }],
    });
    const error = await Promise.resolve(failing.model.doStream(call())).catch((caught: unknown) => caught);
    expect(RequestFailedError.isInstance(error)).toBe(true);
    expect((error as RequestFailedError).requestId).toBe(failing.sink.records[0]?.requestId);
  });
});
