import { describe, expect, it } from 'vitest';
import { call, setup } from '../test-fixtures/router-harness.js';

const key = 'sk-proj-AbCdEf0123456789AbCdEf0123456789XYZ';
const googleKey = 'AIzaSyA1234567890abcdefghijklmnopqrstu';

describe('classifyAttemptError', () => {
  it('removes keys from the message of an error no adapter classified, before records and errors see it', async () => {
    const { model, sink } = setup({
      alpha: [{ error: new Error(`fetch https://api.example.com/v1?key=${googleKey} failed with ${key}`) }],
      beta: [{ text: 'served' }],
    });
    await model.doGenerate(call());
    const message = sink.records[0]?.attempts[0]?.message ?? '';
    expect(message).toContain('fetch https://api.example.com/v1?key=[redacted] failed with [redacted key]');
    expect(JSON.stringify(sink.records)).not.toContain('AbCdEf0123456789');
    expect(JSON.stringify(sink.records)).not.toContain('abcdefghijklmnop');
  });

  it("removes keys from the message of the router's classify option", async () => {
    const { model, sink } = setup(
      { alpha: [{ error: new Error('denied') }] },
      { classify: () => ({ kind: 'invalid_request', status: 400, message: `bad key ${key}` }) },
    );
    await expect(model.doGenerate(call())).rejects.toThrow('bad key [redacted key]');
    expect(JSON.stringify(sink.records)).not.toContain('AbCdEf0123456789');
  });
});
