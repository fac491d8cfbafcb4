import { ProviderError } from '@switchyard/core/failure';
import { describe, expect, it } from 'vitest';
import { classifyLlamaCppError } from './classify-llama-cpp-error.js';
import { queueFull } from './loaded-llama-model.js';

class NoBinaryFoundError extends Error {}
class InsufficientMemoryError extends Error {}
class DisposedError extends Error {}
class LlamaJsonSchemaValidationError extends Error {}

describe('classifyLlamaCppError', () => {
  it('returns the failure a ProviderError already carries', () => {
    const failure = { kind: 'context_length' as const, message: 'too long' };
    expect(classifyLlamaCppError(new ProviderError({ provider: 'llama-cpp', model: 'm', failure }))).toBe(
      failure,
    );
  });

  it('cuts off the target when no binary fits or the model does not fit in memory', () => {
    expect(classifyLlamaCppError(new NoBinaryFoundError('NoBinaryFoundError'))).toMatchObject({
      kind: 'cutoff',
      cutoffReason: 'model_not_found',
      scope: 'target',
      code: 'no_binary',
    });
    expect(classifyLlamaCppError(new InsufficientMemoryError('Not enough memory'))).toMatchObject({
      kind: 'cutoff',
      scope: 'target',
      code: 'model_too_large',
    });
  });

  it('says bulkhead_full when every sequence is busy and the queue is full', () => {
    expect(classifyLlamaCppError(queueFull)).toMatchObject({ kind: 'transient', code: 'bulkhead_full' });
  });

  it('tells a timeout from another abort', () => {
    expect(classifyLlamaCppError(new DOMException('late', 'TimeoutError'))).toMatchObject({
      kind: 'timeout',
    });
    expect(classifyLlamaCppError(new DOMException('stop', 'AbortError'))).toMatchObject({
      kind: 'transient',
      code: 'aborted',
    });
  });

  it('maps context overflows to context_length and other engine errors to transient', () => {
    expect(
      classifyLlamaCppError(new Error('The context size is too small to generate a response')),
    ).toMatchObject({
      kind: 'context_length',
    });
    expect(classifyLlamaCppError(new DisposedError('Object is disposed'))).toMatchObject({
      code: 'disposed',
    });
    expect(classifyLlamaCppError(new LlamaJsonSchemaValidationError('bad'))).toMatchObject({
      code: 'invalid_output',
    });
    expect(classifyLlamaCppError(new Error('ggml failed'))).toMatchObject({
      kind: 'transient',
      code: 'engine_error',
    });
    expect(classifyLlamaCppError('weird')).toMatchObject({
      kind: 'transient',
      code: 'engine_error',
      message: 'weird',
    });
  });

  it('removes secrets from messages', () => {
    const failure = classifyLlamaCppError(new Error('failed with key sk-proj-abcdefghijklmnopqrstuvwx'));
    expect(failure.message).not.toContain('abcdefghijklmnopqrstuvwx');
  });
});
